package io.certfleet.fleetsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certfleet.pki.issue.BouncyCastleCertificateIssuer;
import io.certfleet.pki.issue.CertificateSpec;
import io.certfleet.pki.issue.CertifiedKey;
import io.certfleet.pki.issue.KeyAlgorithm;
import io.certfleet.pki.issue.Pem;
import io.certfleet.pki.issue.PkiFileWriter;
import io.certfleet.pki.issue.Validity;
import io.certfleet.pki.kubeadm.KubeadmCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loopback TLS endpoints serve what is on disk, and only pick up new files when restarted. */
class TlsEndpointTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path root;

    private SimulatedFleet fleet;

    @BeforeEach
    void buildFleet() {
        fleet = FleetSimulator.create(
                FleetSpec.builder(7)
                        .cluster(c -> c.name("tls")
                                .kubernetesVersion("v1.30.6")
                                .controlPlaneNodes(3)
                                .workers(1))
                        .cluster(c -> c.name("expired")
                                .kubernetesVersion("v1.30.6")
                                .workers(0)
                                .fault(Fault.apiserverCertificateExpired()))
                        .managementApi(false)
                        .build(),
                root,
                clock);
    }

    @AfterEach
    void closeFleet() {
        fleet.close();
    }

    @Test
    void every_control_plane_node_has_two_endpoints_on_its_own_loopback_address() {
        SimulatedCluster cluster = fleet.cluster("tls").orElseThrow();

        assertThat(fleet.endpoints()).hasSize(2 * (3 + 1));
        for (SimulatedNode node : cluster.controlPlaneNodes()) {
            assertThat(node.apiserverEndpoint()
                            .orElseThrow()
                            .address()
                            .getAddress()
                            .getHostAddress())
                    .isEqualTo(node.hostIp())
                    .startsWith("127.10.0.");
            assertThat(node.etcdEndpoint().orElseThrow().address().getAddress().getHostAddress())
                    .isEqualTo(node.hostIp());
        }
        assertThat(cluster.workers().get(0).endpoints()).isEmpty();
        assertThat(cluster.apiserverUrl())
                .isEqualTo(cluster.controlPlaneNodes()
                        .get(0)
                        .apiserverEndpoint()
                        .orElseThrow()
                        .url());
    }

    @Test
    void handshake_returns_the_on_disk_certificate_until_restart() throws Exception {
        SimulatedNode node =
                fleet.cluster("tls").orElseThrow().controlPlaneNodes().get(1);
        TlsEndpoint apiserver = node.apiserverEndpoint().orElseThrow();
        Path certificateFile = node.path(KubeadmCertificate.APISERVER);
        X509Certificate onDisk = Pem.decodeCertificate(Files.readString(certificateFile));

        assertThat(TlsProbe.servedCertificate(apiserver.address())).isEqualTo(onDisk);

        X509Certificate renewed = renewApiserverOnDisk(node);
        assertThat(renewed).isNotEqualTo(onDisk);
        assertThat(TlsProbe.servedCertificate(apiserver.address()))
                .as("a running apiserver keeps its certificate")
                .isEqualTo(onDisk);

        node.restartStaticPods();

        assertThat(TlsProbe.servedCertificate(apiserver.address())).isEqualTo(renewed);
        assertThat(apiserver.servedCertificate()).contains(renewed);
        assertThat(apiserver.restarts()).isEqualTo(1);
        assertThat(node.restartCount(ControlPlaneComponent.KUBE_SCHEDULER)).isEqualTo(1);
    }

    @Test
    void etcd_serves_its_server_certificate_and_answers_health() throws Exception {
        SimulatedNode node =
                fleet.cluster("tls").orElseThrow().controlPlaneNodes().get(0);
        TlsEndpoint etcd = node.etcdEndpoint().orElseThrow();

        X509Certificate served = TlsProbe.servedCertificate(etcd.address());
        assertThat(served)
                .isEqualTo(Pem.decodeCertificate(Files.readString(node.path(KubeadmCertificate.ETCD_SERVER))));
        assertThat(served.getSubjectX500Principal().getName()).isEqualTo("CN=kube-etcd");
        assertThat(TlsProbe.get(etcd.address(), "/healthz"))
                .startsWith("HTTP/1.1 200")
                .endsWith("\r\n\r\nok");
        assertThat(TlsProbe.get(etcd.address(), "/health")).contains("{\"health\":\"true\"");
        assertThat(TlsProbe.get(etcd.address(), "/nope")).startsWith("HTTP/1.1 404");
    }

    @Test
    void expired_fault_serves_an_expired_certificate() throws Exception {
        SimulatedNode node =
                fleet.cluster("expired").orElseThrow().controlPlaneNodes().get(0);

        X509Certificate served = TlsProbe.servedCertificate(
                node.apiserverEndpoint().orElseThrow().address());

        assertThat(served.getNotAfter().toInstant()).isEqualTo(NOW.minus(Duration.ofDays(1)));
    }

    @Test
    void a_key_that_does_not_match_keeps_the_component_down_until_fixed() throws Exception {
        SimulatedNode node =
                fleet.cluster("tls").orElseThrow().controlPlaneNodes().get(0);
        TlsEndpoint apiserver = node.apiserverEndpoint().orElseThrow();
        Path keyFile = node.certDir().resolve("apiserver.key");
        String goodKey = Files.readString(keyFile);
        Files.writeString(
                keyFile,
                Pem.encodePrivateKeyTraditional(KeyAlgorithm.EC_P256
                        .generate(new java.security.SecureRandom())
                        .getPrivate()));

        assertThatThrownBy(() -> node.restartStaticPod(ControlPlaneComponent.KUBE_APISERVER))
                .isInstanceOf(ComponentStartException.class)
                .hasMessageContaining("kube-apiserver on " + node.name())
                .hasMessageContaining("does not match");
        assertThat(apiserver.serving()).isFalse();
        assertThatThrownBy(() -> TlsProbe.servedCertificate(apiserver.address()))
                .isInstanceOf(java.io.IOException.class);

        Files.writeString(keyFile, goodKey);
        node.restartStaticPod(ControlPlaneComponent.KUBE_APISERVER);
        assertThat(TlsProbe.servedCertificate(apiserver.address())).isNotNull();
    }

    @Test
    void closing_the_fleet_stops_the_endpoints() throws Exception {
        TlsEndpoint apiserver = fleet.cluster("tls")
                .orElseThrow()
                .controlPlaneNodes()
                .get(0)
                .apiserverEndpoint()
                .orElseThrow();

        fleet.close();

        assertThat(apiserver.serving()).isFalse();
        assertThatThrownBy(() -> TlsProbe.servedCertificate(apiserver.address()))
                .isInstanceOf(java.io.IOException.class);
    }

    /** What renewal will do: a new key and certificate with the same subject, signed by the on-disk CA. */
    private X509Certificate renewApiserverOnDisk(SimulatedNode node) throws Exception {
        CertifiedKey ca = new CertifiedKey(
                Pem.decodeCertificate(Files.readString(node.certDir().resolve("ca.crt"))),
                Pem.decodePrivateKey(Files.readString(node.certDir().resolve("ca.key"))));
        CertifiedKey renewed = new BouncyCastleCertificateIssuer(clock)
                .issue(
                        CertificateSpec.leaf("kube-apiserver")
                                .subjectAlternativeNames(KubeadmCertificate.APISERVER.requiredSans(node.identity()))
                                .usages(KubeadmCertificate.APISERVER.usages())
                                .validity(Validity.fromIssuance(Duration.ofDays(365)))
                                .build(),
                        KeyAlgorithm.EC_P256,
                        ca);
        PkiFileWriter files = new PkiFileWriter(false);
        files.writeCertificates(node.path(KubeadmCertificate.APISERVER), List.of(renewed.certificate()));
        files.writePrivateKey(node.certDir().resolve("apiserver.key"), renewed.privateKey());
        return renewed.certificate();
    }
}
