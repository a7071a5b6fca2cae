package io.certfleet.renewal.domain.execution;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One persisted step of a renewal.
 *
 * @param renewalId the renewal
 * @param seq its position, from 1
 * @param node the node it runs on, for per-node steps
 * @param kind what it does
 * @param state where it is
 * @param attempts how many times it was started
 * @param startedAt when it last started
 * @param finishedAt when it finished
 * @param result what it recorded when done
 * @param note the skip reason, the last error or what it waits for
 */
public record RenewalStep(
        UUID renewalId,
        int seq,
        Optional<String> node,
        StepKind kind,
        StepState state,
        int attempts,
        Optional<Instant> startedAt,
        Optional<Instant> finishedAt,
        Optional<StepResult> result,
        Optional<String> note) {
    public RenewalStep {
        Objects.requireNonNull(renewalId, "renewalId");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(note, "note");
    }

    /** A step planned, not started. */
    public static RenewalStep planned(UUID renewalId, int seq, Optional<String> node, StepKind kind) {
        return new RenewalStep(
                renewalId,
                seq,
                node,
                kind,
                StepState.PENDING,
                0,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    /** The result, if it is of this type. */
    public <T extends StepResult> Optional<T> result(Class<T> type) {
        return result.filter(type::isInstance).map(type::cast);
    }

    @Override
    public String toString() {
        return seq + ":" + kind + node.map(n -> "@" + n).orElse("") + "[" + state + "]";
    }
}
