package io.certfleet.nodeagent;

import io.certfleet.nodeagent.runtime.ContainerRuntime;
import io.certfleet.nodeagent.runtime.ContainerRuntimeException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A container runtime in memory: stopping a static pod's container makes the "kubelet" start a new one. */
final class FakeContainerRuntime implements ContainerRuntime {
    final Map<String, List<String>> running = new LinkedHashMap<>();
    final List<String> stopped = new ArrayList<>();
    boolean kubeletReplaces = true;
    Optional<ContainerRuntimeException> failure = Optional.empty();
    private int next = 1;

    static FakeContainerRuntime withControlPlane() {
        FakeContainerRuntime runtime = new FakeContainerRuntime();
        for (String name : NodeRequest.RestartControlPlane.STATIC_PODS) {
            runtime.start(name);
        }
        runtime.start("etcd-defrag");
        return runtime;
    }

    String start(String name) {
        String id = name + "-" + next++;
        running.computeIfAbsent(name, n -> new ArrayList<>()).add(id);
        return id;
    }

    @Override
    public List<String> runningContainers(String name) {
        failure.ifPresent(f -> {
            throw f;
        });
        return List.copyOf(running.getOrDefault(name, List.of()));
    }

    @Override
    public void stop(String containerId) {
        failure.ifPresent(f -> {
            throw f;
        });
        for (Map.Entry<String, List<String>> entry : running.entrySet()) {
            if (entry.getValue().remove(containerId)) {
                stopped.add(containerId);
                if (kubeletReplaces) {
                    start(entry.getKey());
                }
                return;
            }
        }
    }
}
