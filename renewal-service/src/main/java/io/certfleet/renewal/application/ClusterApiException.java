package io.certfleet.renewal.application;

import io.certfleet.renewal.domain.execution.FailureReason;
import java.util.Objects;

/**
 * A Kubernetes API (management or workload cluster) or node file could not give what a step needs. The message names
 * objects and files, never their content.
 */
public final class ClusterApiException extends RuntimeException {
    private final FailureReason reason;

    public ClusterApiException(FailureReason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public ClusterApiException(FailureReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public FailureReason reason() {
        return reason;
    }
}
