package io.certfleet.nodeaccess;

import io.certfleet.nodeagent.FailureReason;
import java.util.Objects;

/**
 * A node could not be reached or addressed: no API client, no key, no address, a refused host key. Ports of
 * this module throw it; the executors turn it into a {@link io.certfleet.nodeagent.NodeResponse.Failed} with
 * the same reason. Its message names clusters, nodes, Secrets and hosts, never key material.
 */
public class NodeAccessException extends RuntimeException {

    private final FailureReason reason;

    public NodeAccessException(FailureReason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public FailureReason reason() {
        return reason;
    }
}
