package io.certfleet.notifier.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One problem people are told about, once. Repeated sightings of the same problem only count up
 * {@code occurrences}; a different problem (another certificate, or the same one at a worse severity) is another
 * notification. Delivery to channels (chat, tickets, paging) is not implemented yet, so every notification stays
 * {@code PENDING}.
 *
 * @param id the notification
 * @param problemKey what makes two sightings the same problem, e.g. {@code
 *     expiry|prod|cp-1|/etc/kubernetes/pki/apiserver.crt|CRITICAL}
 * @param clusterId the cluster
 * @param kind what it is about
 * @param severity e.g. {@code CRITICAL}, {@code APPROVAL_REQUIRED}
 * @param title one line for people
 * @param detail more words for people
 * @param occurrences how many times the problem was reported
 * @param firstSeenAt first report
 * @param lastSeenAt latest report
 * @param sourceEventId the event that opened it
 */
public record Notification(
        UUID id,
        String problemKey,
        String clusterId,
        NotificationKind kind,
        String severity,
        String title,
        String detail,
        int occurrences,
        Instant firstSeenAt,
        Instant lastSeenAt,
        String sourceEventId) {

    /** Delivery status until channels exist. */
    public static final String PENDING = "PENDING";

    public Notification {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(problemKey, "problemKey");
        Objects.requireNonNull(clusterId, "clusterId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(firstSeenAt, "firstSeenAt");
        Objects.requireNonNull(lastSeenAt, "lastSeenAt");
        Objects.requireNonNull(sourceEventId, "sourceEventId");
    }
}
