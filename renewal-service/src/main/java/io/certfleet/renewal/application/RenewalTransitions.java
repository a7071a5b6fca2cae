package io.certfleet.renewal.application;

import io.certfleet.events.NodeCertificatesRenewed;
import io.certfleet.events.RenewalCompleted;
import io.certfleet.events.RenewalFailed;
import io.certfleet.events.RenewalStarted;
import io.certfleet.events.RenewalStrategy;
import io.certfleet.messaging.Outbox;
import io.certfleet.renewal.domain.execution.Renewal;
import io.certfleet.renewal.domain.execution.RenewalFailure;
import io.certfleet.renewal.domain.execution.RenewalRun;
import io.certfleet.renewal.domain.execution.RenewalState;
import io.certfleet.renewal.domain.execution.RenewalStep;
import io.certfleet.renewal.domain.execution.StepKind;
import io.certfleet.renewal.domain.execution.StepResult;
import io.certfleet.renewal.domain.execution.StepState;
import io.certfleet.renewal.domain.policy.NodeAccessPath;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The renewal state machine's writes: each transition of a renewal or a step, with its event, in one transaction, and
 * only while this instance still holds the renewal's lease (checked under a row lock, so a worker whose lease ran out
 * cannot overwrite the instance that took over).
 */
@Singleton
public class RenewalTransitions {
    private static final Logger LOG = LoggerFactory.getLogger(RenewalTransitions.class);

    private final Renewals renewals;
    private final Outbox outbox;
    private final Clock clock;

