package io.certfleet.scanner.adapter.out;

import io.certfleet.nodeagent.NodeScan;
import io.certfleet.nodeagent.OperationResult.ScanResult;
import io.certfleet.pki.checkexpiration.KubeadmLayout;
import io.certfleet.pki.read.CertificateReader;
import io.certfleet.scanner.application.NodeFiles;
import io.certfleet.scanner.domain.inventory.Cluster;
import io.certfleet.scanner.domain.inventory.ClusterNode;
import io.certfleet.scanner.domain.inventory.NodeAccess;
import io.certfleet.scanner.domain.scan.ScanScope;
import io.certfleet.scanner.domain.scan.SourceReading;
import jakarta.inject.Singleton;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * {@link NodeFiles} for nodes reached as a local directory ({@link NodeAccess#LOCAL}: fleet-sim, the demo, tests).
 * It runs node-agent's scan ({@link NodeScan}: {@code check-expiration} over the kubeadm layout, {@code kubelet.conf}'s
 * embedded client certificate, the kubelet's {@code rotateCertificates}) in-process on the node's directory and reads
 * the result as {@link NodeAgentFiles} reads an agent's answer ({@link NodeScanReading}). Nodes reached otherwise
 * (Kubernetes Job, SSH) are read by {@link NodeAgentFiles} through node-agent's executors; asked for one directly, this
 * adapter reports it unreachable.
 *
 * <p>Locations are the paths as seen on the node ({@code /etc/kubernetes/pki/apiserver.crt}), never the directory
 * that stands for the node's root. File references in a kubeconfig are never followed outside that root.
 */
@Singleton
final class LocalNodeFiles implements NodeFiles {
    private final CertificateReader reader;
    private final Clock clock;

    LocalNodeFiles(CertificateReader reader, Clock clock) {
        this.reader = reader;
        this.clock = clock;
    }

    @Override
    public SourceReading read(Cluster cluster, ClusterNode node) {
        ScanScope scope = ScanScope.node(node.name());
        String source = "node " + node.name();
        if (cluster.nodeAccess() == NodeAccess.NONE) {
            return SourceReading.nothing(scope);
        }
        if (cluster.nodeAccess() != NodeAccess.LOCAL) {
            return SourceReading.unreachable(
                    scope,
                    source,
                    "node access " + cluster.nodeAccess() + " is read through node-agent's executors"
                            + " (NodeAgentFiles), not in-process");
        }
        if (node.localRoot().isEmpty()) {
            return SourceReading.unreachable(scope, source, "no local directory is registered for the node");
        }
        Path root = Path.of(node.localRoot().get());
        if (!Files.isDirectory(root)) {
            return SourceReading.unreachable(scope, source, "the node's directory does not exist");
        }
        try {
            return readNode(node, root, scope);
        } catch (RuntimeException e) {
            // a defect in a reader must not stop the fleet scan; the reason names no content
            return SourceReading.failed(
                    scope,
                    source,
                    "internal error while reading the node (" + e.getClass().getSimpleName() + ")");
        }
    }

    private SourceReading readNode(ClusterNode node, Path root, ScanScope scope) {
        KubeadmLayout layout = KubeadmLayout.underRoot(root);
        Path kubeletConfig = layout.kubeletDir().resolveSibling(NodeScan.KUBELET_CONFIG);
        ScanResult scan = new NodeScan(reader, clock, p -> onNode(root, p.toString())).scan(layout, kubeletConfig);
        return NodeScanReading.of(node, scope, scan);
    }

    /** A path under the node's root as the node sees it: {@code /etc/kubernetes/pki/ca.crt}. */
    private static String onNode(Path root, String path) {
        Path p = Path.of(path);
        if (p.isAbsolute() && p.normalize().startsWith(root)) {
            return "/" + root.relativize(p.normalize()).toString().replace('\\', '/');
        }
        return path;
    }
}
