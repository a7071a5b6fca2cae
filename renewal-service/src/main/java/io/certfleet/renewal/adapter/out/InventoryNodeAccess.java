package io.certfleet.renewal.adapter.out;

import io.certfleet.nodeaccess.KubernetesJobNodeExecutor;
import io.certfleet.nodeaccess.NodeAccessException;
import io.certfleet.nodeaccess.NodeAgentJobTemplate;
import io.certfleet.nodeaccess.SecretSshCredentials;
import io.certfleet.nodeaccess.SshNodeExecutor;
import io.certfleet.nodeagent.FailureReason;
import io.certfleet.nodeagent.NodeError;
import io.certfleet.nodeagent.NodeExecutor;
import io.certfleet.nodeagent.NodeRequest;
import io.certfleet.nodeagent.NodeResponse;
import io.certfleet.nodeagent.NodeTarget;
import io.certfleet.nodeagent.runtime.Pause;
import io.certfleet.renewal.application.ClusterApiException;
import io.certfleet.renewal.application.ClusterDirectory;
import io.certfleet.renewal.application.ClusterProfile;
import io.certfleet.renewal.application.NodeAccess;
import io.certfleet.renewal.config.NodeAccessSettings;
import io.certfleet.renewal.domain.policy.NodeAccessPath;
import io.certfleet.renewal.domain.policy.NodeExecutorChoice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micronaut.context.annotation.Primary;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link NodeAccess} by the inventory's {@code nodeAccess} of each cluster and the renewal's access path, as {@link
 * NodeExecutorChoice} decides: {@code LOCAL} → {@link LocalNodeAccess}; {@code KUBERNETES_JOB} → node-access's {@link
 * KubernetesJobNodeExecutor} in the workload cluster, reached with the {@code <c>-kubeconfig} Secret of its management
 * cluster; {@code SSH}, and break-glass of a {@code KUBERNETES_JOB} cluster whose {@code <c>-ssh} Secret exists → {@link
 * SshNodeExecutor} with that Secret's key (read for each connection, never kept). A refused choice is a {@code POLICY}
 * failure naming what is missing, so the renewal fails at once instead of retrying.
 */
