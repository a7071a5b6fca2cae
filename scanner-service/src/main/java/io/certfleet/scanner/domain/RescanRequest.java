package io.certfleet.scanner.domain;

import io.certfleet.events.RenewalCompleted;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A request to scan a cluster again, e.g. because a renewal finished and its result must be observed from outside
 * (the served certificates changed, the files on disk changed).
 *
 * @param id the request
 * @param clusterId the cluster to scan
 * @param renewalId the renewal that asked for it
 * @param reason why, in words for people
 * @param sourceEventId the event that caused it
 * @param requestedAt when
 */
public record RescanRequest(
        UUID id, String clusterId, String renewalId, String reason, String sourceEventId, Instant requestedAt) {

    public RescanRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(clusterId, "clusterId");
        Objects.requireNonNull(renewalId, "renewalId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(sourceEventId, "sourceEventId");
        Objects.requireNonNull(requestedAt, "requestedAt");
    }

    /** The rescan that verifies a completed renewal. */
    public static RescanRequest after(RenewalCompleted renewal, String eventId, Instant now) {
        String nodes = renewal.nodes().isEmpty() ? "" : " on " + String.join(", ", renewal.nodes());
        return new RescanRequest(
                UUID.randomUUID(),
                renewal.clusterId(),
                renewal.renewalId(),
                "renewal " + renewal.renewalId() + " completed" + nodes + ": observe the new certificates",
                eventId,
                now);
    }
}
