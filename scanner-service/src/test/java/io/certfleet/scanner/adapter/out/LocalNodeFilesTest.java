package io.certfleet.scanner.adapter.out;

import static org.assertj.core.api.Assertions.assertThat;

import io.certfleet.events.Finding;
import io.certfleet.events.SourceKind;
import io.certfleet.fleetsim.ClusterFlavour;
import io.certfleet.fleetsim.Fault;
import io.certfleet.fleetsim.FleetSimulator;
import io.certfleet.fleetsim.FleetSpec;
import io.certfleet.fleetsim.KubeletKubeconfig;
import io.certfleet.fleetsim.NodeSelector;
import io.certfleet.fleetsim.SimulatedCluster;
import io.certfleet.fleetsim.SimulatedFleet;
import io.certfleet.fleetsim.SimulatedNode;
import io.certfleet.pki.read.CertificateReader;
import io.certfleet.pki.read.ReadOptions;
import io.certfleet.scanner.FleetTruth;
import io.certfleet.scanner.domain.inventory.Cluster;
import io.certfleet.scanner.domain.inventory.ClusterNode;
import io.certfleet.scanner.domain.inventory.ClusterOrigin;
import io.certfleet.scanner.domain.inventory.NodeAccess;
import io.certfleet.scanner.domain.inventory.NodeRole;
import io.certfleet.scanner.domain.scan.ObservedCertificate;
import io.certfleet.scanner.domain.scan.ScannerFindings;
import io.certfleet.scanner.domain.scan.SourceReading;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Node files of a simulated cluster, read in-process: exactly what fleet-sim wrote, named and located as on a node. */
class LocalNodeFilesTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    static Path root;

    private static SimulatedFleet fleet;
    private static SimulatedCluster simulated;
    private static LocalNodeFiles files;

    @BeforeAll
    static void fleet() {
        fleet = FleetSimulator.create(
                FleetSpec.builder(11)
                        .tlsEndpoints(false)
                        .managementApi(false)
                        .cluster(c -> c.name("files")
                                .flavour(ClusterFlavour.KUBEADM)
                                .kubernetesVersion("v1.30.6")
                                .controlPlaneNodes(1)
                                .workers(2)
                                .kubeletKubeconfig(KubeletKubeconfig.EMBEDDED_CERTIFICATE)
                                .fault(Fault.kubeletRotationDisabled(NodeSelector.worker(1))))
                        .build(),
                root,
                CLOCK);
        simulated = fleet.cluster("files").orElseThrow();
        files = new LocalNodeFiles(new CertificateReader(ReadOptions.defaults()), CLOCK);
    }

    @AfterAll
    static void close() {
        if (fleet != null) {
            fleet.close();
        }
    }

    static Cluster cluster(NodeAccess access) {
        List<ClusterNode> nodes = simulated.nodes().stream()
                .map(n -> new ClusterNode(
                        n.name(),
                        n.role() == io.certfleet.fleetsim.NodeRole.CONTROL_PLANE
                                ? NodeRole.CONTROL_PLANE
                                : NodeRole.WORKER,
                        Optional.of(n.hostIp()),
                        Optional.of(n.root().toString()),
                        List.of()))
                .toList();
        return new Cluster(
                "files",
                io.certfleet.scanner.domain.inventory.ClusterFlavour.KUBEADM,
                Map.of(),
                Optional.empty(),
                Optional.empty(),
                false,
                access,
                ClusterOrigin.API,
                Optional.empty(),
                nodes,
                List.of());
    }

    @Test
    void everyNodeGivesExactlyTheCertificatesFleetSimWrote() {
        Cluster cluster = cluster(NodeAccess.LOCAL);
        for (SimulatedNode node : simulated.nodes()) {
            SourceReading reading =
                    files.read(cluster, cluster.node(node.name()).orElseThrow());

            assertThat(reading.complete()).isTrue();
            assertThat(reading.errors()).as("errors on %s", node.name()).isEmpty();
            Set<FleetTruth.Placed> found = reading.certificates().stream()
                    .map(c -> new FleetTruth.Placed(
                            c.at().nodeName().orElseThrow(),
                            c.at().location(),
                            c.at().index(),
                            c.sha256(),
                            c.facts().notAfter()))
                    .collect(Collectors.toSet());
            assertThat(found).as("certificates of %s", node.name()).isEqualTo(FleetTruth.of(node));
        }
    }

    @Test
    void certificatesCarryKubeadmNamesKindsAndAuthorities() {
        Cluster cluster = cluster(NodeAccess.LOCAL);
        SimulatedNode controlPlane = simulated.controlPlaneNodes().get(0);

        List<ObservedCertificate> certificates = files.read(
                        cluster, cluster.node(controlPlane.name()).orElseThrow())
                .certificates();

        ObservedCertificate apiserver = find(certificates, "/etc/kubernetes/pki/apiserver.crt");
        assertThat(apiserver.kubeadmName()).contains("apiserver");
        assertThat(apiserver.certificateAuthority()).contains("ca");
        assertThat(apiserver.at().kind()).isEqualTo(SourceKind.NODE_FILE);
        ObservedCertificate admin = find(certificates, "/etc/kubernetes/admin.conf");
        assertThat(admin.at().kind()).isEqualTo(SourceKind.KUBECONFIG);
        assertThat(admin.kubeadmName()).contains("admin.conf");
        ObservedCertificate kubelet = find(certificates, "/etc/kubernetes/kubelet.conf");
        assertThat(kubelet.kubeadmName()).contains("kubelet.conf");
        assertThat(find(certificates, "/var/lib/kubelet/pki/kubelet-client-current.pem")
                        .kubeadmName())
                .contains("kubelet-client");
        assertThat(find(certificates, "/etc/kubernetes/pki/etcd/ca.crt").kubeadmName())
                .contains("etcd-ca");
        assertThat(find(certificates, "/etc/kubernetes/pki/ca.crt").externallyManaged())
                .isFalse();
    }

    @Test
    void workerWithoutKubeletRotationIsFlaggedOnItsClientCertificate() {
        Cluster cluster = cluster(NodeAccess.LOCAL);
        SimulatedNode rotating = simulated.workers().get(0);
        SimulatedNode frozen = simulated.workers().get(1);

        ObservedCertificate frozenClient = find(
                files.read(cluster, cluster.node(frozen.name()).orElseThrow()).certificates(),
                "/var/lib/kubelet/pki/kubelet-client-current.pem");
        ObservedCertificate rotatingClient = find(
                files.read(cluster, cluster.node(rotating.name()).orElseThrow()).certificates(),
                "/var/lib/kubelet/pki/kubelet-client-current.pem");

        assertThat(frozenClient.findings())
                .extracting(Finding::code)
                .contains(ScannerFindings.KUBELET_ROTATION_DISABLED);
        assertThat(rotatingClient.findings())
                .extracting(Finding::code)
                .doesNotContain(ScannerFindings.KUBELET_ROTATION_DISABLED);
        assertThat(frozenClient.externallyManaged())
                .as("a worker never holds the CA key")
                .isFalse();
    }

    @Test
    void brokenAndMissingFilesAreErrorsAndTheRestIsRead() throws Exception {
        Cluster cluster = cluster(NodeAccess.LOCAL);
        SimulatedNode worker = simulated.workers().get(0);
        Path serving = worker.kubeletDir().resolve("kubelet.crt");
        byte[] original = Files.readAllBytes(serving);
        Path ca = worker.certDir().resolve("ca.crt");
        byte[] caBytes = Files.readAllBytes(ca);
        try {
            Files.writeString(serving, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
            Files.delete(ca);

            SourceReading reading =
                    files.read(cluster, cluster.node(worker.name()).orElseThrow());

            assertThat(reading.errors())
                    .extracting(e -> e.location())
                    .contains("/var/lib/kubelet/pki/kubelet.crt", "/etc/kubernetes/pki/ca.crt");
            assertThat(reading.certificates())
                    .extracting(c -> c.at().location())
                    .contains("/var/lib/kubelet/pki/kubelet-client-current.pem", "/etc/kubernetes/kubelet.conf");
            assertThat(reading.errors().toString()).doesNotContain(root.toString());
        } finally {
            Files.write(serving, original);
            Files.write(ca, caBytes);
        }
    }

    @Test
    void nodesReachedOtherwiseAreUnreachableWithAReason() {
        Cluster cluster = cluster(NodeAccess.SSH);
        SimulatedNode worker = simulated.workers().get(0);

        SourceReading reading = files.read(cluster, cluster.node(worker.name()).orElseThrow());

        assertThat(reading.complete()).isFalse();
        assertThat(reading.unreachable()).contains("node " + worker.name());
        assertThat(reading.errors())
                .singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("SSH"));
    }

    private static ObservedCertificate find(List<ObservedCertificate> certificates, String location) {
        return certificates.stream()
                .filter(c -> c.at().location().equals(location) && c.at().index() == 0)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no certificate at " + location + " in " + certificates));
    }
}
