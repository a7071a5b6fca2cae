package io.certfleet.scanner.domain.scan;

import io.certfleet.events.RenewalCompleted;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A request to scan a cluster now rather than at its next scheduled time: a finished renewal whose result must be
 * observed from outside (files on disk and served certificates changed), or someone asking through the API.
 *
 * @param id the request
 * @param clusterId the cluster to scan
 * @param reason why, in words for people
 * @param renewalId the renewal that asked for it, if one did
 * @param sourceEventId the event that caused it, if one did
 * @param requestedAt when
 */
public record ScanRequest(
        UUID id,
        String clusterId,
        String reason,
        Optional<String> renewalId,
        Optional<String> sourceEventId,
        Instant requestedAt) {

    public ScanRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(clusterId, "clusterId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(renewalId, "renewalId");
        Objects.requireNonNull(sourceEventId, "sourceEventId");
        Objects.requireNonNull(requestedAt, "requestedAt");
    }

    /** The rescan that verifies a completed renewal. */
    public static ScanRequest after(RenewalCompleted renewal, String eventId, Instant now) {
        String nodes = renewal.nodes().isEmpty() ? "" : " on " + String.join(", ", renewal.nodes());
        return new ScanRequest(
                UUID.randomUUID(),
                renewal.clusterId(),
                "renewal " + renewal.renewalId() + " completed" + nodes + ": observe the new certificates",
                Optional.of(renewal.renewalId()),
                Optional.of(eventId),
                now);
    }

    /** A scan asked for through the API. */
    public static ScanRequest onDemand(String clusterId, String reason, Instant now) {
        return new ScanRequest(UUID.randomUUID(), clusterId, reason, Optional.empty(), Optional.empty(), now);
    }
}
