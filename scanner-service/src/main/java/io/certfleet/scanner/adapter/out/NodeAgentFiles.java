package io.certfleet.scanner.adapter.out;

import io.certfleet.events.ScanError;
import io.certfleet.events.SourceKind;
import io.certfleet.nodeagent.NodeRequest;
import io.certfleet.nodeagent.NodeResponse;
import io.certfleet.nodeagent.OperationResult.ScanResult;
import io.certfleet.nodeagent.OperationResult.ScannedCertificate;
import io.certfleet.pki.checkexpiration.ReportError;
import io.certfleet.scanner.application.NodeFiles;
import io.certfleet.scanner.domain.inventory.Cluster;
import io.certfleet.scanner.domain.inventory.ClusterNode;
import io.certfleet.scanner.domain.inventory.NodeAccess;
import io.certfleet.scanner.domain.inventory.NodeRole;
import io.certfleet.scanner.domain.scan.CertificateLocation;
import io.certfleet.scanner.domain.scan.ObservedCertificate;
import io.certfleet.scanner.domain.scan.ScanScope;
import io.certfleet.scanner.domain.scan.SourceReading;
import io.micronaut.context.annotation.Primary;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@link NodeFiles} of every cluster, by its {@link NodeAccess}: {@code LOCAL} (and {@code NONE}) in-process with
 * {@link LocalNodeFiles}; {@code KUBERNETES_JOB} and {@code SSH} by a node-agent {@code SCAN} through node-access's
 * executors ({@link RemoteNodes}), its answer read the way {@link LocalNodeFiles} reads a node: the same locations
 * (paths as on the node), kubeadm names, CAs, findings, and the same "missing" rules for workers and control-plane
 * nodes.
 *
 * <p>A node the executor cannot reach ({@code UNREACHABLE}, {@code TRANSIENT}) is an unreachable reading; a refusal
 * ({@code POLICY}: host key, RBAC, sudo) or a bad answer ({@code INVALID_INPUT}) is a failed one. Either way the
 * node's inventory rows are kept until it is read again.
 *
 * <p>Not read remotely yet (node-agent's {@code SCAN} does not report them): an embedded client certificate in
 * {@code kubelet.conf}, and the kubelet's {@code rotateCertificates} setting.
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
            when completed.result() instanceof ScanResult scan -> read(node, scope, scan);
            case NodeResponse.Completed completed ->
                SourceReading.failed(
                        scope, source, via + ": the node agent answered " + completed.operation() + " to a SCAN");
        };
    }

    private static SourceReading read(ClusterNode node, ScanScope scope, ScanResult scan) {
        boolean worker = node.role() == NodeRole.WORKER;
        List<ObservedCertificate> certificates = new ArrayList<>();
        List<ScanError> errors = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        scan.errors().stream().map(ReportError::path).forEach(reported::add);
        List<ScannedCertificate> rows = new ArrayList<>(scan.certificates());
        rows.addAll(scan.authorities());
        for (ScannedCertificate row : rows) {
            switch (row.presence()) {
                case PRESENT -> {
                    if (row.facts() == null) {
                        errors.add(new ScanError(row.path(), "the node agent reported it without its facts"));
                    } else {
                        certificates.add(observed(node, row, worker));
                    }
                }
                case MISSING -> {
                    boolean expected = worker
                            ? LocalNodeFiles.WORKER_ROWS.contains(row.name())
                            : !LocalNodeFiles.OPTIONAL_ROWS.contains(row.name());
                    if (expected) {
                        errors.add(new ScanError(
                                row.path(),
                                "missing: " + row.name() + " is expected on a " + (worker ? "worker" : "control-plane")
                                        + " node"));
                    }
                }
                case UNREADABLE -> {
                    if (!reported.contains(row.path())) {
                        errors.add(new ScanError(row.path(), row.reason() == null ? "unreadable" : row.reason()));
                    }
                }
            }
        }
        for (ReportError error : scan.errors()) {
            errors.add(new ScanError(error.path(), error.reason()));
        }
        return SourceReading.read(scope, certificates, errors);
    }

    private static ObservedCertificate observed(ClusterNode node, ScannedCertificate row, boolean worker) {
        SourceKind kind = row.path().endsWith(".conf") ? SourceKind.KUBECONFIG : SourceKind.NODE_FILE;
        return new ObservedCertificate(
                CertificateLocation.onNode(node.name(), kind, row.path(), row.index() == null ? 0 : row.index()),
                Optional.of(row.name()),
                Optional.ofNullable(row.certificateAuthority()),
                // kubeadm's "externally managed" means the CA key is absent, which is always so on a worker
                !worker && Boolean.TRUE.equals(row.externallyManaged()),
                PublicFacts.of(row.facts()),
                PublicFacts.findings(row.findings() == null ? List.of() : row.findings()));
    }
}
