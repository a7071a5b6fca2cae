package io.certfleet.scanner.adapter.out;

import io.certfleet.nodeaccess.KubernetesJobNodeExecutor;
import io.certfleet.nodeaccess.NodeAccessException;
import io.certfleet.nodeaccess.NodeAgentJobTemplate;
import io.certfleet.nodeaccess.SecretSshCredentials;
import io.certfleet.nodeaccess.SshCredentials;
import io.certfleet.nodeaccess.SshNodeExecutor;
import io.certfleet.nodeagent.FailureReason;
import io.certfleet.nodeagent.NodeError;
import io.certfleet.nodeagent.NodeRequest;
import io.certfleet.nodeagent.NodeResponse;
import io.certfleet.nodeagent.NodeTarget;
import io.certfleet.nodeagent.runtime.Pause;
import io.certfleet.pki.read.ClusterApiSecret;
import io.certfleet.scanner.config.NodeAccessSettings;
import io.certfleet.scanner.domain.inventory.Cluster;
import io.certfleet.scanner.domain.inventory.ClusterNode;
import io.certfleet.scanner.domain.inventory.ManagementRef;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * node-access's executors wired to the scanner's inventory: a Job in the workload cluster, whose API client is made
 * from the cluster's {@code <c>-kubeconfig} Secret in its management cluster (or {@code
 * <kubeconfig-dir>/<cluster-id>.kubeconfig} for a cluster without one), cached per cluster and rebuilt when the
 * kubeconfig changed; or SSH to the node's address with the {@code <c>-ssh} Secret's key, read for each connection.
 *
 * <p>The executors address nodes by id; the cluster being scanned is remembered here so that its management
 * cluster and node addresses can be looked up.
 */
@Singleton
final class RemoteNodeExecutors implements NodeAgentFiles.RemoteNodes, AutoCloseable {
    private final ManagementClients clients;
    private final NodeAccessSettings settings;
    private final Clock clock;
    private final Map<String, Cluster> clusters = new ConcurrentHashMap<>();
    private final Map<String, Workload> workloads = new ConcurrentHashMap<>();
    private final Map<String, Object> workloadLocks = new ConcurrentHashMap<>();
    private final KubernetesJobNodeExecutor jobs;
    private SshNodeExecutor ssh;

    /** A workload cluster's client, the kubeconfig it was made from (its hash) and when that was last read. */
    private record Workload(String kubeconfigSha256, KubernetesClient client, Instant readAt) {}

    RemoteNodeExecutors(ManagementClients clients, NodeAccessSettings settings, Clock clock) {
        this.clients = clients;
        this.settings = settings;
        this.clock = clock;
        this.jobs = new KubernetesJobNodeExecutor(
                this::workloadClient, new NodeAgentJobTemplate(settings.job(), new SecureRandom()), clock, Pause.SLEEP);
    }

    @Override
    public NodeResponse execute(Cluster cluster, ClusterNode node, NodeRequest request) {
        remember(cluster);
        NodeTarget target = new NodeTarget(cluster.id(), node.name());
        return switch (cluster.nodeAccess()) {
            case KUBERNETES_JOB -> jobs.execute(target, request);
            case SSH -> ssh().execute(target, request);
            case LOCAL, NONE ->
                new NodeResponse.Failed(
                        request.operation(),
                        NodeError.of(
                                FailureReason.INVALID_INPUT,
                                "node access " + cluster.nodeAccess() + " is not reached remotely"));
        };
    }

    void remember(Cluster cluster) {
        clusters.put(cluster.id(), cluster);
    }

    /** The workload cluster's API client, for {@link KubernetesJobNodeExecutor}; owned (and closed) here. */
    KubernetesClient workloadClient(String clusterId) {
        Cluster cluster = known(clusterId);
        synchronized (workloadLocks.computeIfAbsent(clusterId, id -> new Object())) {
            Instant now = clock.instant();
            Workload cached = workloads.get(clusterId);
            if (cached != null && now.isBefore(cached.readAt().plus(settings.kubeconfigRefresh()))) {
                return cached.client();
            }
            String kubeconfig = kubeconfig(cluster);
            String sha256 = sha256(kubeconfig);
            if (cached != null && cached.kubeconfigSha256().equals(sha256)) {
                workloads.put(clusterId, new Workload(sha256, cached.client(), now));
                return cached.client();
            }
            KubernetesClient client;
            try {
                client = clients.workloadClient(kubeconfig);
            } catch (RuntimeException e) {
                // Fabric8's message may quote the kubeconfig: only its type is named
                throw new NodeAccessException(
                        FailureReason.INVALID_INPUT,
                        "the kubeconfig of cluster " + clusterId + " cannot be used ("
                                + e.getClass().getSimpleName() + ")");
            }
            workloads.put(clusterId, new Workload(sha256, client, now));
            if (cached != null) {
                // a rotated kubeconfig: an operation still using the old client fails and is retried next scan
                cached.client().close();
            }
            return client;
        }
    }

