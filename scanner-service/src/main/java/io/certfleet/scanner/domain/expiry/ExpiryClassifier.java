package io.certfleet.scanner.domain.expiry;

import io.certfleet.events.ExpirySeverity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides, for one certificate observed at one location, whether an expiry alert starts, escalates, ends or stays as
 * it was, given what the inventory knew about the location. Pure: the only input besides its arguments is the clock.
 *
 * <p>Alerts fire on transitions only, so a fleet scanned every hour does not repeat itself:
 *
 * <ul>
 *   <li>first sight of a location: Detected when inside a threshold, else NoChange;
 *   <li>same certificate: Detected when it is now in a more severe band (WARNING → CRITICAL → EXPIRED), else
 *       NoChange; a less severe band can only come from relaxed thresholds and is recorded without an alert, or
 *       Resolved if it leaves every band;
 *   <li>another certificate at the location: Resolved when the old one was inside a threshold and the new one is
 *       outside all; Detected when the new one is itself inside a threshold (a renewal that did not help); else
 *       NoChange.
 * </ul>
 */
public final class ExpiryClassifier {
    private final Clock clock;

    public ExpiryClassifier(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param previous what the inventory knew about the location, empty the first time it is seen
     * @param sha256 fingerprint of the certificate now at the location
     * @param notAfter its expiry
     * @param thresholds the cluster's thresholds
     */
    public ExpiryTransition classify(
            Optional<TrackedCertificate> previous, String sha256, Instant notAfter, ExpiryThresholds thresholds) {
        Instant now = clock.instant();
        Optional<ExpirySeverity> severity = thresholds.severityAt(notAfter, now);
        String residual = residual(notAfter, now);
        if (previous.isEmpty()) {
            return severity.<ExpiryTransition>map(s -> new ExpiryTransition.Detected(
                            s, Optional.empty(), "first seen " + describe(s, residual, thresholds)))
                    .orElseGet(() -> new ExpiryTransition.NoChange(
                            Optional.empty(), "first seen, " + residual + ", outside " + thresholds));
        }
        TrackedCertificate before = previous.get();
        Optional<ExpirySeverity> was = before.severity();
        if (before.sha256().equals(sha256)) {
            return sameCertificate(was, severity, residual, thresholds, sha256);
        }
        return replaced(before, was, severity, residual, thresholds, sha256);
    }

    private static ExpiryTransition sameCertificate(
            Optional<ExpirySeverity> was,
            Optional<ExpirySeverity> now,
            String residual,
            ExpiryThresholds thresholds,
            String sha256) {
        int before = rank(was);
        int after = rank(now);
        if (after > before) {
            ExpirySeverity severity = now.orElseThrow();
            return new ExpiryTransition.Detected(
                    severity,
                    was,
                    was.map(w -> "escalated from " + w + ": ").orElse("crossed a threshold: ")
                            + describe(severity, residual, thresholds));
        }
        if (after == before) {
            return new ExpiryTransition.NoChange(
                    now, now.map(s -> "still " + s).orElse("still outside every threshold") + ", " + residual);
        }
        if (now.isEmpty()) {
            return new ExpiryTransition.Resolved(
                    sha256,
                    sha256,
                    was.orElseThrow(),
                    "same certificate, now outside the relaxed thresholds " + thresholds + " (" + residual + ")");
        }
        return new ExpiryTransition.NoChange(
                now,
                "thresholds relaxed: " + was.orElseThrow() + " became " + now.get() + " without a crossing, "
                        + residual);
    }

    private static ExpiryTransition replaced(
            TrackedCertificate before,
            Optional<ExpirySeverity> was,
            Optional<ExpirySeverity> now,
            String residual,
            ExpiryThresholds thresholds,
            String sha256) {
        if (now.isPresent()) {
            return new ExpiryTransition.Detected(
                    now.get(),
                    was,
                    "a new certificate replaced " + shortSha(before.sha256()) + " and is still inside a threshold: "
                            + describe(now.get(), residual, thresholds));
        }
        if (was.isPresent()) {
            return new ExpiryTransition.Resolved(
                    before.sha256(),
                    sha256,
                    was.get(),
                    "replaced " + shortSha(before.sha256()) + " (" + was.get() + ") by a certificate outside "
                            + thresholds + " (" + residual + ")");
        }
        return new ExpiryTransition.NoChange(
                Optional.empty(), "replaced by another certificate outside every threshold, " + residual);
    }

    private static int rank(Optional<ExpirySeverity> severity) {
        return severity.map(s -> s.ordinal() + 1).orElse(0);
    }

    private static String describe(ExpirySeverity severity, String residual, ExpiryThresholds thresholds) {
        return severity + " (" + residual + ", thresholds " + thresholds + ")";
    }

    private static String residual(Instant notAfter, Instant now) {
        Duration left = Duration.between(now, notAfter);
        if (left.isNegative()) {
            return "expired " + humanize(left.negated()) + " ago";
        }
        return humanize(left) + " left";
    }

    private static String humanize(Duration d) {
        if (d.toDays() > 0) {
            return d.toDays() + "d" + (d.toHoursPart() > 0 ? d.toHoursPart() + "h" : "");
        }
        if (d.toHours() > 0) {
            return d.toHours() + "h" + (d.toMinutesPart() > 0 ? d.toMinutesPart() + "m" : "");
        }
        return d.toMinutes() + "m" + d.toSecondsPart() + "s";
    }

    private static String shortSha(String sha256) {
        return sha256.length() > 12 ? sha256.substring(0, 12) : sha256;
    }
}
