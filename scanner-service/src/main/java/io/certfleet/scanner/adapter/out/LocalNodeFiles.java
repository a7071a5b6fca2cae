package io.certfleet.scanner.adapter.out;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.certfleet.events.FindingSeverity;
import io.certfleet.events.ScanError;
import io.certfleet.events.SourceKind;
import io.certfleet.pki.checkexpiration.CertificateEntry;
import io.certfleet.pki.checkexpiration.CheckExpiration;
import io.certfleet.pki.checkexpiration.CheckExpirationReport;
import io.certfleet.pki.checkexpiration.ExpirationRow;
import io.certfleet.pki.checkexpiration.KubeadmLayout;
import io.certfleet.pki.checkexpiration.ReportError;
import io.certfleet.pki.kubeadm.KubeadmCertificate;
import io.certfleet.pki.lint.CertificateLint;
import io.certfleet.pki.read.CertificateReader;
import io.certfleet.pki.read.FoundCertificate;
import io.certfleet.pki.read.ReadResult;
import io.certfleet.scanner.application.NodeFiles;
import io.certfleet.scanner.domain.inventory.Cluster;
import io.certfleet.scanner.domain.inventory.ClusterNode;
import io.certfleet.scanner.domain.inventory.NodeAccess;
import io.certfleet.scanner.domain.inventory.NodeRole;
import io.certfleet.scanner.domain.scan.CertificateLocation;
import io.certfleet.scanner.domain.scan.ObservedCertificate;
import io.certfleet.scanner.domain.scan.ScanScope;
import io.certfleet.scanner.domain.scan.ScannerFindings;
import io.certfleet.scanner.domain.scan.SourceReading;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@link NodeFiles} for nodes reached as a local directory ({@link NodeAccess#LOCAL}: fleet-sim, the demo, tests).
 * It does what node-agent's scan does on a node — {@code check-expiration} over the kubeadm layout, plus {@code
 * kubelet.conf} and the kubelet's {@code rotateCertificates} — in-process. Nodes reached otherwise (Kubernetes Job,
 * SSH) are read by {@link NodeAgentFiles} through node-agent's executors; asked for one directly, this adapter
 * reports it unreachable.
 *
 * <p>Locations are the paths as seen on the node ({@code /etc/kubernetes/pki/apiserver.crt}), never the directory
 * that stands for the node's root. File references in a kubeconfig are never followed outside that root.
 */
