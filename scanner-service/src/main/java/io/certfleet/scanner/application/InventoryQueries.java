package io.certfleet.scanner.application;

import io.certfleet.messaging.ClusterScope;
import io.certfleet.scanner.domain.inventory.Cluster;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** The read side of the inventory, for the API. */
@Singleton
public class InventoryQueries {
    private final ClusterInventory clusters;
    private final CertificateInventory certificates;
    private final ScanRuns scans;
    private final Clock clock;

    InventoryQueries(ClusterInventory clusters, CertificateInventory certificates, ScanRuns scans, Clock clock) {
        this.clusters = clusters;
        this.certificates = certificates;
        this.scans = scans;
        this.clock = clock;
    }

    /** A cluster with its nodes and endpoints. */
    public record ClusterDetails(ClusterSummary summary, Cluster cluster) {}

    public List<ClusterSummary> clusters(ClusterScope scope, Optional<String> team, int limit, int offset) {
        return clusters.summaries(scope, team, limit, offset);
    }

    /** The cluster, if it exists and is in {@code scope}. */
    public Optional<ClusterDetails> cluster(ClusterScope scope, String clusterId) {
        if (!scope.includes(clusterId)) {
            return Optional.empty();
        }
        return clusters.summary(clusterId)
                .flatMap(summary -> clusters.find(clusterId).map(c -> new ClusterDetails(summary, c)));
    }

    public List<CertificateView> certificates(CertificateQuery query) {
        return certificates.find(query, clock.instant());
    }

    public List<ScanView> scans(ClusterScope scope, Optional<String> clusterId, int limit) {
        return scans.recent(scope, clusterId, limit);
    }
}
