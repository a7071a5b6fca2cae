package io.certfleet.nodeaccess;

import io.certfleet.nodeagent.NodeRequest;
import java.time.Duration;

/** How long an operation may run on the node: the configured base, plus what a request itself asks to wait. */
final class OperationDeadline {
    private OperationDeadline() {}

    static Duration of(NodeRequest request, Duration base) {
        return switch (request) {
            // the agent waits up to timeoutSeconds for each component's new container
            case NodeRequest.RestartControlPlane restart ->
                base.plus(Duration.ofSeconds(
                        (long) restart.timeoutSeconds() * restart.components().size()));
            case NodeRequest.Verify verify -> base.plus(Duration.ofSeconds(3L * verify.timeoutSeconds()));
            default -> base;
        };
    }
}
