package io.certfleet.notifier.domain;

/** Where an approval is. */
public enum ApprovalState {
    /** Waiting for a person. */
    PENDING,
    /** A person approved it; ApprovalGranted was published. */
    GRANTED,
    /** Nothing left to approve: the renewal failed or was cancelled before anyone approved it. */
    WITHDRAWN
}
