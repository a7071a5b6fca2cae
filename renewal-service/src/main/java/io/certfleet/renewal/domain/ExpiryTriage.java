package io.certfleet.renewal.domain;

import io.certfleet.events.CertificateRef;
import io.certfleet.events.ExpiryDetected;
import io.certfleet.events.RenewalStrategy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns an {@link ExpiryDetected} into a {@link RenewalDecision}: one open renewal per certificate location, decided
 * by policy, approval as configured. Strategy selection (kubeadm in place, Cluster API rollout, external CA, via an
 * upgrade) is not decided here yet: every renewal is {@link RenewalStrategy#KUBEADM_IN_PLACE} until the cluster
 * inventory tells the strategies apart.
 */
public final class ExpiryTriage {
    /** {@code requestedBy} of renewals certfleet decides on its own. */
    public static final String POLICY = "policy";

    private final boolean approvalRequired;
    private final Clock clock;

    /**
     * @param approvalRequired whether every renewal waits for a person's approval
     * @param clock the service's clock
     */
    public ExpiryTriage(boolean approvalRequired, Clock clock) {
        this.approvalRequired = approvalRequired;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param eventId the id of the ExpiryDetected event
     * @param expiry what the scanner saw
     * @param open the open renewal of the same certificate location, if any
     */
    public RenewalDecision decide(String eventId, ExpiryDetected expiry, Optional<Renewal> open) {
        if (open.isPresent()) {
            Renewal existing = open.get();
            return new RenewalDecision.AlreadyOpen(
                    existing.id(),
                    "renewal " + existing.id() + " of " + describe(expiry) + " is already " + existing.state());
        }
        Instant now = clock.instant();
        CertificateRef certificate =
                new CertificateRef(expiry.nodeName(), expiry.location(), expiry.kubeadmName(), expiry.sha256());
        Renewal renewal = new Renewal(
                UUID.randomUUID(),
                expiry.clusterId(),
                certificate,
                expiry.severity(),
                expiry.notAfter(),
                RenewalState.REQUESTED,
                RenewalStrategy.KUBEADM_IN_PLACE,
                describe(expiry) + " is " + expiry.severity() + ": " + timeLeft(expiry.notAfter(), now),
                approvalRequired,
                POLICY,
                eventId,
                now);
        return new RenewalDecision.Request(renewal);
    }

    private static String describe(ExpiryDetected expiry) {
        String what = expiry.kubeadmName() != null ? expiry.kubeadmName() : expiry.location();
        return what + (expiry.nodeName() != null ? " on " + expiry.nodeName() : "");
    }

    static String timeLeft(Instant notAfter, Instant now) {
        Duration left = Duration.between(now, notAfter);
        if (left.isNegative() || left.isZero()) {
            return "expired " + notAfter;
        }
        long days = left.toDays();
        long hours = left.minusDays(days).toHours();
        return "expires " + notAfter + " (" + days + "d " + hours + "h left)";
    }
}
