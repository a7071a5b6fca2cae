package io.certfleet.renewal.domain;

import io.certfleet.events.CertificateRef;
import io.certfleet.events.ExpirySeverity;
import io.certfleet.events.RenewalRequested;
import io.certfleet.events.RenewalStrategy;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A renewal of one certificate at one location of one cluster.
 *
 * @param id the renewal id (also the {@code renewalId} of its events)
 * @param certificate which certificate, where
 * @param clusterId the cluster
 * @param severity how close to expiry it was when the renewal was decided
 * @param notAfter when the certificate expires
 * @param state where the renewal is
 * @param strategy how it will be renewed
 * @param reason why, in words for people
 * @param approvalRequired whether a person must approve before it runs
 * @param requestedBy who or what decided it ({@code policy} for automatic decisions)
 * @param sourceEventId the event that caused it
 * @param requestedAt when it was decided
 */
public record Renewal(
        UUID id,
        String clusterId,
        CertificateRef certificate,
        ExpirySeverity severity,
        Instant notAfter,
        RenewalState state,
        RenewalStrategy strategy,
        String reason,
        boolean approvalRequired,
        String requestedBy,
        String sourceEventId,
        Instant requestedAt) {

    public Renewal {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(clusterId, "clusterId");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(sourceEventId, "sourceEventId");
        Objects.requireNonNull(requestedAt, "requestedAt");
    }

    /** The event announcing this renewal. */
    public RenewalRequested requestedEvent() {
        return new RenewalRequested(
                id.toString(),
                clusterId,
                List.of(certificate),
                strategy,
                reason,
                requestedBy,
                null,
                null,
                approvalRequired);
    }
}
