package io.certfleet.scanner.adapter.out;

import io.certfleet.scanner.config.ManagementClusterSettings;
import io.certfleet.scanner.config.ScannerSettings;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fabric8 clients of the configured management clusters (one each, made on first use) and of workload clusters
 * (made from a {@code <c>-kubeconfig} Secret for one scan, then closed). Always the JDK HTTP client, with the
 * configured timeout and at most one retry: a scan waits for no API for long.
 */
@Singleton
final class ManagementClients implements AutoCloseable {
    private final Map<String, ManagementClusterSettings> settings;
    private final ScannerSettings scanner;
    private final Map<String, KubernetesClient> clients = new ConcurrentHashMap<>();

    ManagementClients(List<ManagementClusterSettings> settings, ScannerSettings scanner) {
        this.settings = settings.stream()
                .collect(java.util.stream.Collectors.toUnmodifiableMap(ManagementClusterSettings::name, s -> s));
        this.scanner = scanner;
    }

    Optional<ManagementClusterSettings> settings(String managementCluster) {
        return Optional.ofNullable(settings.get(managementCluster));
    }

    List<ManagementClusterSettings> all() {
        return settings.values().stream()
                .sorted(java.util.Comparator.comparing(ManagementClusterSettings::name))
                .toList();
    }

    /**
     * @throws IllegalArgumentException if no management cluster of that name is configured
     * @throws UncheckedIOException if its kubeconfig file cannot be read
     */
    KubernetesClient client(String managementCluster) {
        ManagementClusterSettings s = settings(managementCluster)
                .orElseThrow(() -> new IllegalArgumentException("management cluster '" + managementCluster
                        + "' is not configured" + " (certfleet.scanner.management-clusters)"));
        return clients.computeIfAbsent(managementCluster, name -> build(config(s)));
    }

    /** A client of a workload cluster from the kubeconfig text of its {@code <c>-kubeconfig} Secret; close it. */
    KubernetesClient workloadClient(String kubeconfig) {
        return build(Config.fromKubeconfig(kubeconfig));
    }

    private Config config(ManagementClusterSettings s) {
        if (s.kubeconfigFile() != null && !s.kubeconfigFile().isBlank()) {
            try {
                return Config.fromKubeconfig(Files.readString(Path.of(s.kubeconfigFile()), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("kubeconfig of management cluster " + s.name() + " cannot be read", e);
            }
        }
        return new ConfigBuilder(Config.empty()).withMasterUrl(s.url()).build();
    }

    private KubernetesClient build(Config config) {
        int timeout = (int) scanner.apiTimeout().toMillis();
        config.setRequestTimeout(timeout);
        config.setConnectionTimeout(timeout);
        config.setRequestRetryBackoffLimit(1);
        // HTTP/1.1: a scan makes a handful of calls per cluster, and the JDK client's h2c upgrade on plain http
        // (proxies, the mock API in tests) hangs some servers
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
