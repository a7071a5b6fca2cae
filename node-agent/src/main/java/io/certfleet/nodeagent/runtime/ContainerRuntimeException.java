package io.certfleet.nodeagent.runtime;

import io.certfleet.nodeagent.FailureReason;
import io.certfleet.nodeagent.NodeAgentException;

/** The container runtime refused or did not answer. */
public final class ContainerRuntimeException extends NodeAgentException {

    public ContainerRuntimeException(FailureReason reason, String message) {
        super(reason, message);
    }

    public ContainerRuntimeException(FailureReason reason, String message, Throwable cause) {
        super(reason, message, cause);
    }
}
