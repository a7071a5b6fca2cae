package io.certfleet.renewal.domain.execution;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a renewal is in its life.
 *
 * <pre>
 * REQUESTED ─┬─▶ AWAITING_APPROVAL ──approve──▶ SCHEDULED ──start──▶ RUNNING ──▶ COMPLETED
 *            └──────────────────────────────────▶ SCHEDULED           (node by node)  └─▶ FAILED ──retry──▶ SCHEDULED
 * any open state ──cancel──▶ CANCELLED;  a decision can also end at HANDED_OVER (via upgrade) or REFUSED
 * </pre>
 *
 * The request transaction takes a decision from REQUESTED to its next state at once; REQUESTED is only seen on rows
 * written before the state machine existed.
 */
public enum RenewalState {
    /** Decided and announced; not yet sorted into approval or schedule. */
    REQUESTED,
    /** Waits for a person's approval (ApprovalGranted or {@code POST /renewals/{id}/approve}). */
    AWAITING_APPROVAL,
    /** May run from {@code notBefore} (a maintenance window) or at once; a worker claims it. */
    SCHEDULED,
    /** Steps are running, one control-plane node at a time. */
    RUNNING,
    /** Every step done and verified. */
    COMPLETED,
    /** Stopped at a step; the backup is named. Retryable failures can be retried. */
    FAILED,
    /** Cancelled by a person before it ran (or between two nodes, or while a node waited for the external signer). */
    CANCELLED,
    /** An upgrade already planned renews the certificates; nothing to run here. */
    HANDED_OVER,
    /** Renewing would be wrong (an expired CA); a person must act. */
    REFUSED;

    private static final Set<RenewalState> OPEN = EnumSet.of(REQUESTED, AWAITING_APPROVAL, SCHEDULED, RUNNING);

    /** Whether the renewal still owns its cluster: a second one would race it on the same nodes. */
    public boolean isOpen() {
        return OPEN.contains(this);
    }

    /** The states a cluster's renewal can be open in (the database's one-open-renewal-per-cluster index uses them). */
    public static Set<RenewalState> open() {
        return EnumSet.copyOf(OPEN);
    }
}
