package io.certfleet.renewal.domain.execution;

/** Why a step failed, and so whether trying again can help. */
public enum FailureReason {
    /** Retry soon: a timeout, DeadlineExceeded, a database hiccup. */
    TRANSIENT(true),
    /** The node, the runtime, an endpoint or an API cannot be reached now; retry with backoff. */
    UNREACHABLE(true),
    /** Something is wrong with the input (inventory, files); a person must fix it. */
    INVALID_INPUT(false),
    /** Refused on purpose (an expired CA, an unsupported strategy, cancelled). */
    POLICY(false);

    private final boolean retryHelps;

    FailureReason(boolean retryHelps) {
        this.retryHelps = retryHelps;
    }

    public boolean retryHelps() {
        return retryHelps;
    }
}
