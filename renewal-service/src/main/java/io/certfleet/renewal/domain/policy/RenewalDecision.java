package io.certfleet.renewal.domain.policy;

import io.certfleet.events.RenewalStrategy;
import java.util.Objects;
import java.util.Optional;

/**
 * What to do about a certificate that crossed an expiry threshold, always with a reason people can read. Produced by
 * {@link RenewalPolicy#decide}.
 */
public sealed interface RenewalDecision {

    /** Why, for logs, events and people. */
    String reason();

    /**
     * Renew as soon as a worker picks it up.
     *
     * @param window the maintenance window it runs in, when the cluster has windows and one is open (or none is
     *     early enough)
     */
    record RenewNow(
            RenewalStrategy strategy, NodeAccessPath access, Optional<MaintenanceWindow.Opening> window, String reason)
            implements RenewalDecision {
        public RenewNow {
            Objects.requireNonNull(strategy, "strategy");
            Objects.requireNonNull(access, "access");
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Renew, but not before the cluster's next maintenance window opens. */
    record Postpone(RenewalStrategy strategy, NodeAccessPath access, MaintenanceWindow.Opening window, String reason)
            implements RenewalDecision {
        public Postpone {
            Objects.requireNonNull(strategy, "strategy");
            Objects.requireNonNull(access, "access");
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Renew once a person approved it (ApprovalGranted or the API), then as the window says.
     *
     * @param window the opening it would run in; empty to run as soon as it is approved
     */
    record AwaitApproval(
            RenewalStrategy strategy, NodeAccessPath access, Optional<MaintenanceWindow.Opening> window, String reason)
            implements RenewalDecision {
        public AwaitApproval {
            Objects.requireNonNull(strategy, "strategy");
            Objects.requireNonNull(access, "access");
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** An upgrade already planned finishes before expiry and renews every certificate: hand over to it. */
    record ViaUpgrade(String upgradeId, String reason) implements RenewalDecision {
        public ViaUpgrade {
            Objects.requireNonNull(upgradeId, "upgradeId");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Nothing for renewal-service to do (e.g. the kubelet rotates the certificate itself). */
    record Noop(String reason) implements RenewalDecision {
        public Noop {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Renewing would be wrong (e.g. the CA itself has expired); a person must act. */
    record Refuse(String reason) implements RenewalDecision {
        public Refuse {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
