package io.certfleet.renewal.adapter.out;

import io.certfleet.nodeagent.FailureReason;
import io.certfleet.nodeagent.runtime.ContainerRuntime;
import io.certfleet.nodeagent.runtime.ContainerRuntimeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The container runtime of a node directory (local node access: the simulator and the demo), spoken through files so
 * that the "kubelet" may live in another process — in the demo the simulated fleet runs in another JVM than this
 * service. Under the node's root:
 *
 * <ul>
 *   <li>{@code run/certfleet/containers/<name>} holds the id of the running container {@code <name>} (kube-apiserver,
 *       kube-controller-manager, kube-scheduler, etcd). The simulated kubelet writes it when the node starts and after
 *       every restart; no file means the container is not running.
 *   <li>To stop a container, this runtime writes its id to {@code run/certfleet/stop/<name>} (a temporary file renamed
 *       into place). The kubelet restarts the static pod (its TLS endpoint re-reads the files), writes the new id to
 *       the container file, then deletes the stop file. {@link #stop} returns when the id changed (like {@code crictl
 *       stop}, which returns once the container stopped).
 * </ul>
 *
 * Restarting then looks to node-agent's {@code RESTART_CONTROL_PLANE} exactly like crictl on a real node: a new
 * container id appears.
 */
final class FileSignalContainerRuntime implements ContainerRuntime {
    static final String CONTAINERS = "run/certfleet/containers";
    static final String STOP = "run/certfleet/stop";
    private static final Duration POLL = Duration.ofMillis(20);

    private final Path root;
    private final Duration timeout;
    private final Map<String, String> names = new HashMap<>();

    /**
     * @param root the node's root directory
     * @param timeout how long a stop may wait for the kubelet
     */
    FileSignalContainerRuntime(Path root, Duration timeout) {
        this.root = root;
        this.timeout = timeout;
    }

    @Override
    public List<String> runningContainers(String name) {
        Optional<String> id = read(root.resolve(CONTAINERS).resolve(name));
        id.ifPresent(value -> names.put(value, name));
        return id.stream().toList();
    }

    @Override
    public void stop(String containerId) {
        String name = names.computeIfAbsent(containerId, this::nameOf);
        if (name == null) {
            return; // no container with that id: already gone
        }
        Path container = root.resolve(CONTAINERS).resolve(name);
        if (!read(container).equals(Optional.of(containerId))) {
            return;
        }
        Path stop = root.resolve(STOP).resolve(name);
        try {
            Files.createDirectories(stop.getParent());
            Path temporary = Files.createTempFile(stop.getParent(), "." + name, ".tmp");
            Files.writeString(temporary, containerId, StandardCharsets.UTF_8);
            Files.move(temporary, stop, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new ContainerRuntimeException(
                    FailureReason.TRANSIENT, "cannot ask the kubelet to stop " + name + ": " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (read(container).equals(Optional.of(containerId))) {
            if (System.nanoTime() > deadline) {
                throw new ContainerRuntimeException(
                        FailureReason.UNREACHABLE,
                        "no kubelet stopped " + name + " within " + timeout.toSeconds() + "s (nothing answers " + STOP
                                + "/" + name + ")");
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ContainerRuntimeException(FailureReason.TRANSIENT, "interrupted stopping " + name, e);
            }
        }
    }

    private String nameOf(String containerId) {
        try (Stream<Path> files = Files.list(root.resolve(CONTAINERS))) {
            return files.filter(f -> read(f).equals(Optional.of(containerId)))
                    .map(f -> f.getFileName().toString())
                    .findFirst()
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static Optional<String> read(Path file) {
        try {
            String id = Files.readString(file, StandardCharsets.UTF_8).strip();
            return id.isEmpty() ? Optional.empty() : Optional.of(id);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new ContainerRuntimeException(
                    FailureReason.TRANSIENT, "cannot read " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }
}
