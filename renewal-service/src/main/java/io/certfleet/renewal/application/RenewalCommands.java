package io.certfleet.renewal.application;

import io.certfleet.events.RenewalFailed;
import io.certfleet.messaging.Outbox;
import io.certfleet.renewal.domain.execution.Renewal;
import io.certfleet.renewal.domain.execution.RenewalFailure;
import io.certfleet.renewal.domain.execution.RenewalRun;
import io.certfleet.renewal.domain.execution.RenewalState;
import io.certfleet.renewal.domain.execution.RenewalStep;
import io.certfleet.renewal.domain.execution.StepState;
import io.certfleet.renewal.domain.policy.ClusterFacts;
import io.certfleet.renewal.domain.policy.ClusterFlavour;
import io.certfleet.renewal.domain.policy.RenewalPolicy;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Use cases of people on a renewal: approve (from chat, ApprovalGranted, or the API), cancel, retry a failed one. Each
 * is one transaction; every answer says what happened.
 */
@Singleton
public class RenewalCommands {
    private static final Logger LOG = LoggerFactory.getLogger(RenewalCommands.class);

    private final Renewals renewals;
    private final Outbox outbox;
    private final RenewalPolicy policy;
    private final ClusterDirectory clusters;
    private final RenewalWakeUp wakeUp;
    private final Clock clock;

    RenewalCommands(
            Renewals renewals,
            Outbox outbox,
            RenewalPolicy policy,
            ClusterDirectory clusters,
            RenewalWakeUp wakeUp,
            Clock clock) {
        this.renewals = renewals;
        this.outbox = outbox;
        this.policy = policy;
        this.clusters = clusters;
        this.wakeUp = wakeUp;
        this.clock = clock;
    }

    /** What a command did. */
    public sealed interface Result {
        /** It was applied (or had already been: commands are idempotent). */
        record Done(Renewal renewal, String message) implements Result {}

        /** No renewal with that id. */
        record NotFound(UUID id) implements Result {}

        /** The renewal is not in a state the command applies to. */
        record Conflict(Renewal renewal, String message) implements Result {}
    }

    /**
     * AWAITING_APPROVAL → SCHEDULED, into the cluster's next maintenance window (or at once).
     *
     * @param approvedBy the verified identity of the approver
     * @param clusterId the cluster the approval names, when it names one (an approval of another cluster's renewal id
     *     is refused)
     */
    @Transactional
    public Result approve(UUID id, String approvedBy, Optional<String> clusterId) {
        Objects.requireNonNull(approvedBy, "approvedBy");
        Optional<Renewal> found = renewals.lock(id);
        if (found.isEmpty()) {
            return new Result.NotFound(id);
        }
        Renewal renewal = found.get();
        if (clusterId.isPresent() && !clusterId.get().equals(renewal.clusterId())) {
            return new Result.Conflict(
                    renewal, "renewal " + id + " is of cluster " + renewal.clusterId() + ", not " + clusterId.get());
        }
        if (renewal.state() != RenewalState.AWAITING_APPROVAL) {
            // a repeated approval, or one of a renewal that never needed it: nothing to do, nothing wrong
            if (renewal.approvedBy().isPresent()
                    || renewal.state() == RenewalState.SCHEDULED
                    || renewal.state() == RenewalState.RUNNING
                    || renewal.state() == RenewalState.COMPLETED) {
                return new Result.Done(
                        renewal,
                        "renewal " + id + " is " + renewal.state()
                                + renewal.approvedBy()
                                        .map(a -> ", approved by " + a)
                                        .orElse(", no approval needed"));
            }
            return new Result.Conflict(renewal, "renewal " + id + " is " + renewal.state() + ", not awaiting approval");
        }
        RenewalPolicy.Timing timing = policy.timing(facts(renewal), renewal.notAfter());
        Renewal approved = renewal.toBuilder()
                .state(RenewalState.SCHEDULED)
                .approvedBy(Optional.of(approvedBy))
                .notBefore(timing.window().map(w -> w.start()))
                .windowEnd(timing.window().map(w -> w.end()))
                .build();
        renewals.update(approved);
        wakeUp.afterCommit();
        LOG.info("Renewal {} of {} approved by {}: {}", id, renewal.clusterId(), approvedBy, timing.why());
        return new Result.Done(approved, "approved by " + approvedBy + "; " + timing.why());
    }

