package io.certfleet.fleetsim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIMULATOR ONLY. The other side of renewal-service's file-signalled container runtime, for fleet-sim nodes: what the demo's
 * simulator process runs so that a renewal-service in another JVM can restart static pods (see the renewal-service
 * README, "Local node access"). Under each control-plane node's root it keeps {@code run/certfleet/containers/<name>}
 * holding the running container's id; when {@code run/certfleet/stop/<name>} appears with that id, it restarts the
 * static pod ({@link SimulatedNode#restartStaticPod}: the TLS endpoint re-reads its files), writes a new id and deletes
 * the stop file.
 *
 * <p>A test can hold a node: its stop requests then wait (a kubelet that does not answer), which is how the kill test
 * stops the service in the middle of a node.
 */
public final class SimulatedKubelets implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedKubelets.class);
    public static final String CONTAINERS = "run/certfleet/containers";
    public static final String STOP = "run/certfleet/stop";

    /** One restart done: which node, which component, when. */
    public record Restart(String node, String component, Instant at) {}

    private final List<SimulatedNode> nodes;
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> generations = new ConcurrentHashMap<>();
    private final List<Restart> restarts = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService loop;

    public SimulatedKubelets(List<SimulatedNode> controlPlaneNodes) {
        this.nodes = List.copyOf(controlPlaneNodes);
        for (SimulatedNode node : nodes) {
            for (ControlPlaneComponent component : ControlPlaneComponent.values()) {
                write(node.root().resolve(CONTAINERS).resolve(component.componentName()), id(node, component));
            }
        }
        this.loop = Executors.newSingleThreadScheduledExecutor(
                task -> Thread.ofPlatform().daemon().name("simulated-kubelets").unstarted(task));
        loop.scheduleWithFixedDelay(this::run, 0, 10, TimeUnit.MILLISECONDS);
    }

    /** The node's stop requests wait until {@link #release}. */
    public void hold(String nodeName) {
        held.add(nodeName);
    }

    public void release(String nodeName) {
        held.remove(nodeName);
    }

    public List<Restart> restarts() {
        return List.copyOf(restarts);
    }

    private void run() {
        for (SimulatedNode node : nodes) {
            if (held.contains(node.name())) {
                continue;
            }
            for (ControlPlaneComponent component : ControlPlaneComponent.values()) {
                try {
                    serve(node, component);
                } catch (UncheckedIOException e) {
                    // a file replaced under our feet: the next round looks again
                } catch (RuntimeException e) {
                    // a scheduled task that throws is never run again: every later restart would hang unanswered
                    LOG.warn("simulated kubelet of {}: serving {} failed: {}", node.name(), component, e.toString());
                }
            }
        }
    }

    private void serve(SimulatedNode node, ControlPlaneComponent component) {
        Path stop = node.root().resolve(STOP).resolve(component.componentName());
        Optional<String> requested = read(stop);
        if (requested.isEmpty()) {
            return;
        }
        Path container = node.root().resolve(CONTAINERS).resolve(component.componentName());
        if (requested.equals(read(container))) {
            try {
                node.restartStaticPod(component);
            } catch (ComponentStartException e) {
                // a crash-looping static pod: a new container that serves nothing; verification finds out
            } catch (RuntimeException e) {
                // the same for a failure the simulator did not foresee, but said: it is a bug of the simulator
                LOG.warn("simulated kubelet of {}: restarting {} failed: {}", node.name(), component, e.toString());
            }
            restarts.add(new Restart(node.name(), component.componentName(), Instant.now()));
            write(container, id(node, component));
        }
        try {
            Files.deleteIfExists(stop);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String id(SimulatedNode node, ControlPlaneComponent component) {
        int generation = generations
                .computeIfAbsent(node.name() + "/" + component, k -> new AtomicInteger())
                .incrementAndGet();
        return component.componentName() + "-" + node.name() + "-" + generation;
    }

    private static Optional<String> read(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), ".id", ".tmp");
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        loop.shutdownNow();
    }
}
