package io.certfleet.notifier.domain;

import io.certfleet.events.ExpiryDetected;
import io.certfleet.events.ExpirySeverity;
import io.certfleet.events.RenewalFailed;
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
    /** The step renewal-service names when a person cancelled the renewal. */
    static final String CANCEL_STEP = "CANCEL";

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

    /** The problem key of a failed renewal: one notification per renewal, however often the event is delivered. */
    public static String problemKey(RenewalFailed failed) {
        return String.join("|", "renewal-failed", failed.clusterId(), failed.renewalId());
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

    /**
     * A renewal failed: CRITICAL, with the step, node, reason, whether a retry may help and where the node's backup is;
     * a cancel ({@code step CANCEL}) is INFO.
     *
     * @param alreadyOpen whether a notification with this problem key exists
     */
    public NotificationDecision onRenewalFailed(String eventId, RenewalFailed failed, boolean alreadyOpen) {
        String key = problemKey(failed);
        if (alreadyOpen) {
            return new NotificationDecision.Repeat(key, "already notified: " + key);
        }
        boolean cancelled = CANCEL_STEP.equals(failed.step());
        String where = failed.nodeName() == null ? "" : " on " + failed.nodeName();
        String title = cancelled
                ? "Renewal " + failed.renewalId() + " in " + failed.clusterId() + " was cancelled"
                : "Renewal " + failed.renewalId() + " in " + failed.clusterId() + " failed at " + failed.step() + where;
        String next = cancelled
                ? ""
                : failed.retryable()
                        ? " A retry may help: POST /renewals/" + failed.renewalId() + "/retry."
                        : " Something must be fixed before it is retried.";
        String backup = failed.backupLocation() == null
                ? ""
                : " The node's configuration before the renewal is in " + failed.backupLocation() + where + ".";
        return open(
                eventId,
                key,
                failed.clusterId(),
                NotificationKind.RENEWAL_FAILED,
                cancelled ? "INFO" : "CRITICAL",
                title,
                failed.reason() + (failed.reason().endsWith(".") ? "" : ".") + next + backup);
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