    /**
     * Cancels an open renewal. One that has not started is CANCELLED at once; a RUNNING one finishes the node it is on
     * and stops before the next (a half-renewed node is worse than either state).
     */
    @Transactional
    public Result cancel(UUID id, String cancelledBy, String why) {
        Optional<Renewal> found = renewals.lock(id);
        if (found.isEmpty()) {
            return new Result.NotFound(id);
        }
        Renewal renewal = found.get();
        if (!renewal.state().isOpen()) {
            return new Result.Conflict(renewal, "renewal " + id + " is " + renewal.state() + ", nothing to cancel");
        }
        String reason = "cancelled by " + cancelledBy + (why == null || why.isBlank() ? "" : ": " + why);
        if (renewal.state() == RenewalState.RUNNING) {
            Renewal requested = renewal.toBuilder()
                    .cancelRequestedBy(Optional.of(cancelledBy))
                    .build();
            renewals.update(requested);
            boolean signing = renewals.steps(id).stream()
                    .filter(s -> !s.state().finished())
                    .findFirst()
                    .filter(RenewalRun::waitsForSigner)
                    .isPresent();
            String when = signing
                    ? "it stops at the next look at the external signer it waits for"
                    : "it stops before its next node";
            LOG.info("Renewal {} cancel requested, {}: {}", id, when, reason);
            return new Result.Done(requested, reason + "; " + when);
        }
        RenewalFailure failure = new RenewalFailure("CANCEL", Optional.empty(), reason, false, Optional.empty());
        Renewal cancelled = renewal.stopped(RenewalState.CANCELLED, failure, clock.instant());
        renewals.update(cancelled);
        outbox.append(new RenewalFailed(
                id.toString(), renewal.clusterId(), failure.step(), null, failure.reason(), false, null));
        LOG.info("Renewal {} cancelled: {}", id, reason);
        return new Result.Done(cancelled, reason);
    }

    /**
     * A FAILED renewal runs again from the step it failed at (steps are idempotent); finished nodes are not redone. Not
     * while another renewal of the cluster is open, nor once a later one has started.
     */
    @Transactional
    public Result retry(UUID id, String requestedBy) {
        Optional<Renewal> found = renewals.lock(id);
        if (found.isEmpty()) {
            return new Result.NotFound(id);
        }
        Renewal renewal = found.get();
        if (renewal.state() != RenewalState.FAILED) {
            return new Result.Conflict(
                    renewal, "renewal " + id + " is " + renewal.state() + "; only FAILED ones retry");
        }
        Optional<Renewal> other = renewals.findOpen(renewal.clusterId());
        if (other.isPresent()) {
            return new Result.Conflict(
                    renewal,
                    "cluster " + renewal.clusterId() + " has another open renewal "
                            + other.get().id());
        }
        Optional<Renewal> later = renewals.laterStarted(renewal);
        if (later.isPresent()) {
            // its nodes carry newer work (and keys this one staged may be gone): going back over them helps nobody
            return new Result.Conflict(
                    renewal,
                    "renewal " + id + " was superseded by renewal "
                            + later.get().id() + " of cluster "
                            + renewal.clusterId() + " (" + later.get().state()
                            + "), which started after it; retry that one instead, or a new scan requests one");
        }
        Instant now = clock.instant();
        boolean started = renewal.startedAt().isPresent();
        for (RenewalStep step : renewals.steps(id)) {
            if (step.state() == StepState.FAILED || step.state() == StepState.RUNNING) {
                renewals.updateStep(new RenewalStep(
                        step.renewalId(),
                        step.seq(),
                        step.node(),
                        step.kind(),
                        StepState.PENDING,
                        0,
                        step.startedAt(),
                        Optional.empty(),
                        step.result(),
                        Optional.of("retry requested by " + requestedBy + " at " + now)));
            }
        }
        Renewal retried = renewal.toBuilder()
                .state(started ? RenewalState.RUNNING : RenewalState.SCHEDULED)
                .failure(Optional.empty())
                .finishedAt(Optional.empty())
                .notBefore(Optional.empty())
                .startAttempts(0) // a person asked: the pre-flight gets its attempts again
                .startNote(Optional.empty())
                .build();
        renewals.update(retried);
        wakeUp.afterCommit();
        LOG.info("Renewal {} retried by {}", id, requestedBy);
        return new Result.Done(retried, "retry requested by " + requestedBy);
    }

    private ClusterFacts facts(Renewal renewal) {
        return clusters.find(renewal.clusterId())
                .map(ClusterProfile::facts)
                .orElseGet(
                        () -> new ClusterFacts(renewal.clusterId(), false, ClusterFlavour.KUBEADM, renewal.labels()));
    }
}
