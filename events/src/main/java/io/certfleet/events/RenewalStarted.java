package io.certfleet.events;

import java.util.List;

/**
 * A renewal began executing. Emitted by renewal-service, on topic {@link Topics#RENEWALS}.
 *
 * @param renewalId the renewal
 * @param clusterId the cluster
 * @param strategy the strategy being executed
 * @param nodes the nodes it will touch, in the order it will touch them (one control-plane node at a time)
 */
public record RenewalStarted(String renewalId, String clusterId, RenewalStrategy strategy, List<String> nodes)
        implements EventData {
    public RenewalStarted {
        Fields.text(renewalId, "renewalId");
        Fields.text(clusterId, "clusterId");
        Fields.required(strategy, "strategy");
        nodes = Fields.list(nodes, "nodes");
    }
}
