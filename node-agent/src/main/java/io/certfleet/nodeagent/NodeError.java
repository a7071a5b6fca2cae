package io.certfleet.nodeagent;

import java.util.Objects;

/**
 * Why an operation failed as a whole. The message names files, certificates and endpoints, never key
 * material.
 *
 * @param reason the kind of failure
 * @param retryable whether trying again may help ({@link FailureReason#retryHelps()})
 * @param message for people
 */
public record NodeError(FailureReason reason, boolean retryable, String message) {
    public NodeError {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }

    public static NodeError of(FailureReason reason, String message) {
        return new NodeError(reason, reason.retryHelps(), message);
    }
}
