package io.certfleet.notifier.domain;

import io.certfleet.events.ApprovalGranted;
import io.certfleet.events.ApprovalSubjectKind;
import io.certfleet.events.RenewalRequested;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A renewal or upgrade waiting for (or given) a person's approval.
 *
 * @param id the approval
 * @param clusterId the cluster
 * @param subjectKind what is to be approved
 * @param subjectId its id (a {@code renewalId} or {@code upgradeId})
 * @param summary what people are asked to approve
 * @param state where the approval is
 * @param requestedAt when the approval was asked for
 * @param sourceEventId the event that asked for it
 * @param decision who approved, how and when; null while pending
 */
public record Approval(
        UUID id,
        String clusterId,
        ApprovalSubjectKind subjectKind,
        String subjectId,
        String summary,
        ApprovalState state,
        Instant requestedAt,
        String sourceEventId,
        Grant decision) {

    /**
     * A person's approval.
     *
     * @param approvedBy who
     * @param channel through what (e.g. {@code http}, {@code slack})
     * @param comment optional words
     * @param at when
     */
    public record Grant(String approvedBy, String channel, String comment, Instant at) {
        public Grant {
            Objects.requireNonNull(approvedBy, "approvedBy");
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(at, "at");
        }
    }

    public Approval {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(clusterId, "clusterId");
        Objects.requireNonNull(subjectKind, "subjectKind");
        Objects.requireNonNull(subjectId, "subjectId");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(requestedAt, "requestedAt");
        Objects.requireNonNull(sourceEventId, "sourceEventId");
        if ((state == ApprovalState.GRANTED) != (decision != null)) {
            throw new IllegalArgumentException("a granted approval has a decision, a pending one has none");
        }
    }

    /** The approval a renewal that requires one waits for. */
    public static Approval pendingFor(RenewalRequested renewal, String eventId, Instant now) {
        return new Approval(
                UUID.randomUUID(),
                renewal.clusterId(),
                ApprovalSubjectKind.RENEWAL,
                renewal.renewalId(),
                renewal.reason(),
                ApprovalState.PENDING,
                now,
                eventId,
                null);
    }

    /** Its subject ended (a renewal failed or was cancelled) while it was pending: no one is asked any more. */
    public Optional<Approval> withdraw() {
        if (state != ApprovalState.PENDING) {
            return Optional.empty();
        }
        return Optional.of(new Approval(
                id,
                clusterId,
                subjectKind,
                subjectId,
                summary,
                ApprovalState.WITHDRAWN,
                requestedAt,
                sourceEventId,
                null));
    }

    /** A person approves: granted once; a second approval is refused with the first one's details. */
    public GrantDecision grant(String approvedBy, String channel, String comment, Instant now) {
        if (state == ApprovalState.WITHDRAWN) {
            return new GrantDecision.NotPending(
                    this, "approval " + id + " was withdrawn: its " + subjectKind + " ended before it was approved");
        }
        if (state != ApprovalState.PENDING) {
            return new GrantDecision.NotPending(
                    this,
                    "approval " + id + " was already granted by " + decision.approvedBy() + " at " + decision.at());
        }
        Approval granted = new Approval(
                id,
                clusterId,
                subjectKind,
                subjectId,
                summary,
                ApprovalState.GRANTED,
                requestedAt,
                sourceEventId,
                new Grant(approvedBy, channel, comment, now));
        return new GrantDecision.Granted(
                granted,
                new ApprovalGranted(id.toString(), clusterId, subjectKind, subjectId, approvedBy, channel, comment));
    }
}
