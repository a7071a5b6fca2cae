package io.certfleet.renewal.adapter.out;

import io.certfleet.renewal.application.ClusterApiException;
import io.certfleet.renewal.config.ManagementClusterSettings;
import io.certfleet.renewal.config.RenewalSettings;
import io.certfleet.renewal.domain.execution.FailureReason;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Fabric8 clients of the configured management clusters (one each, made on first use) and of workload clusters (made
 * from a {@code <c>-kubeconfig} Secret for one task, then closed). Always the JDK HTTP client, HTTP/1.1, the configured
 * timeout, one retry.
 */
@Singleton
final class ManagementClients implements AutoCloseable {
    private final Map<String, ManagementClusterSettings> settings;
    private final RenewalSettings renewal;
    private final Map<String, KubernetesClient> clients = new ConcurrentHashMap<>();

    ManagementClients(List<ManagementClusterSettings> settings, RenewalSettings renewal) {
        this.settings =
                settings.stream().collect(Collectors.toUnmodifiableMap(ManagementClusterSettings::name, s -> s));
        this.renewal = renewal;
    }

    /**
     * @throws ClusterApiException if no management cluster of that name is configured or its kubeconfig is unreadable
     */
    KubernetesClient client(String managementCluster) {
        ManagementClusterSettings s = settings.get(managementCluster);
        if (s == null) {
            throw new ClusterApiException(
                    FailureReason.INVALID_INPUT,
                    "management cluster '" + managementCluster
                            + "' is not configured (certfleet.renewal.management-clusters)");
        }
        return clients.computeIfAbsent(managementCluster, name -> build(config(s)));
    }

    /** A client of a workload cluster from its kubeconfig text (it holds a key); the caller closes it. */
    KubernetesClient workloadClient(String kubeconfig) {
        return build(Config.fromKubeconfig(kubeconfig));
    }

    private Config config(ManagementClusterSettings s) {
        if (s.kubeconfigFile() != null && !s.kubeconfigFile().isBlank()) {
            try {
                return Config.fromKubeconfig(Files.readString(Path.of(s.kubeconfigFile()), StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                // the file holds credentials: its content is never quoted, so neither is the parser's message
                throw new ClusterApiException(
                        FailureReason.INVALID_INPUT,
                        "kubeconfig of management cluster " + s.name() + " cannot be read ("
                                + e.getClass().getSimpleName() + ")");
            }
        }
        return new ConfigBuilder(Config.empty()).withMasterUrl(s.url()).build();
    }

    private KubernetesClient build(Config config) {
        int timeout = (int) renewal.apiTimeout().toMillis();
        config.setRequestTimeout(timeout);
        config.setConnectionTimeout(timeout);
        config.setRequestRetryBackoffLimit(1);
        // HTTP/1.1: the JDK client's h2c upgrade on plain http (proxies, the mock API) hangs some servers
        config.setHttp2Disable(true);
        return new KubernetesClientBuilder()
                .withConfig(config)
                .withHttpClientFactory(new JdkHttpClientFactory())
                .build();
    }

    @PreDestroy
    @Override
    public void close() {
        clients.values().forEach(KubernetesClient::close);
        clients.clear();
    }
}
