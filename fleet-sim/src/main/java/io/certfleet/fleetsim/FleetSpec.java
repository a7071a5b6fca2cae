package io.certfleet.fleetsim;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A simulated fleet: the seed everything derives from (names, versions, node name suffixes, zone
 * offsets, serial numbers, kubelet rotation times) and the clusters.
 *
 * @param seed the seed; the same seed and spec give the same fleet (key bytes excepted)
 * @param clusters the clusters, names unique
 * @param tlsEndpoints whether control-plane nodes get loopback TLS endpoints (apiserver, etcd)
 * @param managementApi whether the Fabric8 mock management API is started and populated
 */
public record FleetSpec(long seed, List<ClusterSpec> clusters, boolean tlsEndpoints, boolean managementApi) {

    /** Versions a cluster gets when its spec names none (picked by the seed). */
    public static final List<String> DEFAULT_VERSIONS = List.of("v1.28.15", "v1.29.10", "v1.30.6", "v1.31.2");

    private static final List<String> ENVIRONMENTS = List.of("prod", "stage", "dev", "edge");
    private static final List<String> REGIONS = List.of("euw1", "euc1", "use1", "usw2", "apse1");

    public FleetSpec {
        clusters = List.copyOf(clusters);
        Set<String> names = new HashSet<>();
        for (ClusterSpec cluster : clusters) {
            if (!names.add(cluster.name())) {
                throw new IllegalArgumentException("duplicate cluster name " + cluster.name());
            }
        }
        if (clusters.size() > 245 * 256) {
            throw new IllegalArgumentException("too many clusters for the 127.10-255.x.y address plan");
        }
    }

    public static Builder builder(long seed) {
        return new Builder(seed);
    }

    /** Builder; unnamed clusters become {@code <env>-<region>-<nn>}, unversioned ones get a seeded version. */
    public static final class Builder {
        private final long seed;
        private final List<ClusterSpec.Builder> clusters = new ArrayList<>();
        private boolean tlsEndpoints = true;
        private boolean managementApi = true;

        private Builder(long seed) {
            this.seed = seed;
        }

        public Builder cluster(ClusterSpec.Builder cluster) {
            clusters.add(cluster.copy());
            return this;
        }

        public Builder cluster(Consumer<ClusterSpec.Builder> customizer) {
            ClusterSpec.Builder cluster = ClusterSpec.builder();
            customizer.accept(cluster);
            clusters.add(cluster);
            return this;
        }

        /** {@code count} clusters configured alike (names and versions still differ by seed). */
        public Builder clusters(int count, Consumer<ClusterSpec.Builder> template) {
            for (int i = 0; i < count; i++) {
                cluster(template);
            }
            return this;
        }

        public Builder tlsEndpoints(boolean value) {
            this.tlsEndpoints = value;
            return this;
        }

        public Builder managementApi(boolean value) {
            this.managementApi = value;
            return this;
        }

        public FleetSpec build() {
            SplittableRandom random = new SplittableRandom(seed);
            List<ClusterSpec> resolved = new ArrayList<>();
            for (int i = 0; i < clusters.size(); i++) {
                String name = ENVIRONMENTS.get(random.nextInt(ENVIRONMENTS.size())) + "-"
                        + REGIONS.get(random.nextInt(REGIONS.size())) + "-" + String.format("%02d", i + 1);
                String version = DEFAULT_VERSIONS.get(random.nextInt(DEFAULT_VERSIONS.size()));
                resolved.add(clusters.get(i).buildWith(name, version));
            }
            return new FleetSpec(seed, resolved, tlsEndpoints, managementApi);
        }
    }
}
