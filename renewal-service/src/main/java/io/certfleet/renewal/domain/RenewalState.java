package io.certfleet.renewal.domain;

/** Where a renewal is in its life. Only REQUESTED is reached so far; the state machine grows with the executor. */
public enum RenewalState {
    /** Decided and announced (RenewalRequested); waiting for approval and a window. */
    REQUESTED,
    /** A person approved it. */
    APPROVED,
    /** Running on the cluster's nodes. */
    IN_PROGRESS,
    /** Renewed and verified. */
    COMPLETED,
    /** Stopped with a reason. */
    FAILED;

    /** Whether the renewal still owns its certificate (a second one for the same certificate would race it). */
    public boolean isOpen() {
        return this == REQUESTED || this == APPROVED || this == IN_PROGRESS;
    }
}
