package io.certfleet.renewal.application;

import static io.certfleet.renewal.application.NodeOutcomes.result;

import io.certfleet.events.RenewalStrategy;
import io.certfleet.events.RenewalVerification;
import io.certfleet.events.RenewedCertificate;
import io.certfleet.events.SkippedCertificate;
import io.certfleet.nodeagent.NodeExecutor;
import io.certfleet.nodeagent.NodeRequest;
import io.certfleet.nodeagent.NodeResponse;
import io.certfleet.nodeagent.NodeTarget;
import io.certfleet.nodeagent.OperationResult;
import io.certfleet.nodeagent.OperationResult.Presence;
import io.certfleet.renewal.config.RenewalSettings;
import io.certfleet.renewal.domain.execution.FailureReason;
import io.certfleet.renewal.domain.execution.Renewal;
import io.certfleet.renewal.domain.execution.RenewalStep;
import io.certfleet.renewal.domain.execution.StepKind;
import io.certfleet.renewal.domain.execution.StepOutcome;
import io.certfleet.renewal.domain.execution.StepResult;
import io.certfleet.renewal.domain.execution.StepResult.CertificateState;
import io.certfleet.renewal.domain.execution.StepState;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The steps of {@code KUBEADM_IN_PLACE} (seed 001 automated): per control-plane node BACKUP → RENEW →
 * RESTART_STATIC_PODS → VERIFY through node-agent, then the cluster's kubeconfig Secret and dependants.
 *
 * <p>Every step can run again after an interruption without harm. RENEW in particular: a second run compares each
 * certificate with the fingerprint BACKUP recorded, counts those already replaced as renewed and renews only the rest,
 * so a node is never renewed twice.
 */
@Singleton
public class KubeadmSteps {
    /** What {@code kubeadm certs renew all} renews on a control-plane node (the kubelet's own files are not). */
    static final Set<String> RENEWABLE = Set.of(
            "admin.conf",
            "super-admin.conf",
            "apiserver",
            "apiserver-etcd-client",
            "apiserver-kubelet-client",
            "controller-manager.conf",
            "etcd-healthcheck-client",
            "etcd-peer",
            "etcd-server",
            "front-proxy-client",
            "scheduler.conf");

    static final String CA_FILE = "/etc/kubernetes/pki/ca.crt";
    static final String ETCD_CA_FILE = "/etc/kubernetes/pki/etcd/ca.crt";
    static final String BACKUP_DIR = "/etc/kubernetes/tmp/";

    private final NodeAccess nodes;
    private final AdminCredentials admin;
    private final ExternalAdminCredentials externalAdmin;
    private final ManagementCluster management;
    private final WorkloadCluster workload;
    private final RenewalSettings settings;
    private final Clock clock;

