package io.certfleet.nodeagent.runtime;

import java.util.List;

/**
 * The node's container runtime, as far as restarting static control-plane pods needs it: stopping a
 * static pod's container makes the kubelet start a new one, which reads the renewed certificates
 * (seed 001). {@link CrictlContainerRuntime} drives {@code crictl}; the simulator provides its own.
 * Methods throw {@link ContainerRuntimeException} with a reason that says whether a retry helps.
 */
public interface ContainerRuntime {

    /** Ids of the running containers whose name is exactly {@code name} ({@code etcd}, not {@code etcd-defrag}). */
    List<String> runningContainers(String name);

    /** Stops a container; one that is already gone counts as stopped. */
    void stop(String containerId);
}
