package io.certfleet.nodeagent;

/** Why a node operation failed, and so whether the caller should try again. */
public enum FailureReason {
    /** Worth retrying soon: a timeout, DeadlineExceeded from the runtime, a disk briefly full. */
    TRANSIENT(true),
    /** The node, the runtime or an endpoint cannot be reached now; retry with backoff, then escalate. */
    UNREACHABLE(true),
    /** The request is wrong (unknown name, missing directory, malformed JSON); fix it, do not retry. */
    INVALID_INPUT(false),
    /** Refused on purpose (a path outside the node root, an existing backup directory); do not retry. */
    POLICY(false);

    private final boolean retryHelps;

    FailureReason(boolean retryHelps) {
        this.retryHelps = retryHelps;
    }

    public boolean retryHelps() {
        return retryHelps;
    }
}