@Primary
@Singleton
final class InventoryNodeAccess implements NodeAccess, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InventoryNodeAccess.class);

    private final ClusterDirectory clusters;
    private final NodeAccess local;
    private final Function<String, KubernetesClient> management;
    private final Function<ClusterProfile, KubernetesClient> workload;
    private final NodeAccessSettings settings;
    private final Clock clock;
    private final KubernetesJobNodeExecutor jobs;
    private final Map<String, Workload> workloads = new ConcurrentHashMap<>();
    private SshNodeExecutor ssh;

    /** A workload cluster's client (owned here) and when its kubeconfig Secret was read. */
    private record Workload(KubernetesClient client, Instant readAt) {}

    @Inject
    InventoryNodeAccess(
            ClusterDirectory clusters,
            LocalNodeAccess local,
            ManagementClients clients,
            Fabric8Clusters fabric8,
            NodeAccessSettings settings,
            Clock clock) {
        this(clusters, local, clients::client, fabric8::workloadClient, settings, clock);
    }

    /**
     * @param management the client of a configured management cluster, by name (owned by the caller)
     * @param workload a new client of a workload cluster from its {@code <c>-kubeconfig} Secret (owned here)
     */
    InventoryNodeAccess(
            ClusterDirectory clusters,
            NodeAccess local,
            Function<String, KubernetesClient> management,
            Function<ClusterProfile, KubernetesClient> workload,
            NodeAccessSettings settings,
            Clock clock) {
        this.clusters = clusters;
        this.local = local;
        this.management = management;
        this.workload = workload;
        this.settings = settings;
        this.clock = clock;
        this.jobs = new KubernetesJobNodeExecutor(
                this::workloadClient, new NodeAgentJobTemplate(settings.job(), new SecureRandom()), clock, Pause.SLEEP);
    }

    @Override
    public NodeExecutor executor(NodeAccessPath path) {
        return (target, request) -> execute(path, target, request);
    }

    private NodeResponse execute(NodeAccessPath path, NodeTarget target, NodeRequest request) {
        Optional<ClusterProfile> cluster = clusters.find(target.clusterId());
        if (cluster.isEmpty()) {
            return failed(
                    request,
                    FailureReason.INVALID_INPUT,
                    "cluster " + target.clusterId() + " is not in renewal-service's inventory");
        }
        NodeExecutorChoice choice;
        try {
            choice = choose(cluster.get(), path);
        } catch (NodeAccessException e) {
            return failed(request, e.reason(), e.getMessage());
        }
        LOG.debug("{} on {}/{}: {}", request.operation(), target.clusterId(), target.nodeName(), choice.reason());
        return switch (choice) {
            case NodeExecutorChoice.Local l -> local.executor(path).execute(target, request);
            case NodeExecutorChoice.KubernetesJob j -> jobs.execute(target, request);
            case NodeExecutorChoice.Ssh s -> ssh().execute(target, request);
            case NodeExecutorChoice.Refused refused -> failed(request, FailureReason.POLICY, refused.reason());
        };
    }

    /** The choice for a cluster, looking the {@code <c>-ssh} Secret up only when break-glass needs it. */
    NodeExecutorChoice choose(ClusterProfile cluster, NodeAccessPath path) {
        Optional<String> sshSecret = cluster.management()
                .map(ref -> ref.namespace() + "/" + ref.name() + SecretSshCredentials.SECRET_SUFFIX
                        + " of management cluster " + ref.cluster());
        boolean exists = NodeExecutorChoice.needsSshSecret(cluster.nodeAccess(), path)
                && cluster.management().isPresent()
                && sshSecretExists(cluster.management().get());
        return NodeExecutorChoice.choose(cluster.id(), cluster.nodeAccess(), path, sshSecret, exists);
    }

    private boolean sshSecretExists(ClusterProfile.ManagementRef ref) {
        String name = ref.name() + SecretSshCredentials.SECRET_SUFFIX;
        try {
            return managementClient(ref.cluster())
                            .secrets()
                            .inNamespace(ref.namespace())
                            .withName(name)
                            .get()
                    != null;
        } catch (KubernetesClientException e) {
            int code = e.getCode();
            FailureReason reason = code <= 0 || code == 503 || code == 504
                    ? FailureReason.UNREACHABLE
                    : code == 401 || code == 403 ? FailureReason.POLICY : FailureReason.TRANSIENT;
            throw new NodeAccessException(
                    reason,
                    "looking for Secret " + ref.namespace() + "/" + name + " of management cluster " + ref.cluster()
                            + " failed" + (code > 0 ? " (HTTP " + code + ")" : ": the API did not answer"));
        }
    }

    private KubernetesClient managementClient(String name) {
        try {
            return management.apply(name);
        } catch (ClusterApiException e) {
            throw new NodeAccessException(reason(e), e.getMessage());
        }
    }

    /**
     * The workload cluster's client for {@link KubernetesJobNodeExecutor}, re-made from its kubeconfig Secret every
     * {@code kubeconfig-refresh}. Closing the replaced client is safe: a cluster runs one step at a time.
     */
    KubernetesClient workloadClient(String clusterId) {
        Instant now = clock.instant();
        Workload cached = workloads.get(clusterId);
        if (cached != null && now.isBefore(cached.readAt().plus(settings.kubeconfigRefresh()))) {
            return cached.client();
        }
        ClusterProfile cluster = clusters.find(clusterId)
                .orElseThrow(() -> new NodeAccessException(
                        FailureReason.INVALID_INPUT, "cluster " + clusterId + " is not in the inventory"));
        KubernetesClient client;
        try {
            client = workload.apply(cluster);
        } catch (ClusterApiException e) {
            throw new NodeAccessException(reason(e), e.getMessage());
        }
        workloads.put(clusterId, new Workload(client, now));
        if (cached != null) {
            cached.client().close();
        }
        return client;
    }

    private synchronized SshNodeExecutor ssh() {
        if (ssh == null) {
            ssh = new SshNodeExecutor(
                    settings.ssh(),
                    target -> clusters.find(target.clusterId())
                            .flatMap(c -> c.node(target.nodeName()))
                            .flatMap(ClusterProfile.Node::address),
                    new SecretSshCredentials(clusterId -> clusters.find(clusterId)
                            .flatMap(ClusterProfile::management)
                            .map(ref -> new SecretSshCredentials.SecretLocation(
                                    managementClient(ref.cluster()), ref.namespace(), ref.name()))));
        }
        return ssh;
    }

    private static FailureReason reason(ClusterApiException e) {
        return FailureReason.valueOf(e.reason().name());
    }

    private static NodeResponse failed(NodeRequest request, FailureReason reason, String message) {
        return new NodeResponse.Failed(request.operation(), NodeError.of(reason, message));
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
