package io.certfleet.cli.demo;

import io.certfleet.fleetsim.CertificateAges;
import io.certfleet.fleetsim.ClusterFlavour;
import io.certfleet.fleetsim.Fault;
import io.certfleet.fleetsim.FleetSpec;
import io.certfleet.fleetsim.NodeSelector;
import java.time.Duration;
import java.util.List;

/**
 * The demo's simulated fleet: every situation the pipeline has to handle shows up at least once —
 * fresh clusters, certificates inside the warning and critical windows, an API server whose
 * certificate already expired (seed 001), a worker with kubelet rotation switched off (seed 000),
 * both kubeadm and Cluster API flavours. Deterministic from the seed.
 */
final class DemoFleet {
    private DemoFleet() {}

    static FleetSpec spec(int clusters, long seed) {
        FleetSpec.Builder fleet = FleetSpec.builder(seed);
        List<String> zones = List.of("zone-a", "zone-b", "zone-c");
        for (int i = 0; i < clusters; i++) {
            int index = i;
            fleet.cluster(cluster -> {
                cluster.zones(zones);
                switch (index % 6) {
                    case 0 ->
                        cluster.name(name("prod-eu", index))
                                .flavour(ClusterFlavour.KUBEADM)
                                .controlPlaneNodes(3)
                                .workers(3)
                                .ages(CertificateAges.fresh());
                    case 1 ->
                        cluster.name(name("prod-us", index))
                                .flavour(ClusterFlavour.CLUSTER_API)
                                .controlPlaneNodes(3)
                                .workers(2)
                                .ages(CertificateAges.expiringIn(Duration.ofDays(20)));
                    case 2 ->
                        cluster.name(name("staging", index))
                                .flavour(ClusterFlavour.KUBEADM)
                                .controlPlaneNodes(1)
                                .workers(2)
                                .ages(CertificateAges.expiringIn(Duration.ofDays(5)));
                    case 3 ->
                        cluster.name(name("edge", index))
                                .flavour(ClusterFlavour.KUBEADM)
                                .controlPlaneNodes(1)
                                .workers(1)
                                .ages(CertificateAges.expiringIn(Duration.ofDays(12)))
                                .fault(Fault.apiserverCertificateExpired());
                    case 4 ->
                        cluster.name(name("dev", index))
                                .flavour(ClusterFlavour.CLUSTER_API)
                                .controlPlaneNodes(1)
                                .workers(1)
                                .ages(CertificateAges.fresh());
                    default ->
                        cluster.name(name("lab", index))
                                .flavour(ClusterFlavour.KUBEADM)
                                .controlPlaneNodes(1)
                                .workers(1)
                                .ages(CertificateAges.expiringIn(Duration.ofDays(25)))
                                .fault(Fault.kubeletRotationDisabled(NodeSelector.workers()));
                }
            });
        }
        return fleet.tlsEndpoints(true).managementApi(true).build();
    }

    private static String name(String kind, int index) {
        return kind + "-" + (index / 6 + 1);
    }
}
