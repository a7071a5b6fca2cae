package io.certfleet.fleetsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certfleet.pki.issue.Pem;
import io.certfleet.pki.kubeadm.KubeadmCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seeded determinism, defaults and validation of the fleet description. */
class FleetSpecTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-01T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static FleetSpec spec(long seed) {
        return FleetSpec.builder(seed)
                .clusters(
                        2,
                        c -> c.flavour(ClusterFlavour.CLUSTER_API)
                                .controlPlaneNodes(3)
                                .workers(2))
                .cluster(c -> c.workers(1))
                .tlsEndpoints(false)
                .managementApi(false)
                .build();
    }

    @Test
    void the_same_seed_gives_the_same_fleet_apart_from_key_bytes() {
        try (SimulatedFleet first = FleetSimulator.create(spec(99), dir.resolve("a"), CLOCK);
                SimulatedFleet second = FleetSimulator.create(spec(99), dir.resolve("b"), CLOCK)) {
            assertThat(describe(first)).isEqualTo(describe(second));
            SimulatedNode a = first.clusters().get(0).controlPlaneNodes().get(1);
            SimulatedNode b = second.clusters().get(0).controlPlaneNodes().get(1);
            assertThat(certificate(a, KubeadmCertificate.APISERVER).getSerialNumber())
                    .isEqualTo(certificate(b, KubeadmCertificate.APISERVER).getSerialNumber());
            assertThat(certificate(a, KubeadmCertificate.APISERVER).getPublicKey())
                    .isNotEqualTo(certificate(b, KubeadmCertificate.APISERVER).getPublicKey());
            assertThat(listKubeletDir(a)).isEqualTo(listKubeletDir(b));
        }
        assertThat(spec(99).clusters()).extracting(ClusterSpec::name).doesNotHaveDuplicates();
        assertThat(spec(99).clusters())
                .extracting(ClusterSpec::name)
                .isNotEqualTo(
                        spec(100).clusters().stream().map(ClusterSpec::name).toList());
    }

    @Test
    void names_addresses_and_zones_follow_the_plan() {
        try (SimulatedFleet fleet = FleetSimulator.create(spec(5), dir, CLOCK)) {
            SimulatedCluster capi = fleet.clusters().get(1);
            SimulatedCluster kubeadm = fleet.clusters().get(2);

            assertThat(capi.controlPlaneNodes())
                    .allSatisfy(n -> assertThat(n.name()).matches(capi.name() + "-control-plane-[a-z0-9]{5}"));
            assertThat(capi.workers())
                    .allSatisfy(n -> assertThat(n.name()).matches(capi.name() + "-md-0-[a-z0-9]{5}-[a-z0-9]{5}"));
            assertThat(kubeadm.nodes())
                    .extracting(SimulatedNode::name)
                    .containsExactly(kubeadm.name() + "-cp-1", kubeadm.name() + "-worker-1");
            assertThat(capi.nodes())
                    .extracting(SimulatedNode::hostIp)
                    .containsExactly("127.10.1.1", "127.10.1.2", "127.10.1.3", "127.10.1.4", "127.10.1.5");
            assertThat(capi.controlPlaneNodes()).extracting(SimulatedNode::zone).doesNotHaveDuplicates();
            assertThat(capi.controlPlaneNodes().get(0).initNode()).isTrue();
            assertThat(capi.controlPlaneNodes().get(1).initNode()).isFalse();
            assertThat(capi.controlPlaneNodes().get(0).root())
                    .isEqualTo(dir.toAbsolutePath()
                            .resolve(capi.name())
                            .resolve(capi.controlPlaneNodes().get(0).name()));
            assertThat(FleetSpec.DEFAULT_VERSIONS).contains(capi.kubernetesVersion());
            assertThat(capi.nodes()).allSatisfy(n -> assertThat(n.endpoints()).isEmpty());
            assertThatThrownBy(fleet::managementApi).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void invalid_specs_are_refused_with_the_reason() {
        assertThatThrownBy(() -> FleetSpec.builder(1)
                        .cluster(c -> c.name("same"))
                        .cluster(c -> c.name("same"))
                        .build())
                .hasMessageContaining("duplicate cluster name same");
        assertThatThrownBy(() -> FleetSpec.builder(1)
                        .cluster(c -> c.controlPlaneNodes(2))
                        .build())
                .hasMessageContaining("controlPlaneNodes");
        assertThatThrownBy(() -> FleetSpec.builder(1)
                        .cluster(c -> c.kubernetesVersion("1.30"))
                        .build())
                .hasMessageContaining("v1.30.6");
        assertThatThrownBy(() ->
                        FleetSpec.builder(1).cluster(c -> c.name("Not_A_Label")).build())
                .hasMessageContaining("DNS label");
        assertThatThrownBy(() -> new CertificateAges(
                        Duration.ofDays(1), Duration.ofDays(10), Duration.ofDays(2), Duration.ofDays(5)))
                .hasMessageContaining("cannot be older than their CAs");
        assertThatThrownBy(() -> CertificateAges.expiringIn(Duration.ofDays(400)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ages_are_counted_from_the_clock() {
        Instant now = CLOCK.instant();
        CertificateAges expiring = CertificateAges.expiringIn(Duration.ofDays(6));
        CertificateAges expired = CertificateAges.expiredFor(Duration.ofDays(3));

        assertThat(expiring.leafNotAfter(now)).isEqualTo(now.plus(Duration.ofDays(6)));
        assertThat(expired.leafNotAfter(now)).isEqualTo(now.minus(Duration.ofDays(3)));
        assertThat(expired.caNotAfter(now)).isAfter(now);
        assertThat(CertificateAges.fresh().withCaExpiringIn(Duration.ofDays(20)).caNotAfter(now))
                .isEqualTo(now.plus(Duration.ofDays(20)));
    }

    @Test
    void faults_select_nodes_by_role_and_position() {
        FaultSet faults = new FaultSet(List.of(
                Fault.nodeNeverReady(NodeSelector.worker(1)),
                Fault.kubeletRotationDisabled(NodeSelector.workers()),
                Fault.apiserverCertificateExpired()));

        assertThat(faults.neverReady(NodeRole.WORKER, 1)).isTrue();
        assertThat(faults.neverReady(NodeRole.WORKER, 0)).isFalse();
        assertThat(faults.kubeletRotation(NodeRole.WORKER, 0)).isFalse();
        assertThat(faults.kubeletRotation(NodeRole.CONTROL_PLANE, 0)).isTrue();
        assertThat(faults.apiserverExpiredFor(NodeRole.CONTROL_PLANE, 2)).contains(Duration.ofDays(1));
        assertThat(faults.apiserverExpiredFor(NodeRole.WORKER, 0)).isEmpty();
        assertThat(faults.drainBlocked(NodeRole.WORKER, 1)).isFalse();
        assertThatThrownBy(() -> new NodeSelector(java.util.Optional.empty(), java.util.OptionalInt.of(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> describe(SimulatedFleet fleet) {
        return fleet.nodes().stream()
                .map(n -> n.cluster().name() + " " + n.cluster().kubernetesVersion() + " " + n.name() + " " + n.hostIp()
                        + " " + n.zone() + " " + n.role())
                .toList();
    }

    private static java.security.cert.X509Certificate certificate(SimulatedNode node, KubeadmCertificate row) {
        try {
            return Pem.decodeCertificate(Files.readString(node.path(row)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> listKubeletDir(SimulatedNode node) {
        try (var files = Files.list(node.kubeletDir())) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
