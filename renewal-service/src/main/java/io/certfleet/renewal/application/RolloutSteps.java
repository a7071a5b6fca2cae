package io.certfleet.renewal.application;

import io.certfleet.events.RenewalVerification;
import io.certfleet.nodeagent.verify.ServedCertificateProbe;
import io.certfleet.renewal.config.RenewalSettings;
import io.certfleet.renewal.domain.execution.FailureReason;
import io.certfleet.renewal.domain.execution.Renewal;
import io.certfleet.renewal.domain.execution.RenewalStep;
import io.certfleet.renewal.domain.execution.StepOutcome;
import io.certfleet.renewal.domain.execution.StepResult;
import jakarta.inject.Singleton;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The steps of {@code CAPI_ROLLOUT} (seed 000): set {@code spec.rolloutAfter} of the cluster's KubeadmControlPlane to
 * now, so the controller replaces every control-plane Machine (new Machines bootstrap with new certificates); wait
 * until no Machine from before remains and the new ones run; verify. Never on a cluster whose API server certificate
 * has expired: the policy sends those to break-glass in place renewal instead.
 */
@Singleton
public class RolloutSteps {
    private final ManagementCluster management;
    private final RenewalSettings settings;
    private final Clock clock;

    public RolloutSteps(ManagementCluster management, RenewalSettings settings, Clock clock) {
        this.management = management;
        this.settings = settings;
        this.clock = clock;
    }

    public StepOutcome run(Renewal renewal, ClusterProfile cluster, List<RenewalStep> steps, RenewalStep step) {
        Optional<ClusterProfile.ManagementRef> ref = cluster.management();
        if (ref.isEmpty()) {
            return new StepOutcome.Failed(
                    FailureReason.INVALID_INPUT, "cluster " + cluster.id() + " has no management cluster");
        }
        return switch (step.kind()) {
            case TRIGGER_ROLLOUT -> trigger(renewal, ref.get());
            case AWAIT_ROLLOUT -> await(ref.get(), steps);
            case VERIFY_ROLLOUT -> verify(renewal, cluster, ref.get(), steps);
            default -> new StepOutcome.Failed(FailureReason.INVALID_INPUT, step.kind() + " is not a rollout step");
        };
    }

    private StepOutcome trigger(Renewal renewal, ClusterProfile.ManagementRef ref) {
        Optional<ManagementCluster.ControlPlane> controlPlane = management.controlPlane(ref);
        if (controlPlane.isEmpty()) {
            return new StepOutcome.Failed(
                    FailureReason.INVALID_INPUT,
                    "no KubeadmControlPlane of cluster " + ref.name() + " in namespace " + ref.namespace());
        }
        List<String> machines = management.controlPlaneMachines(ref).stream()
                .map(ManagementCluster.Machine::name)
                .toList();
        Optional<Instant> patched = controlPlane.get().rolloutAfter();
        if (patched.isPresent()
                && renewal.startedAt()
                        .filter(started -> !patched.get().isBefore(started))
                        .isPresent()) {
            // an earlier attempt of this renewal patched it already: patching again would restart the rollout
            return new StepOutcome.Done(
                    new StepResult.RolloutTriggered(controlPlane.get().name(), patched.get(), machines));
        }
        Instant now = clock.instant();
        management.rollOutAfter(ref, controlPlane.get().name(), now, settings.rolloutBeforeDays());
        return new StepOutcome.Done(
                new StepResult.RolloutTriggered(controlPlane.get().name(), now, machines));
    }

