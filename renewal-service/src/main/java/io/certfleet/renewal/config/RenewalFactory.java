package io.certfleet.renewal.config;

import io.certfleet.events.RenewalStrategy;
import io.certfleet.renewal.domain.policy.LabelSelector;
import io.certfleet.renewal.domain.policy.MaintenanceSchedule;
import io.certfleet.renewal.domain.policy.PolicyDefaults;
import io.certfleet.renewal.domain.policy.PolicyRule;
import io.certfleet.renewal.domain.policy.RenewalPolicy;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The renewal policy, built once from the settings (bad windows or selectors stop the service at start). */
@Factory
final class RenewalFactory {

    @Singleton
    RenewalPolicy renewalPolicy(RenewalSettings settings, List<PolicyRuleSettings> rules, Clock clock) {
        List<PolicyRule> ordered = rules.stream()
                .sorted(Comparator.comparingInt(PolicyRuleSettings::order).thenComparing(PolicyRuleSettings::name))
                .map(RenewalFactory::rule)
                .toList();
        return new RenewalPolicy(
                new PolicyDefaults(
                        settings.approvalRequired(),
                        MaintenanceSchedule.parse(settings.maintenanceWindows()),
                        settings.expiryMargin()),
                ordered,
                clock);
    }

    private static PolicyRule rule(PolicyRuleSettings rule) {
        try {
            return new PolicyRule(
                    rule.name(),
                    LabelSelector.parse(rule.selector()),
                    Optional.ofNullable(rule.approvalRequired()),
                    Optional.ofNullable(rule.maintenanceWindows()).map(MaintenanceSchedule::parse),
                    Optional.ofNullable(rule.strategy())
                            .filter(s -> !s.isBlank())
                            .map(s -> RenewalStrategy.valueOf(
                                    s.strip().toUpperCase(Locale.ROOT).replace('-', '_'))));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("certfleet.renewal.rules." + rule.name() + ": " + e.getMessage(), e);
        }
    }
}
