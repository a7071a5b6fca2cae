package io.certfleet.nodeagent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.certfleet.nodeagent.OperationResult.KubeletScan;
import io.certfleet.nodeagent.OperationResult.Presence;
import io.certfleet.nodeagent.OperationResult.ScanResult;
import io.certfleet.nodeagent.OperationResult.ScannedCertificate;
import io.certfleet.pki.checkexpiration.CertificateEntry;
import io.certfleet.pki.checkexpiration.CheckExpiration;
import io.certfleet.pki.checkexpiration.CheckExpirationReport;
import io.certfleet.pki.checkexpiration.ExpirationRow;
import io.certfleet.pki.checkexpiration.KubeadmLayout;
import io.certfleet.pki.checkexpiration.KubeadmTimeFormat;
import io.certfleet.pki.checkexpiration.ReportError;
import io.certfleet.pki.inspect.CertificateFacts;
import io.certfleet.pki.inspect.Finding;
import io.certfleet.pki.kubeadm.KubeadmCertificate;
import io.certfleet.pki.lint.CertificateLint;
import io.certfleet.pki.read.CertificateReader;
import io.certfleet.pki.read.FileContent;
import io.certfleet.pki.read.FoundCertificate;
import io.certfleet.pki.read.ReadResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What {@code SCAN} reads on a node, as a {@link ScanResult}: pki's check-expiration over the kubeadm
 * layout, then the kubelet's own files ({@link KubeletScan}): the client certificate {@code
 * kubelet.conf} embeds, and {@code rotateCertificates} in the KubeletConfiguration. The agent answers
 * {@code SCAN} with it; scanner-service reads the nodes it has as local directories with it too, so a
 * node reads the same whether the scanner or an agent on the node looked.
 *
 * <p>Paths in the result are the node's ({@code nodePath}). A file reference in {@code kubelet.conf} is
 * never followed: on a node it is {@code kubelet-client-current.pem}, already a row, and in a directory
 * standing for a node it would lead off that directory.
 */
public final class NodeScan {
    /** The KubeletConfiguration's file name, beside the kubelet's {@code pki} directory. */
    public static final String KUBELET_CONFIG = "config.yaml";

    private static final YAMLMapper YAML = new YAMLMapper();

    private final CertificateReader reader;
    private final Clock clock;
    private final Function<Path, String> nodePath;