    RenewalTransitions(Renewals renewals, Outbox outbox, Clock clock) {
        this.renewals = renewals;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** SCHEDULED → RUNNING with its planned steps; RenewalStarted. */
    @Transactional
    public void start(
            Renewals.Claim claim,
            String owner,
            RenewalStrategy strategy,
            NodeAccessPath access,
            List<String> nodes,
            List<RenewalStep> steps) {
        Renewal renewal = held(claim, owner);
        Instant now = clock.instant();
        Renewal running = renewal.toBuilder()
                .state(RenewalState.RUNNING)
                .strategy(strategy)
                .access(access)
                .nodes(nodes)
                .startedAt(Optional.of(now))
                .notBefore(Optional.empty())
                .startNote(Optional.empty()) // said what it waited for; it waits no more
                .build();
        renewals.update(running);
        renewals.addSteps(renewal.clusterId(), steps);
        outbox.append(new RenewalStarted(renewal.id().toString(), renewal.clusterId(), strategy, nodes));
        LOG.info(
                "Renewal {} started: {} on {} ({} steps, access {})",
                renewal.id(),
                strategy,
                nodes,
                steps.size(),
                access);
    }

    /** The pre-flight checks refused to start: FAILED; RenewalFailed. */
    @Transactional
    public void refuse(Renewals.Claim claim, String owner, RenewalFailure failure) {
        fail(held(claim, owner), failure);
    }

    /** The pre-flight failed for a reason that may pass: the renewal stays SCHEDULED and is tried again later. */
    @Transactional
    public void retryStart(Renewals.Claim claim, String owner, RenewalRun.StartTransition.Retry retry) {
        Renewal renewal = held(claim, owner);
        renewals.update(renewal.toBuilder()
                .startAttempts(retry.attempts())
                .startNote(Optional.of(retry.note()))
                .notBefore(Optional.of(retry.at()))
                .build());
        LOG.warn("Renewal {}: {}", renewal.id(), retry.note());
    }

    /** Not yet: the renewal waits until {@code notBefore} (its window passed while it waited; the next one). */
    @Transactional
    public void reschedule(
            Renewals.Claim claim, String owner, Optional<Instant> notBefore, Optional<Instant> windowEnd, String why) {
        Renewal renewal = held(claim, owner);
        renewals.update(renewal.scheduledFor(notBefore, windowEnd));
        LOG.info("Renewal {} rescheduled: {}", renewal.id(), why);
    }

    /** PENDING (or interrupted RUNNING) → RUNNING, one more attempt. */
    @Transactional
    public RenewalStep begin(Renewals.Claim claim, String owner, RenewalStep step) {
        held(claim, owner);
        RenewalStep running = new RenewalStep(
                step.renewalId(),
                step.seq(),
                step.node(),
                step.kind(),
                StepState.RUNNING,
                step.attempts() + 1,
                Optional.of(clock.instant()),
                Optional.empty(),
                step.result(),
                step.note());
        renewals.updateStep(running);
        return running;
    }

    /** Applies a step's outcome, with the events it causes (NodeCertificatesRenewed after a node's VERIFY). */
    @Transactional
    public void end(Renewals.Claim claim, String owner, RenewalStep running, RenewalRun.Transition transition) {
        Renewal renewal = held(claim, owner);
        Instant now = clock.instant();
        switch (transition) {
            case RenewalRun.Transition.Finish finish -> {
                RenewalStep finished = with(running, finish.state(), Optional.of(now), finish.result(), finish.note());
                renewals.updateStep(finished);
                if (finish.state() == StepState.DONE) {
                    announce(renewal, finished);
                }
                LOG.info(
                        "Renewal {} step {} {}",
                        renewal.id(),
                        finished,
                        finish.note().orElse(""));
            }
            case RenewalRun.Transition.Wait wait -> {
                renewals.updateStep(
                        with(running, StepState.PENDING, Optional.empty(), running.result(), Optional.of(wait.note())));
                renewals.update(
                        renewal.toBuilder().notBefore(Optional.of(wait.until())).build());
                LOG.info("Renewal {} step {} waits until {}: {}", renewal.id(), running, wait.until(), wait.note());
            }
            case RenewalRun.Transition.Retry retry -> {
                renewals.updateStep(with(
                        running, StepState.PENDING, Optional.empty(), running.result(), Optional.of(retry.error())));
                renewals.update(
                        renewal.toBuilder().notBefore(Optional.of(retry.at())).build());
                LOG.warn(
                        "Renewal {} step {} failed (attempt {}), retried at {}: {}",
                        renewal.id(),
                        running,
                        running.attempts(),
                        retry.at(),
                        retry.error());
            }
            case RenewalRun.Transition.Fail fail -> {
                renewals.updateStep(with(
                        running,
                        StepState.FAILED,
                        Optional.of(now),
                        running.result(),
                        Optional.of(fail.failure().reason())));
                fail(renewal, fail.failure());
            }
        }
    }

    /** RUNNING → COMPLETED; RenewalCompleted. */
    @Transactional
    public void complete(Renewals.Claim claim, String owner) {
        Renewal renewal = held(claim, owner);
        Instant now = clock.instant();
        List<String> nodes = renewedNodes(renewal);
        renewals.update(renewal.toBuilder()
                .state(RenewalState.COMPLETED)
                .finishedAt(Optional.of(now))
                .notBefore(Optional.empty())
                .nodes(nodes)
                .build());
        outbox.append(new RenewalCompleted(renewal.id().toString(), renewal.clusterId(), nodes, now));
        LOG.info("Renewal {} completed on {}", renewal.id(), nodes);
    }

    /**
     * A cancel requested while it ran takes effect between two nodes, or while a node waits for the external signer
     * ({@code detail} says what that node was left with): CANCELLED; RenewalFailed (step CANCEL).
     */
    @Transactional
    public void cancel(Renewals.Claim claim, String owner, String requestedBy, String detail) {
        Renewal renewal = held(claim, owner);
        List<RenewalStep> steps = renewals.steps(renewal.id());
        Optional<String> nextNode =
                steps.stream().filter(s -> !s.state().finished()).findFirst().flatMap(RenewalStep::node);
        List<String> done = steps.stream()
                .filter(s -> s.kind() == StepKind.VERIFY && s.state() == StepState.DONE)
                .flatMap(s -> s.node().stream())
                .toList();
        RenewalFailure failure = new RenewalFailure(
                "CANCEL",
                nextNode,
                "cancelled by " + requestedBy + detail
                        + (done.isEmpty()
                                ? " before any node was renewed"
                                : " after " + done + " were renewed; the other nodes keep their certificates"),
                false,
                Optional.empty());
        Renewal cancelled = renewal.stopped(RenewalState.CANCELLED, failure, clock.instant());
        renewals.update(cancelled);
        outbox.append(new RenewalFailed(
                renewal.id().toString(),
                renewal.clusterId(),
                failure.step(),
                nextNode.orElse(null),
                failure.reason(),
                false,
                null));
        LOG.info("Renewal {} cancelled: {}", renewal.id(), failure.reason());
    }

    private void fail(Renewal renewal, RenewalFailure failure) {
        renewals.update(renewal.stopped(RenewalState.FAILED, failure, clock.instant()));
        outbox.append(new RenewalFailed(
                renewal.id().toString(),
                renewal.clusterId(),
                failure.step(),
                failure.node().orElse(null),
                failure.reason(),
                failure.retryable(),
                failure.backupLocation().orElse(null)));
        LOG.warn(
                "Renewal {} failed at {}{}: {}{}",
                renewal.id(),
                failure.step(),
                failure.node().map(n -> " on " + n).orElse(""),
                failure.reason(),
                failure.backupLocation().map(b -> " (backup " + b + ")").orElse(""));
    }

    private void announce(Renewal renewal, RenewalStep finished) {
        if (finished.kind() == StepKind.VERIFY && finished.node().isPresent()) {
            NodeCertificatesRenewed event =
                    RenewalRun.nodeRenewed(renewal, finished.node().get(), renewals.steps(renewal.id()));
            outbox.append(event);
            LOG.info(
                    "Renewal {}: node {} renewed ({} certificates) and verified: {}",
                    renewal.id(),
                    event.nodeName(),
                    event.renewed().size(),
                    event.verification().detail());
        }
        if (finished.kind() == StepKind.VERIFY_ROLLOUT) {
            StepResult.RolloutVerified verified =
                    finished.result(StepResult.RolloutVerified.class).orElseThrow();
            for (String node : verified.nodes()) {
                outbox.append(new NodeCertificatesRenewed(
                        renewal.id().toString(),
                        renewal.clusterId(),
                        node,
                        List.of(),
                        List.of(),
                        null,
                        verified.verification()));
            }
        }
    }

    private List<String> renewedNodes(Renewal renewal) {
        List<String> nodes = new ArrayList<>();
        for (RenewalStep step : renewals.steps(renewal.id())) {
            step.node()
                    .filter(n -> step.kind() == StepKind.VERIFY && step.state() == StepState.DONE)
                    .ifPresent(nodes::add);
            step.result(StepResult.RolloutFinished.class).ifPresent(r -> nodes.addAll(r.nodes()));
        }
        return nodes.isEmpty() ? renewal.nodes() : nodes;
    }

    private Renewal held(Renewals.Claim claim, String owner) {
        if (!renewals.holds(claim, owner)) {
            throw new LeaseLostException(claim.renewalId());
        }
        return renewals.find(claim.renewalId()).orElseThrow(() -> new LeaseLostException(claim.renewalId()));
    }

    private static RenewalStep with(
            RenewalStep step,
            StepState state,
            Optional<Instant> finishedAt,
            Optional<StepResult> result,
            Optional<String> note) {
        return new RenewalStep(
                step.renewalId(),
                step.seq(),
                step.node(),
                step.kind(),
                state,
                step.attempts(),
                step.startedAt(),
                finishedAt,
                result,
                note);
    }
}
