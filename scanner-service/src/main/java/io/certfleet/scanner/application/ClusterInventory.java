package io.certfleet.scanner.application;

import io.certfleet.messaging.ClusterScope;
import io.certfleet.scanner.domain.inventory.Cluster;
import io.certfleet.scanner.domain.inventory.ClusterOrigin;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The clusters of the fleet (table {@code cluster} and {@code cluster_node}). Runs in the caller's transaction. */
public interface ClusterInventory {

    Optional<Cluster> find(String clusterId);

    /** Whether a cluster is known (cheaper than {@link #find}). */
    boolean exists(String clusterId);

    /**
     * Adds the cluster or replaces what it holds (labels, endpoints, nodes). A new cluster's first scan is due at
     * {@code firstScanAt}; a replaced one keeps its schedule.
     *
     * @return whether the cluster was new
     */
    boolean save(Cluster cluster, Instant now, Instant firstScanAt);

    /** The origin of a known cluster. */
    Optional<ClusterOrigin> origin(String clusterId);

    /** Ids of the clusters a source registered (for a discovery source: of one management cluster). */
    List<String> ids(ClusterOrigin origin, Optional<String> managementCluster);

    /** Removes a cluster with its certificates and schedule. */
    void remove(String clusterId);

    /** Summaries for the API of the clusters in {@code scope}, filtered by team label when given. */
    List<ClusterSummary> summaries(ClusterScope scope, Optional<String> team, int limit, int offset);

    /** The summary of one cluster. */
    Optional<ClusterSummary> summary(String clusterId);
}
