package io.certfleet.scanner.adapter.out;

import io.certfleet.events.Finding;
import io.certfleet.events.FindingSeverity;
import io.certfleet.events.ScanError;
import io.certfleet.events.SourceKind;
import io.certfleet.nodeagent.OperationResult.KubeletScan;
import io.certfleet.nodeagent.OperationResult.ScanResult;
import io.certfleet.nodeagent.OperationResult.ScannedCertificate;
import io.certfleet.pki.checkexpiration.ReportError;
import io.certfleet.pki.kubeadm.KubeadmCertificate;
import io.certfleet.scanner.domain.inventory.ClusterNode;
import io.certfleet.scanner.domain.inventory.NodeRole;
import io.certfleet.scanner.domain.scan.CertificateLocation;
import io.certfleet.scanner.domain.scan.ObservedCertificate;
import io.certfleet.scanner.domain.scan.ScanScope;
import io.certfleet.scanner.domain.scan.ScannerFindings;
import io.certfleet.scanner.domain.scan.SourceReading;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A node-agent {@code SCAN} result as the scanner's reading of the node, whether the agent ran on the node ({@link
 * NodeAgentFiles}) or in-process on a directory standing for it ({@link LocalNodeFiles}): one set of rules, so a node
 * reads the same either way. Locations are the node's paths, kinds follow the file ({@code *.conf} is a kubeconfig),
 * rows a node of its role is expected to have and lacks are errors, and a kubelet that does not rotate its client
 * certificate gets {@link ScannerFindings#KUBELET_ROTATION_DISABLED} on {@code kubelet-client}.
 */
final class NodeScanReading {
    /** Rows every node has, workers included; the other kubeadm rows exist only on control-plane nodes. */
    static final Set<String> WORKER_ROWS =
            Set.of("ca", "kubelet-client", "kubelet-serving", KubeadmCertificate.KUBELET_CONF.kubeadmName());
    /** Rows a control-plane node may lack: super-admin.conf exists only on the node that ran kubeadm init (v1.29+). */
    static final Set<String> OPTIONAL_ROWS = Set.of("super-admin.conf");

    private NodeScanReading() {}

    static SourceReading of(ClusterNode node, ScanScope scope, ScanResult scan) {
        boolean worker = node.role() == NodeRole.WORKER;
        List<ObservedCertificate> certificates = new ArrayList<>();
        List<ScanError> errors = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        scan.errors().stream().map(ReportError::path).forEach(reported::add);
        List<ScannedCertificate> rows = new ArrayList<>(scan.certificates());
        rows.addAll(scan.authorities());
        // an agent older than the kubelet part answers without it: nothing is known, so nothing is reported
        Optional<KubeletScan> kubelet = Optional.ofNullable(scan.kubelet());
        kubelet.ifPresent(k -> rows.addAll(k.kubeconfigCertificates()));
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
                    boolean expected = worker ? WORKER_ROWS.contains(row.name()) : !OPTIONAL_ROWS.contains(row.name());
                    if (expected) {
                        errors.add(new ScanError(
                                row.path(),
                                "missing: " + row.name() + " is expected on a " + (worker ? "worker" : "control-plane")
                                        + " node"));
                    }
                }
                case UNREADABLE -> {
                    // the agent reports an unreadable row among its errors as well
                    if (!reported.contains(row.path())) {
                        errors.add(new ScanError(row.path(), row.reason() == null ? "unreadable" : row.reason()));
                    }
                }
            }
        }
        for (ReportError error : scan.errors()) {
            errors.add(new ScanError(error.path(), error.reason()));
        }
        kubelet.flatMap(NodeScanReading::rotationDisabled).ifPresent(reason -> {
            for (int i = 0; i < certificates.size(); i++) {
                ObservedCertificate c = certificates.get(i);
                if (c.kubeadmName().equals(Optional.of(KubeadmCertificate.KUBELET_CLIENT.kubeadmName()))
                        && c.at().index() == 0) {
                    certificates.set(
                            i,
                            c.withFinding(new Finding(
                                    ScannerFindings.KUBELET_ROTATION_DISABLED, FindingSeverity.WARNING, reason)));
                }
            }
        });
        return SourceReading.read(scope, certificates, errors);
    }

    /**
     * Seed 000 step 8: the kubelet renews {@code kubelet-client-current.pem} only with {@code rotateCertificates: true};
     * why it does not, when it does not. Nothing when the KubeletConfiguration was absent or unreadable.
     */
    static Optional<String> rotationDisabled(KubeletScan kubelet) {
        if (kubelet.rotateCertificates() == null || kubelet.rotateCertificates()) {
            return Optional.empty();
        }
        String consequence = ": the kubelet client certificate is not renewed before it expires";
        if (kubelet.rotateCertificatesValue() == null) {
            return Optional.of(
                    "rotateCertificates is not set in " + kubelet.config() + " (it defaults to false)" + consequence);
        }
        return Optional.of(
                "rotateCertificates: " + kubelet.rotateCertificatesValue() + " in " + kubelet.config() + consequence);
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
