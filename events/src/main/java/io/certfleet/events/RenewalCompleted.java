package io.certfleet.events;

import java.time.Instant;
import java.util.List;

/**
 * A renewal finished successfully on every node. Emitted by renewal-service, on topic {@link Topics#RENEWALS}.
 *
 * @param renewalId the renewal
 * @param clusterId the cluster
 * @param nodes the nodes renewed, in order
 * @param completedAt when the last node was verified
 */
public record RenewalCompleted(String renewalId, String clusterId, List<String> nodes, Instant completedAt)
        implements EventData {
    public RenewalCompleted {
        Fields.text(renewalId, "renewalId");
        Fields.text(clusterId, "clusterId");
        nodes = Fields.list(nodes, "nodes");
        Fields.required(completedAt, "completedAt");
    }
}
