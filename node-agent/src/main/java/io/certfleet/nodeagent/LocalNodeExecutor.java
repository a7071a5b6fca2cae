package io.certfleet.nodeagent;

import io.certfleet.nodeagent.runtime.ContainerRuntime;
import io.certfleet.nodeagent.runtime.Pause;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * {@link NodeExecutor} in-process: each node is a directory standing for its root file system. The
 * request and the response go through their JSON form, exactly as they would to a Job or over SSH,
 * so the simulator exercises the same contract as production. Operations on one node run one at a
 * time (a node agent never races itself on {@code /etc/kubernetes}); different nodes run in parallel.
 */
public final class LocalNodeExecutor implements NodeExecutor {

    private final Function<NodeTarget, Optional<Path>> roots;
    private final Function<NodeTarget, ContainerRuntime> runtimes;
    private final Clock clock;
    private final Pause pause;
    private final ConcurrentHashMap<NodeTarget, Object> locks = new ConcurrentHashMap<>();

    /**
     * @param roots the root directory of each node; empty for a node that does not exist
     * @param runtimes the container runtime of each node (the simulator's)
     */
    public LocalNodeExecutor(
            Function<NodeTarget, Optional<Path>> roots,
            Function<NodeTarget, ContainerRuntime> runtimes,
            Clock clock,
            Pause pause) {
        this.roots = Objects.requireNonNull(roots, "roots");
        this.runtimes = Objects.requireNonNull(runtimes, "runtimes");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pause = Objects.requireNonNull(pause, "pause");
    }

    /** Nodes under {@code base/<clusterId>/<nodeName>}. */
    public static LocalNodeExecutor under(
            Path base, Function<NodeTarget, ContainerRuntime> runtimes, Clock clock, Pause pause) {
        return new LocalNodeExecutor(
                target -> Optional.of(base.resolve(target.clusterId()).resolve(target.nodeName()))
                        .filter(Files::isDirectory),
                runtimes,
                clock,
                pause);
    }

    @Override
    public NodeResponse execute(NodeTarget target, NodeRequest request) {
        NodeRequest received;
        try {
            received = NodeJson.readRequest(NodeJson.write(request));
        } catch (NodeAgentException e) {
            return new NodeResponse.Failed(request.operation(), NodeError.of(e.reason(), e.getMessage()));
        }
        Optional<Path> root = roots.apply(target);
        if (root.isEmpty() || !Files.isDirectory(root.get())) {
            return new NodeResponse.Failed(
                    request.operation(), NodeError.of(FailureReason.UNREACHABLE, "no node " + target));
        }
        NodeResponse response;
        synchronized (locks.computeIfAbsent(target, t -> new Object())) {
            response = new NodeAgent(root.get(), runtimes.apply(target), clock, pause).handle(received);
        }
        return NodeJson.readResponse(NodeJson.write(response));
    }
}
