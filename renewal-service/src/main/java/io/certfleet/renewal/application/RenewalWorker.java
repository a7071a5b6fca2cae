package io.certfleet.renewal.application;

import io.certfleet.messaging.ServiceDatabase;
import io.certfleet.renewal.config.RenewalSettings;
import io.certfleet.renewal.domain.execution.FailureReason;
import io.certfleet.renewal.domain.execution.Renewal;
import io.certfleet.renewal.domain.execution.RenewalFailure;
import io.certfleet.renewal.domain.execution.RenewalRun;
import io.certfleet.renewal.domain.execution.RenewalStep;
import io.certfleet.renewal.domain.execution.StepOutcome;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Advances renewals: claims due ones with a lease (any number of instances may run; each renewal is advanced by one),
 * then runs them step by step — each step marked RUNNING in its own transaction, executed, and its outcome recorded
 * with its event in the next — until the renewal completes, fails, waits or the lease is lost. While a renewal runs,
 * its lease is extended; if this instance dies, another one (or this one restarted) claims the renewal once the lease
 * ran out and resumes at the recorded step. Renewals of different clusters run in parallel, up to {@code
 * max-concurrent-renewals}; the steps of one renewal never do.
 */
@Singleton
public class RenewalWorker {
    private static final Logger LOG = LoggerFactory.getLogger(RenewalWorker.class);

    private final Renewals renewals;
    private final RenewalTransitions transitions;
    private final Preflight preflight;
    private final KubeadmSteps kubeadm;
    private final RolloutSteps rollout;
    private final ExternalCaSteps externalCa;
    private final ClusterDirectory clusters;
    private final RenewalSettings settings;
    private final Clock clock;
    private final RenewalRun.RetryPolicy retry;
    private final Set<UUID> inFlight = ConcurrentHashMap.newKeySet();
    // transactions of a renewal that failed in a row, by renewal; forgotten when a run ends normally
    private final Map<UUID, Integer> interruptions = new ConcurrentHashMap<>();
    private final ExecutorService runners;
    private final ScheduledExecutorService heartbeat;
    private volatile boolean closed;