    public KubeadmSteps(
            NodeAccess nodes,
            AdminCredentials admin,
            ExternalAdminCredentials externalAdmin,
            ManagementCluster management,
            WorkloadCluster workload,
            RenewalSettings settings,
            Clock clock) {
        this.nodes = nodes;
        this.admin = admin;
        this.externalAdmin = externalAdmin;
        this.management = management;
        this.workload = workload;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * @param steps every step of the renewal (results of earlier ones are read)
     * @param step the step to run, RUNNING
     */
    public StepOutcome run(Renewal renewal, ClusterProfile cluster, List<RenewalStep> steps, RenewalStep step) {
        try {
            return switch (step.kind()) {
                case BACKUP -> backup(renewal, cluster, step);
                case RENEW -> renew(renewal, cluster, steps, step);
                case RESTART_STATIC_PODS -> restart(renewal, cluster, step);
                case VERIFY -> verify(renewal, cluster, steps, step);
                case REFRESH_KUBECONFIG -> refreshKubeconfig(renewal, cluster, steps);
                case RESTART_DEPENDANTS -> restartDependants(renewal, cluster);
                case TRIGGER_ROLLOUT, AWAIT_ROLLOUT, VERIFY_ROLLOUT, REQUEST_SIGNING, AWAIT_SIGNING, INSTALL ->
                    new StepOutcome.Failed(FailureReason.INVALID_INPUT, step.kind() + " is not a kubeadm step");
            };
        } catch (NodeOutcomes.NodeStepFailure failure) {
            return failure.outcome();
        }
    }

    private StepOutcome backup(Renewal renewal, ClusterProfile cluster, RenewalStep step) {
        String node = step.node().orElseThrow();
        NodeTarget target = new NodeTarget(cluster.id(), node);
        NodeExecutor executor = nodes.executor(renewal.access());
        Map<String, CertificateState> before = renewable(scan(executor, target));
        // a fresh directory per attempt: an interrupted attempt may have left a partial one behind
        String directory = BACKUP_DIR + "certfleet-backup-" + shortId(renewal) + "-" + step.attempts();
        OperationResult.BackupResult backup = result(
                executor.execute(target, new NodeRequest.Backup(null, directory)),
                OperationResult.BackupResult.class,
                "BACKUP on " + node);
        return new StepOutcome.Done(new StepResult.BackupTaken(backup.backup(), before));
    }

    private StepOutcome renew(Renewal renewal, ClusterProfile cluster, List<RenewalStep> steps, RenewalStep step) {
        String node = step.node().orElseThrow();
        NodeTarget target = new NodeTarget(cluster.id(), node);
        NodeExecutor executor = nodes.executor(renewal.access());
        Optional<StepResult.BackupTaken> backup = nodeResult(steps, node, StepResult.BackupTaken.class);
        if (backup.isEmpty()) {
            return new StepOutcome.Failed(FailureReason.INVALID_INPUT, "RENEW on " + node + ": no backup recorded");
        }
        Map<String, CertificateState> before = backup.get().before();
        Map<String, RenewedCertificate> alreadyRenewed = new LinkedHashMap<>();
        List<String> names = List.of("all");
        if (step.attempts() > 1) {
            // a previous attempt may have renewed some or all of them: never renew a certificate twice
            Map<String, CertificateState> now = renewable(scan(executor, target));
            before.forEach((name, old) -> {
                CertificateState current = now.get(name);
                if (current != null && !current.sha256().equals(old.sha256())) {
                    alreadyRenewed.put(
                            name,
                            new RenewedCertificate(
                                    name, current.path(), old.notAfter(), current.notAfter(), current.sha256()));
                }
            });
            TreeSet<String> remaining = new TreeSet<>(before.keySet());
            remaining.removeAll(alreadyRenewed.keySet());
            if (remaining.isEmpty()) {
                return new StepOutcome.Done(
                        new StepResult.CertificatesRenewed(List.copyOf(alreadyRenewed.values()), List.of()));
            }
            names = List.copyOf(remaining);
        }
        String backupDir = BACKUP_DIR + "certfleet-renew-" + shortId(renewal) + "-" + step.attempts();
        OperationResult.RenewResult renewed = result(
                executor.execute(
                        target, new NodeRequest.Renew(null, names, settings.validityDays(), backupDir, null, null)),
                OperationResult.RenewResult.class,
                "RENEW on " + node);
        if (!renewed.failed().isEmpty()) {
            boolean retryHelps = renewed.failed().stream().allMatch(OperationResult.FailedCertificate::retryable);
            return new StepOutcome.Failed(
                    retryHelps ? FailureReason.TRANSIENT : FailureReason.INVALID_INPUT,
                    "RENEW on " + node + " failed for "
                            + renewed.failed().stream()
                                    .map(f -> f.name() + " (" + f.reason() + ")")
                                    .toList());
        }
        List<RenewedCertificate> all = new ArrayList<>(alreadyRenewed.values());
        renewed.renewed().stream()
                .map(r -> new RenewedCertificate(r.name(), r.path(), r.oldNotAfter(), r.newNotAfter(), r.sha256()))
                .forEach(all::add);
        all.sort(Comparator.comparing(RenewedCertificate::name));
        List<SkippedCertificate> skipped = renewed.skipped().stream()
                .map(s -> new SkippedCertificate(s.name(), s.reason()))
                .toList();
        return new StepOutcome.Done(new StepResult.CertificatesRenewed(all, skipped));
    }

    private StepOutcome restart(Renewal renewal, ClusterProfile cluster, RenewalStep step) {
        String node = step.node().orElseThrow();
        OperationResult.RestartResult restarted = result(
                nodes.executor(renewal.access())
                        .execute(
                                new NodeTarget(cluster.id(), node),
                                new NodeRequest.RestartControlPlane(null, true, (int)
                                        settings.restartTimeout().toSeconds())),
                OperationResult.RestartResult.class,
                "RESTART_CONTROL_PLANE on " + node);
        if (!restarted.succeeded()) {
            return new StepOutcome.Failed(
                    FailureReason.UNREACHABLE,
                    "static pods on " + node + " did not all come back: "
                            + restarted.components().stream()
                                    .map(c -> c.name() + " " + c.status())
                                    .toList());
        }
        return new StepOutcome.Done(new StepResult.StaticPodsRestarted(restarted.components().stream()
                .map(OperationResult.ComponentRestart::name)
                .toList()));
    }

    private StepOutcome verify(Renewal renewal, ClusterProfile cluster, List<RenewalStep> steps, RenewalStep step) {
        String nodeName = step.node().orElseThrow();
        Optional<ClusterProfile.Node> node = cluster.node(nodeName);
        if (node.isEmpty()) {
            return new StepOutcome.Failed(
                    FailureReason.INVALID_INPUT, "node " + nodeName + " is no longer in the inventory");
        }
        Optional<String> apiserver = node.get().endpoint(ClusterProfile.Component.APISERVER);
        if (apiserver.isEmpty()) {
            return new StepOutcome.Failed(
                    FailureReason.INVALID_INPUT,
                    "no API server endpoint known for " + nodeName + " (inventory: endpoints or address)");
        }
        Map<String, String> renewedSha = new LinkedHashMap<>();
        // RENEW's and, with an external CA, INSTALL's
        steps.stream()
                .filter(s -> s.node().equals(Optional.of(nodeName)))
                .flatMap(s -> s.result(StepResult.CertificatesRenewed.class).stream())
                .forEach(r -> r.renewed().forEach(c -> renewedSha.put(c.name(), c.sha256())));
        Map<String, CertificateState> before = nodeResult(steps, nodeName, StepResult.BackupTaken.class)
                .map(StepResult.BackupTaken::before)
                .orElse(Map.of());
        List<String> restarted = nodeResult(steps, nodeName, StepResult.StaticPodsRestarted.class)
                .map(StepResult.StaticPodsRestarted::components)
                .orElse(List.of());

        List<Probe> probes = new ArrayList<>();
        probes.add(new Probe("APISERVER", "kube-apiserver", apiserver.get(), CA_FILE, "apiserver", "/healthz"));
        node.get()
                .endpoint(ClusterProfile.Component.ETCD)
                .ifPresent(url -> probes.add(new Probe("ETCD", "etcd", url, ETCD_CA_FILE, "etcd-server", "/health")));

        NodeExecutor executor = nodes.executor(renewal.access());
        NodeTarget target = new NodeTarget(cluster.id(), nodeName);
        Attempt attempt = null;
        for (int n = 1; n <= settings.verifyAttempts(); n++) {
            attempt = verifyOnce(executor, target, probes, renewedSha, before, (int)
                    Math.max(1, settings.apiTimeout().toSeconds()));
            if (attempt.problems().isEmpty()) {
                break;
            }
            if (n < settings.verifyAttempts()) {
                try {
                    Thread.sleep(settings.verifyInterval().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new StepOutcome.Failed(FailureReason.TRANSIENT, "VERIFY on " + nodeName + " interrupted");
                }
            }
        }
        List<String> problems = attempt.problems();
        if (!problems.isEmpty()) {
            return new StepOutcome.Failed(
                    FailureReason.UNREACHABLE,
                    "VERIFY on " + nodeName + " after " + settings.verifyAttempts() + " handshakes: " + problems);
        }
        boolean apiReachable = attempt.apiHealth() != null && attempt.apiHealth() == 200;
        RenewalVerification verification =
                new RenewalVerification(true, apiReachable, restarted, String.join("; ", attempt.seen()));
        return new StepOutcome.Done(new StepResult.ServedCertificatesVerified(verification, attempt.checks()));
    }

    /** One round of handshakes: what each endpoint served and every expectation that did not hold. */
    private record Attempt(
            List<String> problems, List<StepResult.EndpointCheck> checks, List<String> seen, Integer apiHealth) {}

    private static Attempt verifyOnce(
            NodeExecutor executor,
            NodeTarget target,
            List<Probe> probes,
            Map<String, String> renewedSha,
            Map<String, CertificateState> before,
            int timeoutSeconds) {
        List<String> problems = new ArrayList<>();
        List<StepResult.EndpointCheck> checks = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        Integer apiHealth = null;
        for (Probe probe : probes) {
            NodeResponse response = executor.execute(
                    target,
                    new NodeRequest.Verify(
                            probe.url(),
                            null,
                            probe.caFile(),
                            renewedSha.get(probe.certificate()),
                            Optional.ofNullable(before.get(probe.certificate()))
                                    .map(CertificateState::sha256)
                                    .orElse(null),
                            probe.healthPath(),
                            timeoutSeconds));
            switch (response) {
                case NodeResponse.Completed completed
                when completed.result() instanceof OperationResult.VerifyResult v -> {
                    checks.add(new StepResult.EndpointCheck(
                            probe.component(), probe.url(), v.servedSha256(), v.healthzStatus()));
                    seen.add(probe.name() + " " + probe.url() + " serves " + shortSha(v.servedSha256())
                            + " (notAfter " + v.notAfter() + ")"
                            + (v.healthzStatus() == null ? "" : ", " + probe.healthPath() + " " + v.healthzStatus()));
                    if (probe.component().equals("APISERVER")) {
                        apiHealth = v.healthzStatus();
                    }
                    v.problems().forEach(p -> problems.add(probe.name() + ": " + p));
                }
                case NodeResponse.Completed completed ->
                    problems.add(
                            probe.name() + ": answered " + completed.result().operation());
                case NodeResponse.Failed failed ->
                    problems.add(probe.name() + " " + probe.url() + ": "
                            + failed.error().message());
            }
        }
        return new Attempt(problems, checks, seen, apiHealth);
    }

    private StepOutcome refreshKubeconfig(Renewal renewal, ClusterProfile cluster, List<RenewalStep> steps) {
        if (cluster.management().isEmpty()) {
            return new StepOutcome.Skipped(
                    "no management cluster in the inventory: no " + cluster.id() + "-kubeconfig Secret to refresh");
        }
        Optional<String> source = steps.stream()
                .filter(s -> s.kind() == StepKind.VERIFY && s.state() == StepState.DONE)
                .flatMap(s -> s.node().stream())
                .findFirst();
        if (source.isEmpty()) {
            return new StepOutcome.Failed(FailureReason.INVALID_INPUT, "no renewed node to take admin.conf from");
        }
        if (renewal.strategy() == RenewalStrategy.EXTERNAL_CA) {
            // its admin identity is signed by the external CA, so the new certificate comes from there too
            return externalAdmin.refresh(renewal, cluster, cluster.management().get());
        }
        AdminCredentials.Credentials credentials = admin.issue(
                new NodeTarget(cluster.id(), source.get()), renewal.access(), Duration.ofDays(settings.validityDays()));
        Optional<ManagementCluster.KubeconfigUpdate> update =
                management.replaceClientCredentials(cluster.management().get(), credentials);
        if (update.isEmpty()) {
            ClusterProfile.ManagementRef ref = cluster.management().get();
            return new StepOutcome.Skipped(
                    "no Secret " + ref.namespace() + "/" + ref.name() + "-kubeconfig in the management cluster");
        }
        return new StepOutcome.Done(new StepResult.KubeconfigRefreshed(
                update.get().secret(),
                update.get().clientCertificateSha256(),
                update.get().changed()));
    }

    private StepOutcome restartDependants(Renewal renewal, ClusterProfile cluster) {
        if (settings.dependants().isEmpty()) {
            return new StepOutcome.Skipped("no dependants configured (certfleet.renewal.dependants)");
        }
        if (cluster.management().isEmpty()) {
            return new StepOutcome.Skipped(
                    "no management cluster in the inventory: the cluster's API cannot be reached to restart "
                            + settings.dependants());
        }
        List<String> restarted = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        for (String dependant : settings.dependants()) {
            String[] parts = dependant.split("/", 2);
            WorkloadCluster.Restart outcome = workload.restartDaemonSet(
                    cluster, parts[0], parts[1], renewal.id().toString(), clock.instant());
            switch (outcome) {
                case RESTARTED, ALREADY_RESTARTED -> restarted.add(dependant);
                case ABSENT -> absent.add(dependant);
            }
        }
        return new StepOutcome.Done(new StepResult.DependantsRestarted(restarted, absent));
    }

    static OperationResult.ScanResult scan(NodeExecutor executor, NodeTarget target) {
        return result(
                executor.execute(target, NodeRequest.Scan.defaults()),
                OperationResult.ScanResult.class,
                "SCAN on " + target.nodeName());
    }

    /** The renewable leaves present on the node, by kubeadm name (first certificate of each file). */
    private static Map<String, CertificateState> renewable(OperationResult.ScanResult scan) {
        Map<String, CertificateState> states = new LinkedHashMap<>();
        for (OperationResult.ScannedCertificate row : scan.certificates()) {
            if (row.presence() == Presence.PRESENT
                    && row.facts() != null
                    && (row.index() == null || row.index() == 0)
                    && RENEWABLE.contains(row.name())) {
                states.putIfAbsent(
                        row.name(),
                        new CertificateState(
                                row.path(), row.facts().sha256(), row.facts().notAfter()));
            }
        }
        return states;
    }

    static <T extends StepResult> Optional<T> nodeResult(List<RenewalStep> steps, String node, Class<T> type) {
        return steps.stream()
                .filter(s -> s.node().equals(Optional.of(node)))
                .flatMap(s -> s.result(type).stream())
                .findFirst();
    }

    static String shortId(Renewal renewal) {
        return renewal.id().toString().substring(0, 8);
    }

    private static String shortSha(String sha) {
        return sha == null ? "?" : sha.substring(0, Math.min(12, sha.length()));
    }

    private record Probe(
            String component, String name, String url, String caFile, String certificate, String healthPath) {}
}
