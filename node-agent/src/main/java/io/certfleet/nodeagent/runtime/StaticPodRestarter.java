package io.certfleet.nodeagent.runtime;

import io.certfleet.nodeagent.FailureReason;
import io.certfleet.nodeagent.OperationResult.ComponentRestart;
import io.certfleet.nodeagent.OperationResult.RestartStatus;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Restarts one static control-plane pod the way seed 001 does: find its running container, stop it,
 * and (optionally) wait until the kubelet has started a new one, so the next step (verification)
 * talks to a process that has read the renewed certificates.
 */
public final class StaticPodRestarter {

    /** How often the runtime is asked whether the replacement container runs. */
    static final Duration POLL = Duration.ofSeconds(1);

    private final ContainerRuntime runtime;
    private final Pause pause;

    public StaticPodRestarter(ContainerRuntime runtime, Pause pause) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.pause = Objects.requireNonNull(pause, "pause");
    }

    public ComponentRestart restart(String component, boolean awaitReplacement, Duration timeout) {
        List<String> running = runtime.runningContainers(component);
        if (running.isEmpty()) {
            return new ComponentRestart(component, RestartStatus.NOT_RUNNING, List.of(), List.of());
        }
        for (String id : running) {
            runtime.stop(id);
        }
        if (!awaitReplacement) {
            return new ComponentRestart(component, RestartStatus.RESTARTED, running, List.of());
        }
        Set<String> stopped = new HashSet<>(running);
        long polls = Math.max(1, timeout.toMillis() / POLL.toMillis());
        for (long poll = 0; poll <= polls; poll++) {
            List<String> replacements = runtime.runningContainers(component).stream()
                    .filter(id -> !stopped.contains(id))
                    .toList();
            if (!replacements.isEmpty()) {
                return new ComponentRestart(component, RestartStatus.RESTARTED, running, replacements);
            }
            try {
                pause.pause(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ContainerRuntimeException(FailureReason.TRANSIENT, "interrupted waiting for " + component, e);
            }
        }
        return new ComponentRestart(component, RestartStatus.NOT_REPLACED, running, List.of());
    }
}
