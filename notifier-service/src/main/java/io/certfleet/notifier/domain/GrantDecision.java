package io.certfleet.notifier.domain;

import io.certfleet.events.ApprovalGranted;

/** The outcome of a person approving. */
public sealed interface GrantDecision {

    /** Approved now: persist the approval and publish the event. */
    record Granted(Approval approval, ApprovalGranted event) implements GrantDecision {}

    /** Nothing to approve any more. */
    record NotPending(Approval approval, String reason) implements GrantDecision {}

    /** The person may not approve for this cluster (the API caller's clusters leave it out). */
    record NotAllowed(Approval approval, String reason) implements GrantDecision {}
}
