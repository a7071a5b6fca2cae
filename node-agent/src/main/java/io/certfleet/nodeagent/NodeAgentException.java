package io.certfleet.nodeagent;

import java.util.Objects;

/** A node operation could not be carried out; becomes a {@link NodeResponse.Failed}. */
public class NodeAgentException extends RuntimeException {

    private final FailureReason reason;

    public NodeAgentException(FailureReason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public NodeAgentException(FailureReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public FailureReason reason() {
        return reason;
    }
}
