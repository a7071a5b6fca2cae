package io.certfleet.scanner.domain.expiry;

import static org.assertj.core.api.Assertions.assertThat;

import io.certfleet.events.ExpirySeverity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A certificate's life through the classifier: fresh → inside the window → crossings → expired → resolved. */
class ExpiryClassifierTest {
    private static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant NOT_AFTER = ISSUED.plus(Duration.ofDays(365));
    private static final String OLD = "a".repeat(64);
    private static final String NEW = "b".repeat(64);
    private static final ExpiryThresholds DEFAULTS = ExpiryThresholds.DEFAULTS;

    private static ExpiryClassifier at(Instant now) {
        return new ExpiryClassifier(Clock.fixed(now, ZoneOffset.UTC));
    }

    private static Optional<TrackedCertificate> tracked(String sha, ExpirySeverity severity) {
        return Optional.of(new TrackedCertificate(sha, Optional.ofNullable(severity)));
    }

    @Test
    void freshCertificateSeenFirstIsNoAlert() {
        ExpiryTransition t = at(ISSUED.plus(Duration.ofDays(10))).classify(Optional.empty(), OLD, NOT_AFTER, DEFAULTS);

        assertThat(t).isInstanceOf(ExpiryTransition.NoChange.class);
        assertThat(t.severityAfter()).isEmpty();
        assertThat(t.reason()).contains("first seen").contains("355d left");
    }

    @Test
    void walksThroughEveryCrossingOnceAndThenResolves() {
        // fresh
        Optional<TrackedCertificate> known = tracked(OLD, null);
        ExpiryTransition t = at(NOT_AFTER.minus(Duration.ofDays(31))).classify(known, OLD, NOT_AFTER, DEFAULTS);
        assertThat(t).isInstanceOf(ExpiryTransition.NoChange.class);

        // 29 days left: crosses WARNING
        t = at(NOT_AFTER.minus(Duration.ofDays(29))).classify(known, OLD, NOT_AFTER, DEFAULTS);
        assertThat(t).isEqualTo(new ExpiryTransition.Detected(ExpirySeverity.WARNING, Optional.empty(), t.reason()));
        known = tracked(OLD, ExpirySeverity.WARNING);

        // still WARNING a day later: nothing new
        t = at(NOT_AFTER.minus(Duration.ofDays(28))).classify(known, OLD, NOT_AFTER, DEFAULTS);
        assertThat(t).isInstanceOf(ExpiryTransition.NoChange.class);
        assertThat(t.severityAfter()).contains(ExpirySeverity.WARNING);

        // 6 days left: escalates to CRITICAL
        t = at(NOT_AFTER.minus(Duration.ofDays(6))).classify(known, OLD, NOT_AFTER, DEFAULTS);
        assertThat(t).isInstanceOf(ExpiryTransition.Detected.class);
        assertThat(((ExpiryTransition.Detected) t).severity()).isEqualTo(ExpirySeverity.CRITICAL);
        assertThat(((ExpiryTransition.Detected) t).previous()).contains(ExpirySeverity.WARNING);
        assertThat(t.reason()).startsWith("escalated from WARNING");
        known = tracked(OLD, ExpirySeverity.CRITICAL);

        // exactly at notAfter it is still valid (RFC 5280): CRITICAL, no change
        t = at(NOT_AFTER).classify(known, OLD, NOT_AFTER, DEFAULTS);
        assertThat(t).isInstanceOf(ExpiryTransition.NoChange.class);

        // one second later: EXPIRED
        t = at(NOT_AFTER.plusSeconds(1)).classify(known, OLD, NOT_AFTER, DEFAULTS);
        assertThat(t).isInstanceOf(ExpiryTransition.Detected.class);
        assertThat(t.severityAfter()).contains(ExpirySeverity.EXPIRED);
        known = tracked(OLD, ExpirySeverity.EXPIRED);

        // renewed: a new certificate for a year at the same location
        Instant renewedAt = NOT_AFTER.plus(Duration.ofDays(1));
        t = at(renewedAt).classify(known, NEW, renewedAt.plus(Duration.ofDays(365)), DEFAULTS);
        assertThat(t).isInstanceOf(ExpiryTransition.Resolved.class);
        ExpiryTransition.Resolved resolved = (ExpiryTransition.Resolved) t;
        assertThat(resolved.previousSha256()).isEqualTo(OLD);
        assertThat(resolved.sha256()).isEqualTo(NEW);
        assertThat(resolved.previous()).isEqualTo(ExpirySeverity.EXPIRED);
        assertThat(t.severityAfter()).isEmpty();
    }

