package io.certfleet.scanner.adapter.out;

import io.certfleet.nodeagent.NodeRequest;
import io.certfleet.nodeagent.NodeResponse;
import io.certfleet.nodeagent.OperationResult.ScanResult;
import io.certfleet.scanner.application.NodeFiles;
import io.certfleet.scanner.domain.inventory.Cluster;
import io.certfleet.scanner.domain.inventory.ClusterNode;
import io.certfleet.scanner.domain.inventory.NodeAccess;
import io.certfleet.scanner.domain.scan.ScanScope;
import io.certfleet.scanner.domain.scan.SourceReading;
import io.micronaut.context.annotation.Primary;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * {@link NodeFiles} of every cluster, by its {@link NodeAccess}: {@code LOCAL} (and {@code NONE}) in-process with
 * {@link LocalNodeFiles}; {@code KUBERNETES_JOB} and {@code SSH} by a node-agent {@code SCAN} through node-access's
 * executors ({@link RemoteNodes}). Both end in the same node-agent {@code ScanResult} ({@code NodeScan} ran on the node,
 * or in-process on its directory) read by the same rules ({@link NodeScanReading}), so a node gives the same
 * locations (paths as on the node), kubeadm names, CAs, fingerprints and findings either way: the check-expiration
 * rows, {@code kubelet.conf}'s embedded client certificate, {@code KUBELET_ROTATION_DISABLED} on {@code kubelet-client}
 * when the KubeletConfiguration does not set {@code rotateCertificates: true}, and the same "missing" rules for
 * workers and control-plane nodes.
 *
 * <p>A node the executor cannot reach ({@code UNREACHABLE}, {@code TRANSIENT}) is an unreachable reading; a refusal
 * ({@code POLICY}: host key, RBAC, sudo) or a bad answer ({@code INVALID_INPUT}) is a failed one. Either way the
 * node's inventory rows are kept until it is read again.
 *
 * <p>An agent older than the {@code kubelet} part of {@code SCAN} answers without it: its nodes then lack the {@code
 * kubelet.conf} row and the rotation finding (neither is reported missing) until the agent is upgraded.
 */
@Primary
@Singleton
final class NodeAgentFiles implements NodeFiles {

    /** Runs one request on a node of a {@code KUBERNETES_JOB} or {@code SSH} cluster. */
    @FunctionalInterface
    interface RemoteNodes {
        NodeResponse execute(Cluster cluster, ClusterNode node, NodeRequest request);
    }

    private final LocalNodeFiles local;
    private final RemoteNodes remote;
    private final Clock clock;

    NodeAgentFiles(LocalNodeFiles local, RemoteNodes remote, Clock clock) {
        this.local = local;
        this.remote = remote;
        this.clock = clock;
    }

    @Override
    public SourceReading read(Cluster cluster, ClusterNode node) {
        return switch (cluster.nodeAccess()) {
            case LOCAL, NONE -> local.read(cluster, node);
            case KUBERNETES_JOB, SSH -> remote(cluster, node);
        };
    }

    private SourceReading remote(Cluster cluster, ClusterNode node) {
        ScanScope scope = ScanScope.node(node.name());
        String source = "node " + node.name();
        String via = cluster.nodeAccess() == NodeAccess.SSH ? "SSH" : "Kubernetes Job";
        NodeResponse response;
        try {
            // the scanner's clock, so that a node's clock does not decide what has expired
            response = remote.execute(cluster, node, new NodeRequest.Scan(null, clock.instant()));
        } catch (RuntimeException e) {
            // executors answer rather than throw; a defect must still not stop the fleet scan
            return SourceReading.failed(
                    scope, source, via + ": internal error (" + e.getClass().getSimpleName() + ")");
        }
        return switch (response) {
            case NodeResponse.Failed failed -> {
                String reason = via + ": " + failed.error().message();
                yield switch (failed.error().reason()) {
                    case UNREACHABLE, TRANSIENT -> SourceReading.unreachable(scope, source, reason);
                    case POLICY, INVALID_INPUT -> SourceReading.failed(scope, source, reason);
                };
            }
            case NodeResponse.Completed completed
            when completed.result() instanceof ScanResult scan -> NodeScanReading.of(node, scope, scan);
            case NodeResponse.Completed completed ->
                SourceReading.failed(
                        scope, source, via + ": the node agent answered " + completed.operation() + " to a SCAN");
        };
    }
}