    private StepOutcome await(ClusterProfile.ManagementRef ref, List<RenewalStep> steps) {
        Optional<StepResult.RolloutTriggered> triggered = steps.stream()
                .flatMap(s -> s.result(StepResult.RolloutTriggered.class).stream())
                .findFirst();
        if (triggered.isEmpty()) {
            return new StepOutcome.Failed(FailureReason.INVALID_INPUT, "the rollout was not triggered");
        }
        Set<String> previous = Set.copyOf(triggered.get().previousMachines());
        int replicas = management
                .controlPlane(ref)
                .map(ManagementCluster.ControlPlane::replicas)
                .orElse(previous.size());
        List<ManagementCluster.Machine> machines = management.controlPlaneMachines(ref);
        List<String> remaining = machines.stream()
                .map(ManagementCluster.Machine::name)
                .filter(previous::contains)
                .toList();
        List<ManagementCluster.Machine> replacements = machines.stream()
                .filter(m -> !previous.contains(m.name()))
                .filter(m -> "Running".equals(m.phase()))
                .toList();
        if (remaining.isEmpty() && replacements.size() >= replicas) {
            return new StepOutcome.Done(new StepResult.RolloutFinished(
                    replacements.stream().map(ManagementCluster.Machine::name).toList(),
                    replacements.stream()
                            .map(m -> m.nodeName().orElse(m.name()))
                            .toList()));
        }
        Instant now = clock.instant();
        String progress = replacements.size() + " of " + replicas + " control-plane Machines replaced, " + remaining
                + " still to go";
        if (now.isAfter(triggered.get().rolloutAfter().plus(settings.rolloutTimeout()))) {
            return new StepOutcome.Failed(
                    FailureReason.POLICY,
                    "the rollout of " + triggered.get().controlPlane() + " did not finish within "
                            + settings.rolloutTimeout() + ": " + progress);
        }
        return new StepOutcome.Waiting(now.plus(settings.rolloutPollInterval()), progress);
    }

    private StepOutcome verify(
            Renewal renewal, ClusterProfile cluster, ClusterProfile.ManagementRef ref, List<RenewalStep> steps) {
        Optional<StepResult.RolloutFinished> finished = steps.stream()
                .flatMap(s -> s.result(StepResult.RolloutFinished.class).stream())
                .findFirst();
        if (finished.isEmpty()) {
            return new StepOutcome.Failed(FailureReason.INVALID_INPUT, "the rollout did not finish");
        }
        List<String> notRunning = management.controlPlaneMachines(ref).stream()
                .filter(m -> finished.get().machines().contains(m.name()))
                .filter(m -> !"Running".equals(m.phase()))
                .map(m -> m.name() + " " + m.phase())
                .toList();
        if (!notRunning.isEmpty()) {
            return new StepOutcome.Failed(FailureReason.UNREACHABLE, "new Machines not running: " + notRunning);
        }
        boolean servedChanged = false;
        boolean apiReachable = false;
        String detail;
        if (cluster.apiEndpoint().isPresent()) {
            String endpoint = cluster.apiEndpoint().get();
            try {
                ServedCertificateProbe.Observation seen = new ServedCertificateProbe(clock)
                        .probe(endpoint, Optional.empty(), List.of(), Optional.of("/healthz"), settings.apiTimeout());
                X509Certificate served = seen.chain().get(0);
                // a replaced control plane serves a certificate issued after the one that was expiring
                servedChanged = served.getNotAfter().toInstant().isAfter(renewal.notAfter());
                apiReachable = seen.healthzStatus().filter(s -> s == 200).isPresent();
                detail = endpoint + " serves a certificate valid until "
                        + served.getNotAfter().toInstant()
                        + seen.healthzStatus().map(s -> ", /healthz " + s).orElse("");
            } catch (RuntimeException e) {
                return new StepOutcome.Failed(
                        FailureReason.UNREACHABLE,
                        "cannot reach " + endpoint + " (" + e.getClass().getSimpleName() + ")");
            }
            if (!servedChanged) {
                return new StepOutcome.Failed(FailureReason.UNREACHABLE, detail + ": still the old certificate");
            }
        } else {
            detail = "no API endpoint in the inventory: the served certificate was not checked; "
                    + finished.get().machines().size() + " new control-plane Machines are running";
        }
        return new StepOutcome.Done(new StepResult.RolloutVerified(
                new RenewalVerification(servedChanged, apiReachable, List.of(), detail),
                finished.get().nodes()));
    }
}
