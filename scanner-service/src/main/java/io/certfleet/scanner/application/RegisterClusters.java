package io.certfleet.scanner.application;

import io.certfleet.scanner.domain.inventory.Cluster;
import io.certfleet.scanner.domain.inventory.ClusterNode;
import io.certfleet.scanner.domain.inventory.ClusterOrigin;
import io.certfleet.scanner.domain.scan.ScanSchedule;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Use case: clusters enter, change and leave the inventory. Three sources register clusters — the API, the
 * declarative file and discovery in management clusters — and each only ever replaces or removes its own clusters,
 * so a file reload never deletes a cluster someone registered by hand.
 */
@Singleton
public class RegisterClusters {
    private final ClusterInventory clusters;
    private final CertificateInventory certificates;
    private final ScanSchedule schedule;
    private final RandomGenerator random;
    private final Clock clock;

    RegisterClusters(
            ClusterInventory clusters,
            CertificateInventory certificates,
            ScanSchedule schedule,
            RandomGenerator random,
            Clock clock) {
        this.clusters = clusters;
        this.certificates = certificates;
        this.schedule = schedule;
        this.random = random;
        this.clock = clock;
    }

    /** What registering one cluster did. */
    public sealed interface Registration {
        String clusterId();
    }

    public record Created(String clusterId) implements Registration {}

    public record Updated(String clusterId) implements Registration {}

    /** Another source owns the cluster id; nothing changed. Retrying does not help until that source lets go. */
    public record Refused(String clusterId, String reason) implements Registration {}

    /** What synchronizing a source's whole list did. */
    public record Sync(List<String> created, List<String> updated, List<String> removed, List<Refused> refused) {}

    /** Registers or replaces a cluster through the API. */
    @Transactional
    public Registration register(Cluster cluster) {
        return save(cluster);
    }

    /**
     * Makes the inventory hold exactly the clusters of a source: saves each, removes the source's clusters that are
     * no longer listed.
     *
     * @param origin FILE or DISCOVERED
     * @param managementCluster for DISCOVERED: the management cluster the list comes from
     */
    @Transactional
    public Sync synchronize(ClusterOrigin origin, Optional<String> managementCluster, List<Cluster> listed) {
        List<String> created = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        List<Refused> refused = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Cluster cluster : listed) {
            if (cluster.origin() != origin) {
                throw new IllegalArgumentException("cluster " + cluster.id() + " is not from " + origin);
            }
            ids.add(cluster.id());
            switch (save(cluster)) {
                case Created c -> created.add(c.clusterId());
                case Updated u -> updated.add(u.clusterId());
                case Refused r -> refused.add(r);
            }
        }
        List<String> removed = new ArrayList<>();
        for (String id : clusters.ids(origin, managementCluster)) {
            if (!ids.contains(id)) {
                clusters.remove(id);
                removed.add(id);
            }
        }
        return new Sync(created, updated, removed, refused);
    }

    /** Removes an API-registered cluster. */
    @Transactional
    public Optional<Registration> unregister(String clusterId) {
        Optional<ClusterOrigin> origin = clusters.origin(clusterId);
        if (origin.isEmpty()) {
            return Optional.empty();
        }
        if (origin.get() != ClusterOrigin.API) {
            return Optional.of(new Refused(
                    clusterId,
                    "registered by " + origin.get() + ": remove it there (the inventory file or the"
                            + " management cluster)"));
        }
        clusters.remove(clusterId);
        return Optional.of(new Updated(clusterId));
    }

    private Registration save(Cluster cluster) {
        Optional<ClusterOrigin> existing = clusters.origin(cluster.id());
        if (existing.isPresent() && existing.get() != cluster.origin()) {
            return new Refused(
                    cluster.id(),
                    "cluster " + cluster.id() + " is already registered by " + existing.get() + "; remove it there"
                            + " first or use another id");
        }
        Instant now = clock.instant();
        boolean created = clusters.save(cluster, now, schedule.first(now, random));
        if (!created) {
            certificates.removeNodesExcept(
                    cluster.id(),
                    cluster.nodes().stream().map(ClusterNode::name).toList());
        }
        return created ? new Created(cluster.id()) : new Updated(cluster.id());
    }
}
