package io.certfleet.notifier.domain;

import io.certfleet.events.ExpiryDetected;
import io.certfleet.events.ExpirySeverity;
import io.certfleet.events.RenewalRequested;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Decides what people hear about. One notification per problem key, so a scanner repeating itself never spams: an
 * expiry's key is its cluster, node, location and severity (a worse severity is news); a renewal's key is its id.
 */
public final class NotificationRules {
    private final Clock clock;

    public NotificationRules(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The problem key of an expiry. */
    public static String problemKey(ExpiryDetected expiry) {
        return String.join(
                "|",
                "expiry",
                expiry.clusterId(),
                expiry.nodeName() == null ? "" : expiry.nodeName(),
                expiry.location(),
                expiry.severity().name());
    }

    /** The problem key of a renewal request. */
    public static String problemKey(RenewalRequested renewal) {
        return String.join("|", "renewal", renewal.clusterId(), renewal.renewalId());
    }

    /**
     * @param alreadyOpen whether a notification with this problem key exists
     */
    public NotificationDecision onExpiry(String eventId, ExpiryDetected expiry, boolean alreadyOpen) {
        String key = problemKey(expiry);
        if (alreadyOpen) {
            return new NotificationDecision.Repeat(key, "already notified: " + key);
        }
        String what = expiry.kubeadmName() != null ? expiry.kubeadmName() : expiry.location();
        String where = (expiry.nodeName() != null ? " on " + expiry.nodeName() : "") + " in " + expiry.clusterId();
        String when = expiry.severity() == ExpirySeverity.EXPIRED
                ? "expired at " + expiry.notAfter()
                : "expires at " + expiry.notAfter();
        return open(
                eventId,
                key,
                expiry.clusterId(),
                NotificationKind.EXPIRY,
                expiry.severity().name(),
                what + where + " is " + expiry.severity(),
                expiry.location() + " " + when);
    }

    /**
     * @param alreadyOpen whether a notification with this problem key exists
     */
    public NotificationDecision onRenewalRequested(String eventId, RenewalRequested renewal, boolean alreadyOpen) {
        String key = problemKey(renewal);
        if (alreadyOpen) {
            return new NotificationDecision.Repeat(key, "already notified: " + key);
        }
        return open(
                eventId,
                key,
                renewal.clusterId(),
                NotificationKind.RENEWAL_REQUESTED,
                renewal.approvalRequired() ? "APPROVAL_REQUIRED" : "INFO",
                "Renewal " + renewal.renewalId() + " of "
                        + renewal.certificates().size() + " certificate(s) in " + renewal.clusterId()
                        + (renewal.approvalRequired() ? " needs approval" : " requested"),
                renewal.reason() + " (strategy " + renewal.strategy() + ", requested by " + renewal.requestedBy()
                        + ")");
    }

    private NotificationDecision open(
            String eventId,
            String key,
            String clusterId,
            NotificationKind kind,
            String severity,
            String title,
            String detail) {
        Instant now = clock.instant();
        return new NotificationDecision.Open(new Notification(
                UUID.randomUUID(), key, clusterId, kind, severity, title, detail, 1, now, now, eventId));
    }
}
