package io.certfleet.renewal.domain.execution;

import io.certfleet.events.NodeCertificatesRenewed;
import io.certfleet.events.RenewedCertificate;
import io.certfleet.events.SkippedCertificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The renewal state machine's rules, pure: what a worker does next with a renewal, and what a step's outcome does to
 * the renewal. The worker persists each answer (one step per transaction) and runs the next.
 */
public final class RenewalRun {
    private RenewalRun() {}

    /** What to do next with a claimed renewal. */
    public sealed interface Next {
        /** Plan the steps (after the pre-flight checks) and start: SCHEDULED → RUNNING. */
        record Start() implements Next {}

        /** Run this step (a step found RUNNING was interrupted and runs again: every step is idempotent). */
        record RunStep(RenewalStep step) implements Next {}

        /** Every step finished: RUNNING → COMPLETED. */
        record Complete() implements Next {}

        /** A person asked to cancel: stop before a node is touched. */
        record Cancel(String requestedBy) implements Next {}

        /**
         * A person asked to cancel while {@code node} waits for the external signer ({@code EXTERNAL_CA}): stop there
         * and withdraw what was staged for the signer. Nothing of the external CA steps is live on the node yet; what
         * its own CAs sign was renewed on disk (RENEW) and is served after its next control-plane restart.
         */
        record CancelWhileSigning(String requestedBy, String node) implements Next {}

        /** Nothing to do (not in a runnable state). */
        record Idle(String why) implements Next {}
    }

    /**
     * @param steps the renewal's steps in order
     */
    public static Next next(Renewal renewal, List<RenewalStep> steps) {
        return switch (renewal.state()) {
            case SCHEDULED ->
                renewal.cancelRequestedBy().<Next>map(Next.Cancel::new).orElseGet(Next.Start::new);
            case RUNNING -> {
                Optional<RenewalStep> next =
                        steps.stream().filter(s -> !s.state().finished()).findFirst();
                if (next.isEmpty()) {
                    yield new Next.Complete();
                }
                RenewalStep step = next.get();
                boolean nodeNotYetTouched = step.kind() == StepKind.BACKUP && step.state() == StepState.PENDING;
                boolean nothingTouched = steps.stream().noneMatch(s -> s.state() != StepState.PENDING);
                if (renewal.cancelRequestedBy().isPresent() && (nodeNotYetTouched || nothingTouched)) {
                    yield new Next.Cancel(renewal.cancelRequestedBy().get());
                }
                // the signer may take hours (external-ca.signing-timeout): a cancel need not wait for it
                if (renewal.cancelRequestedBy().isPresent() && waitsForSigner(step)) {
                    yield new Next.CancelWhileSigning(
                            renewal.cancelRequestedBy().get(), step.node().orElseThrow());
                }
                yield new Next.RunStep(step);
            }
            default -> new Next.Idle("renewal is " + renewal.state());
        };
    }

    /** Whether the renewal's next step is waiting for the external signer, so a cancel stops it there. */
    public static boolean waitsForSigner(RenewalStep next) {
        return next.kind() == StepKind.AWAIT_SIGNING
                && next.state() == StepState.PENDING
                && next.node().isPresent();
    }

    /**
     * Bounded retries of retryable failures.
     *
     * @param maxAttempts how many times a step may be started before its renewal fails
     * @param backoff the wait after the first failure, doubled after each further one
     * @param maxBackoff the longest wait
     */
    public record RetryPolicy(int maxAttempts, Duration backoff, Duration maxBackoff) {
        public RetryPolicy {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1");
            }
            Objects.requireNonNull(backoff, "backoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
        }

        Instant nextAttempt(int attemptsSoFar, Instant now) {
            Duration wait = backoff;
            for (int i = 1; i < attemptsSoFar && wait.compareTo(maxBackoff) < 0; i++) {
                wait = wait.multipliedBy(2);
            }
            return now.plus(wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait);
        }
    }

    /** What a step's outcome does. */
    public sealed interface Transition {
        /** The step is DONE or SKIPPED. */
        record Finish(StepState state, Optional<StepResult> result, Optional<String> note) implements Transition {}

        /** The step stays PENDING and the renewal is not looked at before {@code until}. */
        record Wait(Instant until, String note) implements Transition {}

        /** The step failed but may succeed later: PENDING again, retried at {@code at}. */
        record Retry(Instant at, String error) implements Transition {}

        /** The renewal fails at this step. */
        record Fail(RenewalFailure failure) implements Transition {}
    }

