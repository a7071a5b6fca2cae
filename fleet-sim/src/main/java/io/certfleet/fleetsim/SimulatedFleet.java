package io.certfleet.fleetsim;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A running SIMULATED fleet (see {@link FleetSimulator}): node directories under {@link #root()},
 * TLS endpoints on loopback, a management API and per-cluster APIs. Not a client of any real
 * cluster. {@link #close()} stops every endpoint and mock server; the files stay.
 */
public final class SimulatedFleet implements AutoCloseable {

    private final FleetSpec spec;
    private final Path root;
    private final Clock clock;
    private final Instant createdAt;
    private final List<SimulatedCluster> clusters;
    private ManagementApi managementApi;
    private volatile boolean closed;

    SimulatedFleet(FleetSpec spec, Path root, Clock clock, Instant createdAt, List<SimulatedCluster> clusters) {
        this.spec = spec;
        this.root = root;
        this.clock = clock;
        this.createdAt = createdAt;
        this.clusters = List.copyOf(clusters);
    }

    public FleetSpec spec() {
        return spec;
    }

    /** The directory holding {@code <cluster>/<node>/...}. */
    public Path root() {
        return root;
    }

    public Clock clock() {
        return clock;
    }

    /** The fleet clock's instant (to the second) the certificate ages were counted from. */
    public Instant createdAt() {
        return createdAt;
    }

    public List<SimulatedCluster> clusters() {
        return clusters;
    }

    public Optional<SimulatedCluster> cluster(String name) {
        return clusters.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public List<SimulatedNode> nodes() {
        return clusters.stream().flatMap(c -> c.nodes().stream()).toList();
    }

    /** Every apiserver and etcd endpoint of the fleet. */
    public List<TlsEndpoint> endpoints() {
        return nodes().stream().flatMap(n -> n.endpoints().stream()).toList();
    }

    /**
     * A Fabric8 client of the management API (namespaces per cluster, Cluster API objects,
     * Secrets).
     *
     * @throws IllegalStateException if the spec turned the management API off
     */
    public KubernetesClient managementApi() {
        if (managementApi == null) {
            throw new IllegalStateException("the fleet was built without a management API");
        }
        return managementApi.client();
    }

    void managementApi(ManagementApi api) {
        this.managementApi = api;
    }

    boolean hasManagementApi() {
        return managementApi != null;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        clusters.forEach(SimulatedCluster::close);
        if (managementApi != null) {
            managementApi.close();
        }
    }

    @Override
    public String toString() {
        return "SimulatedFleet[" + clusters.size() + " clusters, " + nodes().size() + " nodes, root " + root + "]";
    }
}
