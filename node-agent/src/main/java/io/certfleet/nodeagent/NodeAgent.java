package io.certfleet.nodeagent;

import io.certfleet.nodeagent.NodeRequest.Backup;
import io.certfleet.nodeagent.NodeRequest.DiscardStaged;
import io.certfleet.nodeagent.NodeRequest.Install;
import io.certfleet.nodeagent.NodeRequest.IssueClientCertificate;
import io.certfleet.nodeagent.NodeRequest.Renew;
import io.certfleet.nodeagent.NodeRequest.RestartControlPlane;
import io.certfleet.nodeagent.NodeRequest.Restore;
import io.certfleet.nodeagent.NodeRequest.Scan;
import io.certfleet.nodeagent.NodeRequest.Verify;
import io.certfleet.nodeagent.OperationResult.BackupResult;
import io.certfleet.nodeagent.OperationResult.ClientCertificateIssued;
import io.certfleet.nodeagent.OperationResult.ComponentRestart;
import io.certfleet.nodeagent.OperationResult.FailedCertificate;
import io.certfleet.nodeagent.OperationResult.GeneratedCsr;
import io.certfleet.nodeagent.OperationResult.InstallResult;
import io.certfleet.nodeagent.OperationResult.RenewResult;
import io.certfleet.nodeagent.OperationResult.RenewedCertificate;
import io.certfleet.nodeagent.OperationResult.RestartResult;
import io.certfleet.nodeagent.OperationResult.RestoreResult;
import io.certfleet.nodeagent.OperationResult.ScanResult;
import io.certfleet.nodeagent.OperationResult.SkippedCertificate;
import io.certfleet.nodeagent.OperationResult.VerifyResult;
import io.certfleet.nodeagent.runtime.ContainerRuntime;
import io.certfleet.nodeagent.runtime.CrictlContainerRuntime;
import io.certfleet.nodeagent.runtime.Pause;
import io.certfleet.nodeagent.runtime.StaticPodRestarter;
import io.certfleet.nodeagent.verify.ServedCertificateProbe;
import io.certfleet.pki.checkexpiration.KubeadmLayout;
import io.certfleet.pki.read.CertificateReader;
import io.certfleet.pki.read.ReadOptions;
import io.certfleet.pki.renew.ConfigDirectoryBackup;
import io.certfleet.pki.renew.DurableFileStore;
import io.certfleet.pki.renew.InstallRequest;
import io.certfleet.pki.renew.IssuedClientCertificate;
import io.certfleet.pki.renew.KubeadmRenewal;
import io.certfleet.pki.renew.RenewalException;
import io.certfleet.pki.renew.RenewalReport;
import io.certfleet.pki.renew.RenewalRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The node agent in-process: {@link #handle} runs one {@link NodeRequest} against the node's files
 * under {@code root} ({@code /} on a real node; a node directory in the simulator) and its container
 * runtime, and always answers with a {@link NodeResponse} — errors included, typed with a reason.
 *
 * <p>Paths in requests and responses are the node's own ({@code /etc/kubernetes/pki/apiserver.crt});
 * the agent maps them under its root and refuses any that would leave it.
 */
public final class NodeAgent {

    private final Path root;
    private final ContainerRuntime runtime;
    private final Clock clock;
    private final Pause pause;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param root where the node's file system starts ({@code /} on a real node)
     * @param runtime the node's container runtime
     * @param clock "now" for scans, renewals, backups and chain checks, unless a request brings its own
     * @param pause waiting between polls of a restarted container (tests: {@link Pause#NONE})
     */
    public NodeAgent(Path root, ContainerRuntime runtime, Clock clock, Pause pause) {
        this.root = realRoot(Objects.requireNonNull(root, "root"));
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pause = Objects.requireNonNull(pause, "pause");
    }

    /** The agent of the machine it runs on: root {@code /}, {@code crictl}, the system clock. */
    public static NodeAgent onThisNode() {
        return new NodeAgent(Path.of("/"), new CrictlContainerRuntime(), Clock.systemUTC(), Pause.SLEEP);
    }

    public NodeResponse handle(NodeRequest request) {
        try {
            OperationResult result = switch (request) {
                case Scan scan -> scan(scan);
                case Renew renew -> renew(renew);
                case Backup backup -> backup(backup);
                case Restore restore -> restore(restore);
                case RestartControlPlane restart -> restart(restart);
                case Verify verify -> verify(verify);
                case Install install -> install(install);
                case IssueClientCertificate issue -> issueClientCertificate(issue);
                case DiscardStaged discard -> discardStaged(discard);
            };
            return new NodeResponse.Completed(result);
        } catch (NodeAgentException e) {
            return failed(request, e.reason(), e.getMessage());
        } catch (RenewalException e) {
            FailureReason reason = switch (e.reason()) {
                case INVALID_INPUT -> FailureReason.INVALID_INPUT;
                case POLICY -> FailureReason.POLICY;
                case TRANSIENT -> FailureReason.TRANSIENT;
            };
            return failed(request, reason, e.getMessage());
        } catch (java.nio.file.InvalidPathException e) {
            return failed(request, FailureReason.INVALID_INPUT, "not a path: " + e.getInput());
        } catch (RuntimeException e) {
            // not one of ours: its message is not vetted for content, so only its type is reported
            return failed(
                    request,
                    FailureReason.TRANSIENT,
                    request.operation() + " failed unexpectedly ("
                            + e.getClass().getName() + ")");
        }
    }

    private static NodeResponse failed(NodeRequest request, FailureReason reason, String message) {
        return new NodeResponse.Failed(request.operation(), NodeError.of(reason, message));
    }

    // ------------------------------------------------------------------ SCAN

    private ScanResult scan(Scan request) {
        KubeadmLayout layout = new KubeadmLayout(
                host(request.directories().certDir()),
                host(request.directories().configDir()),
                host(request.directories().kubeletDir()));
        Path kubeletConfig = host(NodeScan.kubeletConfig(request.directories().kubeletDir()));
        return new NodeScan(new CertificateReader(ReadOptions.defaults()), clockFor(request.now()), this::node)
                .scan(layout, kubeletConfig);
    }

    // ------------------------------------------------------------------ RENEW

    private RenewResult renew(Renew request) {
        RenewalRequest renewal = new RenewalRequest(
                host(request.directories().certDir()),
                host(request.directories().configDir()),
                request.certificates(),
                Duration.ofDays(request.validityDays()),
                Optional.ofNullable(request.backupDir()).map(this::host),
                Optional.ofNullable(request.csrDir()).map(this::host));
        RenewalReport report = renewal(request.now()).renew(renewal);
        return new RenewResult(
                renewedCertificates(report),
                report.skipped().stream()
                        .map(s -> new SkippedCertificate(s.name(), s.reason()))
                        .toList(),
                failedCertificates(report),
                report.csrs().stream()
                        .map(c -> new GeneratedCsr(
                                c.name(),
                                node(c.path()),
                                node(c.csrPath()),
                                node(c.keyPath()),
                                c.request(),
                                c.usages()))
                        .toList(),
                report.backup().map(this::node).orElse(null),
                report.now());
    }

    private List<RenewedCertificate> renewedCertificates(RenewalReport report) {
        return report.renewed().stream()
                .map(r ->
                        new RenewedCertificate(r.name(), node(r.path()), r.oldNotAfter(), r.newNotAfter(), r.sha256()))
                .toList();
    }

    private static List<FailedCertificate> failedCertificates(RenewalReport report) {
        return report.failed().stream()
                .map(f -> new FailedCertificate(f.name(), f.reason(), f.retryHelps()))
                .toList();
    }

    private KubeadmRenewal renewal(Instant now) {
        return new KubeadmRenewal(clockFor(now), random, new DurableFileStore());
    }

    // ------------------------------------------------------------------ INSTALL

    private InstallResult install(Install request) {
        Map<String, String> signed = new LinkedHashMap<>();
        for (NodeRequest.SignedCertificate certificate : request.certificates()) {
            if (signed.putIfAbsent(certificate.name(), certificate.certificate()) != null) {
                throw new NodeAgentException(
                        FailureReason.INVALID_INPUT, "certificate '" + certificate.name() + "' is given twice");
            }
        }
        RenewalReport report = renewal(request.now())
                .install(new InstallRequest(
                        host(request.directories().certDir()),
                        host(request.directories().configDir()),
                        host(request.csrDir()),
                        signed,
                        Optional.ofNullable(request.backupDir()).map(this::host)));
        return new InstallResult(
                renewedCertificates(report),
                failedCertificates(report),
                report.backup().map(this::node).orElse(null),
                report.now());
    }

    // ------------------------------------------------------------------ DISCARD_STAGED

    private OperationResult.StagedDiscarded discardStaged(DiscardStaged request) {
        List<String> discarded = renewal(null)
                .discardStaged(
                        host(request.directories().certDir()),
                        host(request.directories().configDir()),
                        host(request.csrDir()));
        return new OperationResult.StagedDiscarded(request.csrDir(), discarded);
    }

    // ------------------------------------------------------------------ ISSUE_CLIENT_CERTIFICATE

    private ClientCertificateIssued issueClientCertificate(IssueClientCertificate request) {
        IssuedClientCertificate issued = renewal(request.now())
                .issueClientCertificate(
                        host(request.directories().certDir()),
                        host(request.directories().configDir()),
                        request.kubeconfig(),
                        request.request(),
                        Duration.ofDays(request.validityDays()));
        return new ClientCertificateIssued(issued.name(), issued.pem(), issued.sha256(), issued.notAfter());
    }

    // ------------------------------------------------------------------ BACKUP / RESTORE

    private BackupResult backup(Backup request) {
        ConfigDirectoryBackup backups = new ConfigDirectoryBackup(clock);
        Path configDir = host(request.directories().configDir());
        Path target = request.backupDir() == null ? backups.defaultLocation(configDir) : host(request.backupDir());
        ConfigDirectoryBackup.Backup backup =
                backups.create(configDir, host(request.directories().certDir()), target);
        return new BackupResult(
                node(backup.directory()),
                backup.manifest().entries().size(),
                backup.manifest().createdAt());
    }

    private RestoreResult restore(Restore request) {
        Path configDir = host(request.directories().configDir());
        Path backup = request.backup().contains("/")
                ? host(request.backup())
                : configDir.resolve(ConfigDirectoryBackup.TMP).resolve(request.backup());
        if (!Files.isDirectory(backup)) {
            throw new NodeAgentException(FailureReason.INVALID_INPUT, "no backup " + node(backup));
        }
        ConfigDirectoryBackup.Restore restore = new ConfigDirectoryBackup(clock)
                .restore(backup, configDir, host(request.directories().certDir()));
        return new RestoreResult(
                node(backup), restore.restored().stream().map(this::node).toList());
    }

    // ------------------------------------------------------------------ RESTART_CONTROL_PLANE

    private RestartResult restart(RestartControlPlane request) {
        for (String component : request.components()) {
            if (!RestartControlPlane.STATIC_PODS.contains(component)) {
                throw new NodeAgentException(
                        FailureReason.INVALID_INPUT,
                        "'" + component + "' is not a static control-plane pod; one of "
                                + RestartControlPlane.STATIC_PODS);
            }
        }
        StaticPodRestarter restarter = new StaticPodRestarter(runtime, pause);
        List<ComponentRestart> restarts = new ArrayList<>();
        for (String component : request.components()) {
            restarts.add(restarter.restart(
                    component, request.awaitReplacement(), Duration.ofSeconds(request.timeoutSeconds())));
        }
        return new RestartResult(restarts);
    }

    // ------------------------------------------------------------------ VERIFY

    private VerifyResult verify(Verify request) {
        List<X509Certificate> anchors =
                request.caFile() == null ? List.of() : ServedCertificateProbe.readBundle(host(request.caFile()));
        ServedCertificateProbe.Observation seen = new ServedCertificateProbe(clock)
                .probe(
                        request.endpoint(),
                        Optional.ofNullable(request.serverName()),
                        anchors,
                        Optional.ofNullable(request.healthzPath()),
                        Duration.ofSeconds(request.timeoutSeconds()));
        X509Certificate leaf = seen.chain().get(0);
        String served = sha256(leaf);
        List<String> problems = new ArrayList<>();
        if (request.expectSha256() != null && !request.expectSha256().equalsIgnoreCase(served)) {
            problems.add("serves " + served + ", expected " + request.expectSha256());
        }
        if (request.expectNotSha256() != null && request.expectNotSha256().equalsIgnoreCase(served)) {
            problems.add("still serves the old certificate " + served);
        }
        seen.trustProblem().ifPresent(problems::add);
        seen.healthzStatus()
                .filter(status -> status != 200)
                .ifPresent(status -> problems.add(request.healthzPath() + " answered " + status + " "
                        + seen.healthzBody().orElse("")));
        return new VerifyResult(
                request.endpoint(),
                served,
                leaf.getSubjectX500Principal().getName(),
                leaf.getNotAfter().toInstant(),
                seen.trusted().orElse(null),
                seen.healthzStatus().orElse(null),
                seen.healthzBody().orElse(null),
                problems.isEmpty(),
                problems);
    }

    // ------------------------------------------------------------------ paths and time

    /** A node path as a path of this machine, under the root. */
    Path host(String nodePath) {
        // the node path relative to the node's "/": leading separators dropped, ".." kept for the check below
        Path relative = Path.of(nodePath.replaceFirst("^/+", ""));
        Path mapped = root.resolve(relative).normalize();
        if (!mapped.startsWith(root)) {
            throw new NodeAgentException(FailureReason.POLICY, "path " + nodePath + " leaves the node's file system");
        }
        return mapped;
    }

    /** A path of this machine as the node's path. */
    String node(Path hostPath) {
        Path absolute = hostPath.toAbsolutePath().normalize();
        if (root.getParent() == null || !absolute.startsWith(root)) {
            return absolute.toString();
        }
        return "/"
                + root.relativize(absolute)
                        .toString()
                        .replace(absolute.getFileSystem().getSeparator(), "/");
    }

    private String node(String hostPath) {
        return node(Path.of(hostPath));
    }

    private Clock clockFor(Instant now) {
        return now == null ? clock : Clock.fixed(now, ZoneOffset.UTC);
    }

    private static Path realRoot(Path root) {
        try {
            return root.toAbsolutePath().normalize().toRealPath();
        } catch (IOException e) {
            return root.toAbsolutePath().normalize();
        }
    }

    private static String sha256(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("SHA-256 of a certificate", e);
        }
    }
}