    /**
     * @param step the step as it ran ({@code attempts} counts this run)
     * @param backup the backup of the step's node, when one was taken
     */
    public static Transition after(
            RenewalStep step, StepOutcome outcome, RetryPolicy retry, Instant now, Optional<String> backup) {
        return switch (outcome) {
            case StepOutcome.Done done ->
                new Transition.Finish(StepState.DONE, Optional.of(done.result()), Optional.empty());
            case StepOutcome.Skipped skipped ->
                new Transition.Finish(StepState.SKIPPED, Optional.empty(), Optional.of(skipped.reason()));
            case StepOutcome.Waiting waiting -> new Transition.Wait(waiting.until(), waiting.note());
            case StepOutcome.Failed failed -> {
                if (failed.retryable() && step.attempts() < retry.maxAttempts()) {
                    yield new Transition.Retry(retry.nextAttempt(step.attempts(), now), failed.message());
                }
                String reason = failed.retryable()
                        ? failed.message() + " (gave up after " + step.attempts() + " attempts)"
                        : failed.message();
                yield new Transition.Fail(
                        new RenewalFailure(step.kind().name(), step.node(), reason, failed.retryable(), backup));
            }
        };
    }

    /** What a failed pre-flight does to a renewal that has not started. */
    public sealed interface StartTransition {
        /** Stays SCHEDULED and tries again at {@code at}; {@code note} says why, for whoever looks. */
        record Retry(int attempts, Instant at, String note) implements StartTransition {}

        /** The renewal fails at START. */
        record Fail(RenewalFailure failure) implements StartTransition {}
    }

    /**
     * A pre-flight failure a later attempt may not have (the API away for a moment) is tried again with the steps'
     * backoff, as often as a step would be; any other fails the renewal at once. Nothing has been touched yet either
     * way.
     */
    public static StartTransition afterStartFailure(
            Renewal renewal, RenewalFailure failure, RetryPolicy retry, Instant now) {
        int attempts = renewal.startAttempts() + 1;
        if (failure.retryable() && attempts < retry.maxAttempts()) {
            Instant at = retry.nextAttempt(attempts, now);
            return new StartTransition.Retry(
                    attempts,
                    at,
                    "START attempt " + attempts + " of " + retry.maxAttempts() + " failed: " + failure.reason()
                            + "; next attempt at " + at);
        }
        if (failure.retryable() && attempts > 1) {
            return new StartTransition.Fail(new RenewalFailure(
                    failure.step(),
                    failure.node(),
                    failure.reason() + " (gave up after " + attempts + " attempts)",
                    true,
                    failure.backupLocation()));
        }
        return new StartTransition.Fail(failure);
    }

    /** The backup taken on a node by this renewal, if any. */
    public static Optional<String> backupOf(String node, List<RenewalStep> steps) {
        return steps.stream()
                .filter(s -> s.node().equals(Optional.of(node)))
                .flatMap(s -> s.result(StepResult.BackupTaken.class).stream())
                .map(StepResult.BackupTaken::backup)
                .findFirst();
    }

    /** The event of a node whose steps are all done, VERIFY included. */
    public static NodeCertificatesRenewed nodeRenewed(Renewal renewal, String node, List<RenewalStep> steps) {
        List<RenewalStep> ofNode =
                steps.stream().filter(s -> s.node().equals(Optional.of(node))).toList();
        List<RenewedCertificate> renewed = ofNode.stream()
                .flatMap(s -> s.result(StepResult.CertificatesRenewed.class).stream())
                .flatMap(r -> r.renewed().stream())
                .toList();
        Set<String> renewedNames =
                renewed.stream().map(RenewedCertificate::name).collect(Collectors.toSet());
        // external CA: RENEW skips what the node cannot sign, INSTALL then renews it
        List<SkippedCertificate> skipped = ofNode.stream()
                .flatMap(s -> s.result(StepResult.CertificatesRenewed.class).stream())
                .flatMap(r -> r.skipped().stream())
                .filter(c -> !renewedNames.contains(c.name()))
                .toList();
        StepResult.ServedCertificatesVerified verified = ofNode.stream()
                .flatMap(s -> s.result(StepResult.ServedCertificatesVerified.class).stream())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("node " + node + " has no verification"));
        return new NodeCertificatesRenewed(
                renewal.id().toString(),
                renewal.clusterId(),
                node,
                renewed,
                skipped,
                backupOf(node, steps).orElse(null),
                verified.verification());
    }
}