    /**
     * @param reader reads the files (its size cap applies)
     * @param clock "now" for residual times and expiry findings
     * @param nodePath a path of this machine as the node names it ({@code /etc/kubernetes/pki/ca.crt})
     */
    public NodeScan(CertificateReader reader, Clock clock, Function<Path, String> nodePath) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nodePath = Objects.requireNonNull(nodePath, "nodePath");
    }

    /** The KubeletConfiguration's node path for a kubelet {@code pki} directory ({@code /var/lib/kubelet/pki}). */
    public static String kubeletConfig(String kubeletDir) {
        Path parent = Path.of(kubeletDir).getParent();
        return (parent == null ? "" : parent.toString().replace('\\', '/').replaceFirst("/+$", "")) + "/"
                + KUBELET_CONFIG;
    }

    /**
     * @param layout the node's kubeadm directories on this machine
     * @param kubeletConfig the KubeletConfiguration on this machine
     */
    public ScanResult scan(KubeadmLayout layout, Path kubeletConfig) {
        CheckExpirationReport report = new CheckExpiration(reader, clock).check(layout);
        List<ReportError> errors = new ArrayList<>();
        report.errors().forEach(e -> errors.add(new ReportError(node(e.path()), e.reason())));
        Path kubeconfig = layout.configDir().resolve(KubeadmCertificate.KUBELET_CONF.path());
        List<ScannedCertificate> kubeconfigRows = kubeconfig(kubeconfig, report.now(), errors);
        Rotation rotation = rotation(kubeletConfig, errors);
        return new ScanResult(
                report.now(),
                report.certificates().stream().map(this::row).toList(),
                report.authorities().stream().map(this::row).toList(),
                errors,
                new KubeletScan(
                        nodePath.apply(kubeconfig),
                        kubeconfigRows,
                        nodePath.apply(kubeletConfig),
                        rotation.enabled(),
                        rotation.value()));
    }

    private ScannedCertificate row(ExpirationRow row) {
        return switch (row) {
            case ExpirationRow.Present present -> {
                CertificateEntry entry = present.entry();
                yield new ScannedCertificate(
                        row.name(),
                        node(entry.path()),
                        Presence.PRESENT,
                        entry.index(),
                        entry.facts(),
                        entry.residualSeconds(),
                        entry.certificateAuthority().orElse(null),
                        entry.externallyManaged(),
                        entry.findings(),
                        null);
            }
            case ExpirationRow.Missing missing -> missing(row.name(), node(missing.path()));
            case ExpirationRow.Unreadable unreadable ->
                unreadable(row.name(), node(unreadable.path()), unreadable.reason());
        };
    }

    // ------------------------------------------------------------------ kubelet.conf

    /**
     * {@code kubelet.conf}'s client certificate when it is embedded; nothing when it references a file.
     * Unreadable parts are errors, as in check-expiration.
     */
    private List<ScannedCertificate> kubeconfig(Path file, Instant now, List<ReportError> errors) {
        KubeadmCertificate kubeletConf = KubeadmCertificate.KUBELET_CONF;
        String name = kubeletConf.kubeadmName();
        String path = nodePath.apply(file);
        // a dangling symlink is present-but-broken, not MISSING
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return List.of(missing(name, path));
        }
        byte[] content;
        switch (FileContent.read(file, reader.options().maxFileBytes())) {
            case FileContent.Loaded loaded -> content = loaded.bytes();
            case FileContent.Unreadable unreadable -> {
                errors.add(new ReportError(path, unreadable.reason()));
                return List.of(unreadable(name, path, unreadable.reason()));
            }
        }
        if (referencesClientFile(content)) {
            return List.of();
        }
        ReadResult result;
        try {
            result = reader.readKubeconfigClient(content, Optional.empty());
        } catch (RuntimeException e) {
            // as check-expiration does: a reader defect is this file's error, not the end of the scan
            result = ReadResult.failed(
                    "internal error while reading (" + e.getClass().getSimpleName() + ")");
        }
        for (String problem : result.problems()) {
            errors.add(new ReportError(path, problem));
        }
        if (result.certificates().isEmpty()) {
            String reason = result.problems().isEmpty()
                    ? "no client certificate in the file"
                    : String.join("; ", result.problems());
            if (result.problems().isEmpty()) {
                errors.add(new ReportError(path, reason));
            }
            return List.of(unreadable(name, path, reason));
        }
        List<ScannedCertificate> rows = new ArrayList<>();
        for (FoundCertificate found : result.certificates()) {
            CertificateFacts facts = found.certificate().facts();
            List<Finding> findings = new ArrayList<>(found.certificate().findings());
            if (found.index() == 0) {
                findings.addAll(CertificateLint.lint(facts, kubeletConf, Optional.empty()));
            }
            rows.add(new ScannedCertificate(
                    name,
                    path,
                    Presence.PRESENT,
                    found.index(),
                    facts,
                    KubeadmTimeFormat.residualSeconds(now, facts.notAfter()),
                    found.index() == 0 ? kubeletConf.authority().kubeadmName() : null,
                    // kubeadm's check-expiration does not list kubelet.conf: no CA key is looked for
                    false,
                    findings,
                    null));
        }
        return rows;
    }

    /** Whether a user of the kubeconfig takes its client certificate from a file rather than embedded data. */
    private static boolean referencesClientFile(byte[] content) {
        try {
            JsonNode config = YAML.readTree(content);
            if (config == null) {
                return false;
            }
            for (JsonNode user : config.path("users")) {
                if (user.path("user").hasNonNull("client-certificate")
                        && !user.path("user").hasNonNull("client-certificate-data")) {
                    return true;
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            // not YAML: the kubeconfig reader says so
            return false;
        }
    }

    // ------------------------------------------------------------------ rotateCertificates

    /** rotateCertificates as read: both null when the file is absent or unreadable. */
    private record Rotation(Boolean enabled, String value) {}

    /** Seed 000 step 8: {@code rotateCertificates: true} in the KubeletConfiguration. */
    private Rotation rotation(Path file, List<ReportError> errors) {
        if (!Files.isRegularFile(file)) {
            return new Rotation(null, null);
        }
        String path = nodePath.apply(file);
        JsonNode config;
        switch (FileContent.read(file, reader.options().maxFileBytes())) {
            case FileContent.Loaded loaded -> {
                try {
                    config = YAML.readTree(loaded.bytes());
                } catch (IOException | RuntimeException e) {
                    // the parser's message may quote the file: the reason names none of it
                    errors.add(new ReportError(path, "not a readable KubeletConfiguration (not valid YAML)"));
                    return new Rotation(null, null);
                }
            }
            case FileContent.Unreadable unreadable -> {
                errors.add(new ReportError(path, "not a readable KubeletConfiguration (" + unreadable.reason() + ")"));
                return new Rotation(null, null);
            }
        }
        JsonNode rotate = config == null ? null : config.get("rotateCertificates");
        if (rotate == null || rotate.isNull()) {
            return new Rotation(false, null);
        }
        return new Rotation(rotate.asBoolean(false), rotate.asText());
    }

    // ------------------------------------------------------------------ rows and paths

    private static ScannedCertificate missing(String name, String path) {
        return new ScannedCertificate(name, path, Presence.MISSING, null, null, null, null, null, null, null);
    }

    private static ScannedCertificate unreadable(String name, String path, String reason) {
        return new ScannedCertificate(name, path, Presence.UNREADABLE, null, null, null, null, null, null, reason);
    }

    private String node(String path) {
        return nodePath.apply(Path.of(path));
    }
}