    RenewalWorker(
            Renewals renewals,
            RenewalTransitions transitions,
            Preflight preflight,
            KubeadmSteps kubeadm,
            RolloutSteps rollout,
            ExternalCaSteps externalCa,
            ClusterDirectory clusters,
            RenewalWakeUp wakeUp,
            RenewalSettings settings,
            Clock clock) {
        this.renewals = renewals;
        this.transitions = transitions;
        this.preflight = preflight;
        this.kubeadm = kubeadm;
        this.rollout = rollout;
        this.externalCa = externalCa;
        this.clusters = clusters;
        this.settings = settings;
        this.clock = clock;
        this.retry = new RenewalRun.RetryPolicy(
                settings.maxStepAttempts(), settings.retryBackoff(), settings.maxRetryBackoff());
        AtomicInteger threads = new AtomicInteger();
        this.runners = Executors.newFixedThreadPool(settings.maxConcurrentRenewals(), task -> {
            Thread thread = new Thread(task, "renewal-worker-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "renewal-lease-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        long beat = Math.max(100, settings.leaseDuration().toMillis() / 3);
        heartbeat.scheduleWithFixedDelay(this::extendLeases, beat, beat, TimeUnit.MILLISECONDS);
        wakeUp.listen(() -> {
            if (!closed && settings.workerEnabled()) {
                heartbeat.execute(this::advanceDue);
            }
        });
    }

    /** The instance id that owns this worker's leases. */
    public String owner() {
        return settings.instanceId();
    }

    /**
     * Claims due renewals up to the free capacity and starts advancing them.
     *
     * @return how many were claimed
     */
    public synchronized int advanceDue() {
        if (closed) {
            return 0;
        }
        int free = settings.maxConcurrentRenewals() - inFlight.size();
        List<Renewals.Claim> claims = renewals.claimDue(owner(), clock.instant(), settings.leaseDuration(), free);
        for (Renewals.Claim claim : claims) {
            inFlight.add(claim.renewalId());
            try {
                runners.execute(() -> run(claim));
            } catch (RejectedExecutionException e) {
                inFlight.remove(claim.renewalId());
                return 0;
            }
        }
        return claims.size();
    }

    private void run(Renewals.Claim claim) {
        MDC.put("clusterId", claim.clusterId());
        MDC.put("renewalId", claim.renewalId().toString());
        try {
            advance(claim);
            interruptions.remove(claim.renewalId());
        } catch (LeaseLostException e) {
            LOG.warn("Stopped working on renewal {}: {}", claim.renewalId(), e.getMessage());
        } catch (RuntimeException e) {
            if (!closed) {
                interrupted(claim, e);
            }
        } finally {
            inFlight.remove(claim.renewalId());
            if (!closed) {
                try {
                    renewals.release(claim, owner());
                } catch (RuntimeException e) {
                    LOG.debug("releasing renewal {}: {}", claim.renewalId(), e.getMessage());
                }
            }
            MDC.remove("clusterId");
            MDC.remove("renewalId");
        }
    }

    /**
     * A transaction of the renewal failed. The database or a node away comes back: the renewal is resumed at its
     * recorded step on a later tick. A database error that no retry mends (a constraint the renewal's own write
     * violates: a bug) would repeat on every tick for ever, unseen but in the log; after {@code max-step-attempts} in
     * a row the renewal fails instead, with the SQL state, so that someone is told and can retry it once mended.
     */
    private void interrupted(Renewals.Claim claim, RuntimeException e) {
        int inARow = interruptions.merge(claim.renewalId(), 1, Integer::sum);
        LOG.warn(
                "Renewal {} interrupted ({}, {} in a row): {}",
                claim.renewalId(),
                e.getClass().getSimpleName(),
                inARow,
                e.getMessage());
        if (!(e instanceof ServiceDatabase.StoreException store) || store.retryable() || inARow < retry.maxAttempts()) {
            return;
        }
        interruptions.remove(claim.renewalId());
        RenewalFailure failure = new RenewalFailure(
                "WORKER",
                Optional.empty(),
                "renewal-service could not record this renewal's progress: its transaction failed " + inARow
                        + " times in a row with a database error that retrying does not mend (SQL state "
                        + store.sqlState() + "); the service log has the details",
                false,
                Optional.empty());
        try {
            transitions.refuse(claim, owner(), failure);
        } catch (RuntimeException again) {
            LOG.error(
                    "Renewal {} could not be marked FAILED either ({}): {}",
                    claim.renewalId(),
                    again.getClass().getSimpleName(),
                    again.getMessage());
        }
    }

    /** Runs the renewal as far as it goes now. */
    void advance(Renewals.Claim claim) {
        while (!closed && !Thread.currentThread().isInterrupted()) {
            Renewal renewal = renewals.find(claim.renewalId()).orElseThrow();
            if (renewal.notBefore().filter(clock.instant()::isBefore).isPresent()) {
                return;
            }
            List<RenewalStep> steps = renewals.steps(renewal.id());
            switch (RenewalRun.next(renewal, steps)) {
                case RenewalRun.Next.Start start -> {
                    switch (plan(renewal)) {
                        case Preflight.Plan.Start plan ->
                            transitions.start(
                                    claim, owner(), plan.strategy(), plan.access(), plan.nodes(), plan.steps());
                        case Preflight.Plan.Refuse refuse -> {
                            switch (RenewalRun.afterStartFailure(renewal, refuse.failure(), retry, clock.instant())) {
                                case RenewalRun.StartTransition.Retry again ->
                                    transitions.retryStart(claim, owner(), again);
                                case RenewalRun.StartTransition.Fail fail ->
                                    transitions.refuse(claim, owner(), fail.failure());
                            }
                            return;
                        }
                        case Preflight.Plan.Reschedule later -> {
                            transitions.reschedule(claim, owner(), later.notBefore(), later.windowEnd(), later.why());
                            return;
                        }
                    }
                }
                case RenewalRun.Next.RunStep next -> {
                    RenewalStep running = transitions.begin(claim, owner(), next.step());
                    StepOutcome outcome = execute(renewal, steps, running);
                    Optional<String> backup = running.node().flatMap(node -> RenewalRun.backupOf(node, steps));
                    RenewalRun.Transition transition =
                            RenewalRun.after(running, outcome, retry, clock.instant(), backup);
                    transitions.end(claim, owner(), running, transition);
                    if (!(transition instanceof RenewalRun.Transition.Finish)) {
                        return;
                    }
                }
                case RenewalRun.Next.Complete complete -> {
                    transitions.complete(claim, owner());
                    return;
                }
                case RenewalRun.Next.Cancel cancel -> {
                    transitions.cancel(claim, owner(), cancel.requestedBy(), "");
                    return;
                }
                case RenewalRun.Next.CancelWhileSigning cancel -> {
                    String node = cancel.node();
                    String withdrawn = clusters.find(renewal.clusterId())
                            .map(cluster -> externalCa.withdraw(renewal, cluster, steps, node))
                            .orElse("; the keys staged on " + node + " stay: the cluster left the inventory");
                    transitions.cancel(
                            claim,
                            owner(),
                            cancel.requestedBy(),
                            " while " + node + " waited for the external signer (nothing signed was installed on it;"
                                    + " what its own CAs sign was renewed on disk and is served after its next"
                                    + " control-plane restart" + withdrawn + ")");
                    return;
                }
                case RenewalRun.Next.Idle idle -> {
                    return;
                }
            }
        }
    }

    /** The pre-flight's plan; an exception of it is a START failure worth another attempt, not a loop of retries. */
    private Preflight.Plan plan(Renewal renewal) {
        try {
            return preflight.plan(renewal);
        } catch (ClusterApiException e) {
            return new Preflight.Plan.Refuse(new RenewalFailure(
                    "START", Optional.empty(), e.getMessage(), e.reason().retryHelps(), Optional.empty()));
        } catch (LeaseLostException e) {
            throw e;
        } catch (RuntimeException e) {
            // not one of ours: its message is not vetted for content, so only its type is recorded
            return new Preflight.Plan.Refuse(new RenewalFailure(
                    "START",
                    Optional.empty(),
                    "the pre-flight checks failed unexpectedly (" + e.getClass().getName() + ")",
                    true,
                    Optional.empty()));
        }
    }

    private StepOutcome execute(Renewal renewal, List<RenewalStep> steps, RenewalStep step) {
        Optional<ClusterProfile> cluster = clusters.find(renewal.clusterId());
        if (cluster.isEmpty()) {
            return new StepOutcome.Failed(
                    FailureReason.INVALID_INPUT, "cluster " + renewal.clusterId() + " left the inventory");
        }
        try {
            return switch (renewal.strategy()) {
                case KUBEADM_IN_PLACE -> kubeadm.run(renewal, cluster.get(), steps, step);
                case EXTERNAL_CA ->
                    ExternalCaSteps.runs(step.kind())
                            ? externalCa.run(renewal, cluster.get(), steps, step)
                            : kubeadm.run(renewal, cluster.get(), steps, step);
                case CAPI_ROLLOUT -> rollout.run(renewal, cluster.get(), steps, step);
                default ->
                    new StepOutcome.Failed(FailureReason.POLICY, renewal.strategy() + " has no steps to run here");
            };
        } catch (ClusterApiException e) {
            return new StepOutcome.Failed(e.reason(), step.kind() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            // not one of ours: its message is not vetted for content, so only its type is recorded
            return new StepOutcome.Failed(
                    FailureReason.TRANSIENT,
                    step.kind() + " failed unexpectedly (" + e.getClass().getName() + ")");
        }
    }

    private void extendLeases() {
        if (inFlight.isEmpty() || closed) {
            return;
        }
        try {
            Instant until = clock.instant().plus(settings.leaseDuration());
            renewals.extendLeases(owner(), Set.copyOf(inFlight), until);
        } catch (RuntimeException e) {
            LOG.warn("cannot extend renewal leases: {}", e.getMessage());
        }
    }

    /** Stops claiming, interrupts running steps and waits briefly for them to end. */
    @PreDestroy
    public void close() {
        closed = true;
        heartbeat.shutdownNow();
        runners.shutdownNow();
        try {
            if (!runners.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("renewal workers did not stop within 10s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
