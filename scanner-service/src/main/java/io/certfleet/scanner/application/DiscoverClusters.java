package io.certfleet.scanner.application;

import io.certfleet.scanner.domain.inventory.Cluster;
import io.certfleet.scanner.domain.inventory.ClusterOrigin;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Use case: keep the inventory in step with the clusters management clusters manage. Listing happens outside any
 * transaction; the result is synchronized in one. A management cluster that cannot be listed changes nothing (its
 * clusters are not removed because of an outage).
 */
@Singleton
public class DiscoverClusters {
    private static final Logger LOG = LoggerFactory.getLogger(DiscoverClusters.class);

    private final ClusterDiscovery discovery;
    private final RegisterClusters register;

    DiscoverClusters(ClusterDiscovery discovery, RegisterClusters register) {
        this.discovery = discovery;
        this.register = register;
    }

    /** What one management cluster gave. */
    public sealed interface Outcome {
        String managementCluster();
    }

    public record Synchronized(String managementCluster, RegisterClusters.Sync sync) implements Outcome {}

    public record Unavailable(String managementCluster, String reason, boolean retryable) implements Outcome {}

    public List<Outcome> discoverAll() {
        return discovery.managementClusters().stream().map(this::discover).toList();
    }

    public Outcome discover(String managementCluster) {
        List<Cluster> found;
        try {
            found = discovery.discover(managementCluster);
        } catch (ClusterDiscovery.DiscoveryException e) {
            LOG.warn(
                    "discovery in management cluster {} failed ({}): {}",
                    managementCluster,
                    e.retryable() ? "will retry" : "check its configuration",
                    e.getMessage());
            return new Unavailable(managementCluster, e.getMessage(), e.retryable());
        }
        RegisterClusters.Sync sync =
                register.synchronize(ClusterOrigin.DISCOVERED, Optional.of(managementCluster), found);
        if (!sync.created().isEmpty()
                || !sync.removed().isEmpty()
                || !sync.refused().isEmpty()) {
            LOG.info(
                    "discovery in {}: {} new, {} updated, {} removed, refused {}",
                    managementCluster,
                    sync.created().size(),
                    sync.updated().size(),
                    sync.removed().size(),
                    sync.refused());
        }
        return new Synchronized(managementCluster, sync);
    }
}
