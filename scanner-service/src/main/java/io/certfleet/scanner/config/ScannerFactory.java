package io.certfleet.scanner.config;

import io.certfleet.pki.read.CertificateReader;
import io.certfleet.pki.read.ReadOptions;
import io.certfleet.scanner.domain.expiry.ExpiryClassifier;
import io.certfleet.scanner.domain.expiry.ExpiryThresholds;
import io.certfleet.scanner.domain.expiry.LabelSelector;
import io.certfleet.scanner.domain.expiry.ThresholdPolicy;
import io.certfleet.scanner.domain.scan.ScanSchedule;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/** The scanner's domain objects, built once from its settings. */
@Factory
final class ScannerFactory {

    @Singleton
    ThresholdPolicy thresholdPolicy(ScannerSettings settings, List<ThresholdRuleSettings> rules) {
        List<ThresholdPolicy.Rule> ordered = rules.stream()
                .sorted(Comparator.comparingInt(ThresholdRuleSettings::order)
                        .thenComparing(ThresholdRuleSettings::name))
                .map(rule -> new ThresholdPolicy.Rule(
                        rule.name(),
                        LabelSelector.parse(rule.selector()),
                        new ExpiryThresholds(rule.warning(), rule.critical())))
                .toList();
        return new ThresholdPolicy(
                new ExpiryThresholds(settings.warningThreshold(), settings.criticalThreshold()), ordered);
    }

    @Singleton
    ScanSchedule scanSchedule(ScannerSettings settings) {
        return new ScanSchedule(settings.scanInterval(), settings.scanJitter());
    }

    @Singleton
    ExpiryClassifier expiryClassifier(Clock clock) {
        return new ExpiryClassifier(clock);
    }

    @Singleton
    CertificateReader certificateReader() {
        return new CertificateReader(ReadOptions.defaults());
    }

    /** Only spreads scan times; nothing secret depends on it. */
    @Singleton
    RandomGenerator scheduleRandom() {
        return new SecureRandom();
    }
}