    @Test
    void firstSightInsideAWindowIsDetectedWithoutPreviousSeverity() {
        ExpiryTransition t =
                at(NOT_AFTER.minus(Duration.ofDays(3))).classify(Optional.empty(), OLD, NOT_AFTER, DEFAULTS);

        assertThat(t).isInstanceOf(ExpiryTransition.Detected.class);
        assertThat(((ExpiryTransition.Detected) t).severity()).isEqualTo(ExpirySeverity.CRITICAL);
        assertThat(((ExpiryTransition.Detected) t).previous()).isEmpty();
    }

    @Test
    void jumpingStraightFromFreshToExpiredIsOneDetection() {
        ExpiryTransition t =
                at(NOT_AFTER.plus(Duration.ofDays(2))).classify(tracked(OLD, null), OLD, NOT_AFTER, DEFAULTS);

        assertThat(t.severityAfter()).contains(ExpirySeverity.EXPIRED);
        assertThat(((ExpiryTransition.Detected) t).previous()).isEmpty();
    }

    @Test
    void aReplacementStillInsideAThresholdIsDetectedAgain() {
        Instant now = NOT_AFTER.minus(Duration.ofDays(5));
        Instant replacementNotAfter = now.plus(Duration.ofDays(20));

        ExpiryTransition t =
                at(now).classify(tracked(OLD, ExpirySeverity.CRITICAL), NEW, replacementNotAfter, DEFAULTS);

        assertThat(t).isInstanceOf(ExpiryTransition.Detected.class);
        assertThat(((ExpiryTransition.Detected) t).severity()).isEqualTo(ExpirySeverity.WARNING);
        assertThat(((ExpiryTransition.Detected) t).previous()).contains(ExpirySeverity.CRITICAL);
        assertThat(t.reason()).contains("a new certificate replaced");
    }

    @Test
    void replacingAFreshCertificateByAnotherFreshOneIsNoAlert() {
        Instant now = ISSUED.plus(Duration.ofDays(100));

        ExpiryTransition t = at(now).classify(tracked(OLD, null), NEW, now.plus(Duration.ofDays(365)), DEFAULTS);

        assertThat(t).isInstanceOf(ExpiryTransition.NoChange.class);
    }

    @Test
    void relaxedThresholdsDoNotAlertButResolveWhenTheCertificateLeavesEveryBand() {
        Instant now = NOT_AFTER.minus(Duration.ofDays(20));
        ExpiryThresholds relaxed = new ExpiryThresholds(Duration.ofDays(10), Duration.ofDays(2));
        ExpiryThresholds middle = new ExpiryThresholds(Duration.ofDays(30), Duration.ofDays(10));

        ExpiryTransition down = at(now).classify(tracked(OLD, ExpirySeverity.CRITICAL), OLD, NOT_AFTER, middle);
        ExpiryTransition out = at(now).classify(tracked(OLD, ExpirySeverity.WARNING), OLD, NOT_AFTER, relaxed);

        assertThat(down).isInstanceOf(ExpiryTransition.NoChange.class);
        assertThat(down.severityAfter()).contains(ExpirySeverity.WARNING);
        assertThat(out).isInstanceOf(ExpiryTransition.Resolved.class);
        assertThat(((ExpiryTransition.Resolved) out).sha256()).isEqualTo(OLD);
    }

    @Test
    void tighterThresholdsOfAClusterAlertEarlier() {
        Instant now = NOT_AFTER.minus(Duration.ofDays(40));
        ExpiryThresholds prod = ExpiryThresholds.parse("45d-14d");

        assertThat(at(now).classify(tracked(OLD, null), OLD, NOT_AFTER, DEFAULTS))
                .isInstanceOf(ExpiryTransition.NoChange.class);
        assertThat(at(now).classify(tracked(OLD, null), OLD, NOT_AFTER, prod).severityAfter())
                .contains(ExpirySeverity.WARNING);
    }
}