    /** The {@code <c>-ssh} Secret of the cluster's management cluster. */
    SshCredentials sshCredentials() {
        return new SecretSshCredentials(clusterId -> known(clusterId)
                .management()
                .map(ref -> {
                    try {
                        return new SecretSshCredentials.SecretLocation(
                                clients.client(ref.managementCluster()), ref.namespace(), ref.name());
                    } catch (IllegalArgumentException | UncheckedIOException e) {
                        throw new NodeAccessException(FailureReason.INVALID_INPUT, e.getMessage());
                    }
                }));
    }

    private synchronized SshNodeExecutor ssh() {
        if (ssh == null) {
            ssh = new SshNodeExecutor(
                    settings.ssh(),
                    target -> Optional.ofNullable(clusters.get(target.clusterId()))
                            .flatMap(c -> c.node(target.nodeName()))
                            .flatMap(ClusterNode::address),
                    sshCredentials());
        }
        return ssh;
    }

    private Cluster known(String clusterId) {
        Cluster cluster = clusters.get(clusterId);
        if (cluster == null) {
            throw new NodeAccessException(FailureReason.INVALID_INPUT, "cluster " + clusterId + " is not known here");
        }
        return cluster;
    }

    /** The kubeconfig text: credentials, held only to make the client. */
    private String kubeconfig(Cluster cluster) {
        if (cluster.management().isPresent()) {
            return fromSecret(cluster.id(), cluster.management().get());
        }
        Optional<Path> directory = settings.kubeconfigDirectory();
        if (directory.isEmpty()) {
            throw new NodeAccessException(
                    FailureReason.POLICY,
                    "no kubeconfig for cluster " + cluster.id() + ": it has no management cluster and"
                            + " certfleet.scanner.node-access.kubeconfig-dir is not set");
        }
        Path file = directory.get().resolve(cluster.id() + ".kubeconfig");
        if (!Files.isRegularFile(file)) {
            throw new NodeAccessException(
                    FailureReason.POLICY,
                    "no kubeconfig for cluster " + cluster.id() + ": " + file + " does not exist");
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new NodeAccessException(
                    FailureReason.INVALID_INPUT,
                    file + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private String fromSecret(String clusterId, ManagementRef ref) {
        String name = ClusterApiSecret.KUBECONFIG.secretName(ref.name());
        String where = "Secret " + ref.namespace() + "/" + name + " of management cluster " + ref.managementCluster();
        Secret secret;
        try {
            secret = clients.client(ref.managementCluster())
                    .secrets()
                    .inNamespace(ref.namespace())
                    .withName(name)
                    .get();
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new NodeAccessException(FailureReason.INVALID_INPUT, e.getMessage());
        } catch (KubernetesClientException e) {
            if (e.getCode() <= 0 || e.getCode() == 503 || e.getCode() == 504) {
                throw new NodeAccessException(
                        FailureReason.UNREACHABLE, "reading " + where + " failed: the API did not answer");
            }
            throw new NodeAccessException(
                    e.getCode() == 401 || e.getCode() == 403 ? FailureReason.POLICY : FailureReason.TRANSIENT,
                    "reading " + where + " failed (HTTP " + e.getCode() + ")");
        }
        String value = secret == null || secret.getData() == null
                ? null
                : secret.getData().get("value");
        if (value == null) {
            throw new NodeAccessException(
                    FailureReason.POLICY,
                    "no kubeconfig for cluster " + clusterId + ": " + where + " does not exist or has no value");
        }
        try {
            return new String(Base64.getMimeDecoder().decode(value), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new NodeAccessException(FailureReason.INVALID_INPUT, where + ": value is not valid base64");
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    @PreDestroy
    @Override
    public synchronized void close() {
        if (ssh != null) {
            ssh.close();
            ssh = null;
        }
        workloads.values().forEach(w -> w.client().close());
        workloads.clear();
    }
}
