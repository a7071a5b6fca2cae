package io.certfleet.renewal.adapter.out;

import io.certfleet.nodeagent.LocalNodeExecutor;
import io.certfleet.nodeagent.NodeExecutor;
import io.certfleet.nodeagent.NodeTarget;
import io.certfleet.nodeagent.runtime.Pause;
import io.certfleet.renewal.application.ClusterDirectory;
import io.certfleet.renewal.application.ClusterProfile;
import io.certfleet.renewal.application.NodeAccess;
import io.certfleet.renewal.config.RenewalSettings;
import io.certfleet.renewal.domain.policy.NodeAccessPath;
import jakarta.inject.Singleton;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * Local node access: node-agent in-process on a directory per node ({@code localRoot} of the inventory's node or
 * cluster, else {@code <certfleet.renewal.local-node-root>/<cluster>/<node>}), restarting static pods through {@link
 * FileSignalContainerRuntime}. Both access paths use it: in the simulator, "over SSH" and "through the API" reach the
 * same directory. {@link InventoryNodeAccess} routes {@code LOCAL} clusters here.
 */
@Singleton
final class LocalNodeAccess implements NodeAccess {
    private final NodeExecutor executor;

    LocalNodeAccess(ClusterDirectory clusters, RenewalSettings settings, Clock clock) {
        this.executor = new LocalNodeExecutor(
                target -> root(clusters, settings, target).filter(Files::isDirectory),
                target -> new FileSignalContainerRuntime(
                        root(clusters, settings, target).orElseThrow(), settings.restartTimeout()),
                clock,
                Pause.SLEEP);
    }

    @Override
    public NodeExecutor executor(NodeAccessPath path) {
        return executor;
    }

    /** The directory standing for a node's root file system. */
    static Optional<Path> root(ClusterDirectory clusters, RenewalSettings settings, NodeTarget target) {
        Optional<Path> listed = clusters.find(target.clusterId())
                .flatMap(c -> c.node(target.nodeName()))
                .flatMap(ClusterProfile.Node::localRoot)
                .map(Path::of);
        return listed.or(() -> settings.localNodeRootPath()
                .map(base -> Path.of(base).resolve(target.clusterId()).resolve(target.nodeName())));
    }
}