@Singleton
final class LocalNodeFiles implements NodeFiles {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final String KUBELET_CONFIG = "var/lib/kubelet/config.yaml";
    /** Rows every worker has; the other kubeadm rows exist only on control-plane nodes. */
    static final Set<String> WORKER_ROWS = Set.of("ca", "kubelet-client", "kubelet-serving");
    /** Rows a control-plane node may lack: super-admin.conf exists only on the node that ran kubeadm init (v1.29+). */
    static final Set<String> OPTIONAL_ROWS = Set.of("super-admin.conf");

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
        boolean worker = node.role() == NodeRole.WORKER;
        CheckExpirationReport report = new CheckExpiration(reader, clock).check(KubeadmLayout.underRoot(root));
        List<ObservedCertificate> certificates = new ArrayList<>();
        List<ScanError> errors = new ArrayList<>();
        for (ExpirationRow row : rows(report)) {
            switch (row) {
                case ExpirationRow.Present present -> certificates.add(observed(node, root, present.entry(), worker));
                case ExpirationRow.Missing missing -> {
                    boolean expected =
                            worker ? WORKER_ROWS.contains(missing.name()) : !OPTIONAL_ROWS.contains(missing.name());
                    if (expected) {
                        errors.add(new ScanError(
                                onNode(root, missing.path()),
                                "missing: " + missing.name() + " is expected on a "
                                        + (worker ? "worker" : "control-plane") + " node"));
                    }
                }
                case ExpirationRow.Unreadable ignored -> {
                    // reported among report.errors()
                }
            }
        }
        for (ReportError error : report.errors()) {
            errors.add(new ScanError(onNode(root, error.path()), error.reason()));
        }
        kubeletConf(node, root, certificates, errors);
        Optional<String> rotation = kubeletRotation(root, errors);
        if (rotation.isPresent()) {
            for (int i = 0; i < certificates.size(); i++) {
                ObservedCertificate c = certificates.get(i);
                if (c.kubeadmName().equals(Optional.of(KubeadmCertificate.KUBELET_CLIENT.kubeadmName()))
                        && c.at().index() == 0) {
                    certificates.set(
                            i,
                            c.withFinding(new io.certfleet.events.Finding(
                                    ScannerFindings.KUBELET_ROTATION_DISABLED,
                                    FindingSeverity.WARNING,
                                    rotation.get())));
                }
            }
        }
        return SourceReading.read(scope, certificates, errors);
    }

    private static List<ExpirationRow> rows(CheckExpirationReport report) {
        List<ExpirationRow> rows = new ArrayList<>(report.certificates());
        rows.addAll(report.authorities());
        return rows;
    }

    private static ObservedCertificate observed(ClusterNode node, Path root, CertificateEntry entry, boolean worker) {
        String path = onNode(root, entry.path());
        SourceKind kind = path.endsWith(".conf") ? SourceKind.KUBECONFIG : SourceKind.NODE_FILE;
        return new ObservedCertificate(
                CertificateLocation.onNode(node.name(), kind, path, entry.index()),
                entry.name(),
                entry.certificateAuthority(),
                // kubeadm's "externally managed" means the CA key is absent, which is always so on a worker
                !worker && entry.externallyManaged(),
                PublicFacts.of(entry.facts()),
                PublicFacts.findings(entry.findings()));
    }

    /**
     * kubelet.conf's client certificate when it is embedded (old kubeadm init nodes, seed 004). When it points at a
     * file, that file is {@code kubelet-client-current.pem}, already read as kubelet-client.
     */
    private void kubeletConf(
            ClusterNode node, Path root, List<ObservedCertificate> certificates, List<ScanError> errors) {
        Path file = root.resolve("etc/kubernetes/kubelet.conf");
        String path = onNode(root, file.toString());
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            errors.add(new ScanError(path, "missing: kubelet.conf is expected on every node"));
            return;
        }
        byte[] content;
        try {
            if (Files.size(file) > reader.options().maxFileBytes()) {
                errors.add(new ScanError(path, "larger than " + reader.options().maxFileBytes() + " bytes; not read"));
                return;
            }
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            errors.add(new ScanError(path, "cannot be read (" + e.getClass().getSimpleName() + ")"));
            return;
        }
        if (referencesClientFile(content)) {
            return;
        }
        // no directory: a file reference is never followed from here (it would leave the node's root)
        ReadResult result = reader.readKubeconfigClient(content, Optional.empty());
        for (FoundCertificate found : result.certificates()) {
            io.certfleet.pki.inspect.CertificateFacts facts =
                    found.certificate().facts();
            List<io.certfleet.pki.inspect.Finding> findings =
                    new ArrayList<>(found.certificate().findings());
            if (found.index() == 0) {
                findings.addAll(CertificateLint.lint(facts, KubeadmCertificate.KUBELET_CONF, Optional.empty()));
            }
            certificates.add(new ObservedCertificate(
                    CertificateLocation.onNode(node.name(), SourceKind.KUBECONFIG, path, found.index()),
                    Optional.of(KubeadmCertificate.KUBELET_CONF.kubeadmName()),
                    Optional.of(KubeadmCertificate.KUBELET_CONF.authority().kubeadmName()),
                    false,
                    PublicFacts.of(facts),
                    PublicFacts.findings(findings)));
        }
        for (String problem : result.problems()) {
            errors.add(new ScanError(path, problem));
        }
    }

    private static boolean referencesClientFile(byte[] content) {
        try {
            JsonNode config = YAML.readTree(content);
            for (JsonNode user : config.path("users")) {
                if (user.path("user").hasNonNull("client-certificate")
                        && !user.path("user").hasNonNull("client-certificate-data")) {
                    return true;
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            // not YAML: the reader below says so
            return false;
        }
    }

    /** Seed 000 step 8: {@code rotateCertificates: true} in the KubeletConfiguration; the reason when it is not. */
    private static Optional<String> kubeletRotation(Path root, List<ScanError> errors) {
        Path file = root.resolve(KUBELET_CONFIG);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode config = YAML.readTree(file.toFile());
            JsonNode rotate = config == null ? null : config.get("rotateCertificates");
            if (rotate == null || rotate.isNull()) {
                return Optional.of("rotateCertificates is not set in /" + KUBELET_CONFIG
                        + " (it defaults to false): the kubelet client certificate is not renewed before it expires");
            }
            if (!rotate.asBoolean(false)) {
                return Optional.of("rotateCertificates: " + rotate.asText() + " in /" + KUBELET_CONFIG
                        + ": the kubelet client certificate is not renewed before it expires");
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            errors.add(new ScanError("/" + KUBELET_CONFIG, "not a readable KubeletConfiguration"));
            return Optional.empty();
        }
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
