package io.certfleet.renewal.domain.policy;

import io.certfleet.events.RenewalStrategy;
import java.util.Objects;
import java.util.Optional;

/**
 * The renewal policy of the clusters a selector picks; what a rule leaves empty comes from the defaults.
 *
 * @param name the rule's name (in reasons and logs)
 * @param selector the clusters it applies to
 * @param approvalRequired whether a person must approve their renewals
 * @param schedule their maintenance windows
 * @param strategy a strategy forced for them instead of the flavour's
 */
public record PolicyRule(
        String name,
        LabelSelector selector,
        Optional<Boolean> approvalRequired,
        Optional<MaintenanceSchedule> schedule,
        Optional<RenewalStrategy> strategy) {
    public PolicyRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(approvalRequired, "approvalRequired");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(strategy, "strategy");
    }
}
