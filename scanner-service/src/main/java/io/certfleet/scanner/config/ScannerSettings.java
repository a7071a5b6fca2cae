package io.certfleet.scanner.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Settings of the scanner under {@code certfleet.scanner}. Defaults are applied here once.
 *
 * @param instanceId this instance's name in scan leases; default host name plus a random suffix
 * @param schedulerEnabled whether this instance claims and runs scans (an API-only instance turns it off)
 * @param scanInterval time between two scans of a cluster (a cluster may set its own)
 * @param scanJitter up to this much is added at random to each next scan time
 * @param leaseDuration a claimed cluster is this instance's for this long, renewed after every committed step
 * @param dispatchInterval how often due scans are looked for
 * @param maxConcurrentScans clusters this instance scans at once
 * @param nodeBatchSize nodes read and committed per step (bounds memory and the size of a transaction)
 * @param nodeConcurrency nodes (and endpoints) read at once within a step
 * @param tlsTimeout connect and handshake timeout of a TLS probe
 * @param apiTimeout timeout of a Kubernetes API call (management and workload clusters)
 * @param inventoryFile the declarative inventory file, if any
 * @param inventoryFileInterval how often the file is checked for changes
 * @param discoveryInterval how often management clusters are searched for clusters
 * @param warningThreshold the default WARNING threshold
 * @param criticalThreshold the default CRITICAL threshold
 * @param metricsMaxSeries at most this many certificates get x509_cert_* gauges (the soonest to expire)
 * @param metricsRefresh how often the gauges are rebuilt from the inventory
 */
@ConfigurationProperties("certfleet.scanner")
public record ScannerSettings(
        @Nullable String instanceId,
        @Bindable(defaultValue = "true") boolean schedulerEnabled,
        @Bindable(defaultValue = "6h") Duration scanInterval,
        @Bindable(defaultValue = "10m") Duration scanJitter,
        @Bindable(defaultValue = "5m") Duration leaseDuration,
        @Bindable(defaultValue = "2s") Duration dispatchInterval,
        @Bindable(defaultValue = "2") int maxConcurrentScans,
        @Bindable(defaultValue = "200") int nodeBatchSize,
        @Bindable(defaultValue = "16") int nodeConcurrency,
        @Bindable(defaultValue = "3s") Duration tlsTimeout,
        @Bindable(defaultValue = "10s") Duration apiTimeout,
        @Nullable String inventoryFile,
        @Bindable(defaultValue = "15s") Duration inventoryFileInterval,
        @Bindable(defaultValue = "5m") Duration discoveryInterval,
        @Bindable(defaultValue = "30d") Duration warningThreshold,
        @Bindable(defaultValue = "7d") Duration criticalThreshold,
        @Bindable(defaultValue = "100000") int metricsMaxSeries,
        @Bindable(defaultValue = "30s") Duration metricsRefresh) {

    public ScannerSettings {
        instanceId = instanceId == null || instanceId.isBlank() ? defaultInstanceId() : instanceId;
        positive(scanInterval, "scan-interval");
        positive(leaseDuration, "lease-duration");
        positive(dispatchInterval, "dispatch-interval");
        positive(tlsTimeout, "tls-timeout");
        positive(apiTimeout, "api-timeout");
        positive(inventoryFileInterval, "inventory-file-interval");
        positive(discoveryInterval, "discovery-interval");
        positive(metricsRefresh, "metrics-refresh");
        if (scanJitter == null || scanJitter.isNegative()) {
            throw new IllegalArgumentException("certfleet.scanner.scan-jitter must not be negative");
        }
        atLeastOne(maxConcurrentScans, "max-concurrent-scans");
        atLeastOne(nodeBatchSize, "node-batch-size");
        atLeastOne(nodeConcurrency, "node-concurrency");
        if (metricsMaxSeries < 0) {
            throw new IllegalArgumentException("certfleet.scanner.metrics-max-series must not be negative");
        }
    }

    public Optional<String> inventoryFilePath() {
        return Optional.ofNullable(inventoryFile).filter(f -> !f.isBlank());
    }

    private static String defaultInstanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "scanner";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void positive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("certfleet.scanner." + name + " must be a positive duration");
        }
    }

    private static void atLeastOne(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException("certfleet.scanner." + name + " must be at least 1");
        }
    }
}
