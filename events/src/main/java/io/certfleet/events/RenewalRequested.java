package io.certfleet.events;

import java.time.Instant;
import java.util.List;

/**
 * A renewal was decided. Emitted by renewal-service, on topic {@link Topics#RENEWALS}.
 *
 * @param renewalId the renewal; correlates every later renewal event
 * @param clusterId the cluster
 * @param certificates the certificates to renew
 * @param strategy how they will be renewed
 * @param reason why, e.g. {@code apiserver expires in 6 days (CRITICAL)}
 * @param requestedBy who or what asked: {@code policy}, {@code chatops:alice}, {@code cli:bob}
 * @param windowStart start of the maintenance window it waits for; absent to run as soon as possible
 * @param windowEnd end of that window; not before {@code windowStart}
 * @param approvalRequired whether it waits for an {@link ApprovalGranted}
 */
public record RenewalRequested(
        String renewalId,
        String clusterId,
        List<CertificateRef> certificates,
        RenewalStrategy strategy,
        String reason,
        String requestedBy,
        @OptionalField Instant windowStart,
        @OptionalField Instant windowEnd,
        boolean approvalRequired)
        implements EventData {
    public RenewalRequested {
        Fields.text(renewalId, "renewalId");
        Fields.text(clusterId, "clusterId");
        certificates = Fields.list(certificates, "certificates");
        Fields.required(strategy, "strategy");
        Fields.text(reason, "reason");
        Fields.text(requestedBy, "requestedBy");
        if (windowStart != null && windowEnd != null && windowEnd.isBefore(windowStart)) {
            throw new IllegalArgumentException("windowEnd must not be before windowStart");
        }
    }
}
