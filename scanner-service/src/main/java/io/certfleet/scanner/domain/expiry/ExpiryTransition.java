package io.certfleet.scanner.domain.expiry;

import io.certfleet.events.ExpirySeverity;
import java.util.Objects;
import java.util.Optional;

/**
 * What one observation of a certificate at a location means for expiry alerts, decided by {@link ExpiryClassifier}.
 * Only {@link Detected} and {@link Resolved} produce events; every variant says which severity the inventory keeps.
 */
public sealed interface ExpiryTransition {

    /** The severity the location holds after this observation (empty: outside every threshold). */
    Optional<ExpirySeverity> severityAfter();

    /** Why, for people and logs. */
    String reason();

    /**
     * Nothing to announce: the same certificate is still where it was relative to the thresholds (or moved away from
     * expiry because the thresholds were relaxed, which is no crossing).
     */
    record NoChange(Optional<ExpirySeverity> severityAfter, String reason) implements ExpiryTransition {
        public NoChange {
            Objects.requireNonNull(severityAfter, "severityAfter");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * A threshold was crossed: a certificate was seen inside one for the first time, escalated (WARNING → CRITICAL →
     * EXPIRED), or a new certificate at the location is still inside one. Emits {@code ExpiryDetected}.
     */
    record Detected(ExpirySeverity severity, Optional<ExpirySeverity> previous, String reason)
            implements ExpiryTransition {
        public Detected {
            Objects.requireNonNull(severity, "severity");
            Objects.requireNonNull(previous, "previous");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public Optional<ExpirySeverity> severityAfter() {
            return Optional.of(severity);
        }
    }

    /**
     * The location was inside a threshold and now holds a certificate outside every threshold (usually a renewed one).
     * Emits {@code ExpiryResolved}.
     */
    record Resolved(String previousSha256, String sha256, ExpirySeverity previous, String reason)
            implements ExpiryTransition {
        public Resolved {
            Objects.requireNonNull(previousSha256, "previousSha256");
            Objects.requireNonNull(sha256, "sha256");
            Objects.requireNonNull(previous, "previous");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public Optional<ExpirySeverity> severityAfter() {
            return Optional.empty();
        }
    }
}
