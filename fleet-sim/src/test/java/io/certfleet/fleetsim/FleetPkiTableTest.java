package io.certfleet.fleetsim;

import static org.assertj.core.api.Assertions.assertThat;

import io.certfleet.pki.issue.KeyAlgorithm;
import io.certfleet.pki.issue.Pem;
import io.certfleet.pki.kubeadm.CertificateAuthority;
import io.certfleet.pki.kubeadm.KubeadmCertificate;
import io.certfleet.pki.kubeadm.Usage;
import io.certfleet.pki.testing.Openssl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.assertj.core.api.SoftAssertions;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Walks the seed 003 table ({@link KubeadmCertificate#values()}) over every node of a small fleet
 * and checks each certificate where the table says it is, against the table, and with the standard
 * tool: {@code openssl verify -CAfile <ca> -purpose ...} and {@code openssl x509 -enddate}.
 */
class FleetPkiTableTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @TempDir
    static Path root;

    @TempDir
    static Path scratch;

    private static SimulatedFleet fleet;

    @BeforeAll
    static void buildFleet() {
        FleetSpec spec = FleetSpec.builder(42)
                .cluster(c -> c.name("alpha")
                        .flavour(ClusterFlavour.KUBEADM)
                        .kubernetesVersion("v1.30.6")
                        .controlPlaneNodes(1)
                        .workers(2))
                .cluster(c -> c.name("bravo")
                        .flavour(ClusterFlavour.CLUSTER_API)
                        .kubernetesVersion("v1.28.15")
                        .controlPlaneNodes(3)
                        .workers(1)
                        .ages(CertificateAges.expiringIn(Duration.ofDays(5)))
                        .kubeletKubeconfig(KubeletKubeconfig.EMBEDDED_CERTIFICATE)
                        .fault(Fault.kubeletRotationDisabled(NodeSelector.worker(0))))
                .cluster(c -> c.name("charlie")
                        .kubernetesVersion("v1.31.2")
                        .controlPlaneNodes(1)
                        .workers(0)
                        .keyAlgorithm(KeyAlgorithm.RSA_2048)
                        .fault(Fault.apiserverCertificateExpired()))
                .managementApi(false)
                .build();
        fleet = FleetSimulator.create(spec, root, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterAll
    static void closeFleet() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void every_table_row_is_where_the_table_says_and_matches_it() throws Exception {
        SoftAssertions softly = new SoftAssertions();
        int checked = 0;
        for (SimulatedCluster cluster : fleet.clusters()) {
            KubeadmConventions conventions = KubeadmConventions.of(cluster.spec());
            for (SimulatedNode node : cluster.nodes()) {
                for (KubeadmCertificate row : KubeadmCertificate.values()) {
                    boolean expected = expectedOn(node, row, conventions);
                    String where = cluster.name() + "/" + node.name() + " " + row.kubeadmName();
                    softly.assertThat(Files.exists(node.path(row)))
                            .as("%s present at %s", where, node.path(row))
                            .isEqualTo(expected);
                    if (!expected || !Files.exists(node.path(row))) {
                        continue;
                    }
                    checkRow(softly, cluster, node, row, where);
                    checked++;
                }
            }
        }
        softly.assertAll();
        // 1 + 3 + 1 control planes with 13 or 14 rows, 3 workers with 3 rows
        assertThat(checked).isEqualTo(14 + 3 * 13 + 14 + 3 * 3);
    }

    private static boolean expectedOn(SimulatedNode node, KubeadmCertificate row, KubeadmConventions conventions) {
        if (node.role() == NodeRole.WORKER) {
            return Set.of(
                            KubeadmCertificate.KUBELET_CONF,
                            KubeadmCertificate.KUBELET_CLIENT,
                            KubeadmCertificate.KUBELET_SERVING)
                    .contains(row);
        }
        if (row == KubeadmCertificate.SUPER_ADMIN_CONF) {
            return node.initNode() && conventions.minorVersion() >= 29;
        }
        return true;
    }

    private void checkRow(
            SoftAssertions softly, SimulatedCluster cluster, SimulatedNode node, KubeadmCertificate row, String where)
            throws Exception {
        TableCertificate found = TableCertificate.read(node, row, scratch);
        X509Certificate leaf = found.leaf();
        X500Name subject = X500Name.getInstance(leaf.getSubjectX500Principal().getEncoded());
        String commonName = values(subject, BCStyle.CN).get(0);

        // subject: CN and O as the table says
        if (row == KubeadmCertificate.KUBELET_SERVING) {
            // the kubelet's self-signed certificate is named <hostname>@<unix time>
            softly.assertThat(commonName).as(where + " CN").startsWith(row.commonName(node.identity()) + "@");
        } else {
            softly.assertThat(commonName).as(where + " CN").isEqualTo(row.commonName(node.identity()));
        }
        List<String> organizations = values(subject, BCStyle.O);
        softly.assertThat(row.organizations()).as(where + " O").containsAll(organizations);
        softly.assertThat(organizations.isEmpty())
                .as(where + " has O")
                .isEqualTo(row.organizations().isEmpty());

        // SANs and usages
        softly.assertThat(sans(leaf)).as(where + " SANs").containsAll(row.requiredSans(node.identity()));
        List<String> expectedUsages = new ArrayList<>();
        if (row.usages().contains(Usage.SERVER)) {
            expectedUsages.add("1.3.6.1.5.5.7.3.1");
        }
        if (row.usages().contains(Usage.CLIENT)) {
            expectedUsages.add("1.3.6.1.5.5.7.3.2");
        }
        softly.assertThat(leaf.getExtendedKeyUsage())
                .as(where + " EKU")
                .containsExactlyInAnyOrderElementsOf(expectedUsages);
        softly.assertThat(leaf.getKeyUsage()[0]).as(where + " digitalSignature").isTrue();
        softly.assertThat(leaf.getKeyUsage()[2])
                .as(where + " keyEncipherment only for RSA")
                .isEqualTo(leaf.getPublicKey().getAlgorithm().equals("RSA"));
        softly.assertThat(leaf.getBasicConstraints()).as(where + " not a CA").isEqualTo(-1);
        softly.assertThat(keyMatches(leaf, found)).as(where + " key matches").isTrue();

        // issuer: the row's CA on disk (the kubelet's throw-away CA for kubelet.crt)
        Path caFile;
        if (row == KubeadmCertificate.KUBELET_SERVING) {
            softly.assertThat(found.chain()).as(where + " chain").hasSize(2);
            X509Certificate kubeletCa = found.chain().get(1);
            softly.assertThat(kubeletCa.getSubjectX500Principal().getName()).startsWith("CN=" + node.name() + "-ca@");
            caFile = Files.createTempFile(scratch, "kubelet-ca-", ".crt");
            Files.writeString(caFile, Pem.encodeCertificate(kubeletCa));
        } else {
            X509Certificate ca = cluster.authorityCertificate(row.authority());
            softly.assertThat(leaf.getIssuerX500Principal())
                    .as(where + " issuer")
                    .isEqualTo(ca.getSubjectX500Principal());
            softly.assertThat(ca.getSubjectX500Principal())
                    .isEqualTo(new X500Principal("CN=" + row.authority().defaultCommonName()));
            caFile = node.certDir().resolve(row.authority().certificatePath());
            if (node.role() == NodeRole.WORKER) {
                softly.assertThat(row.authority()).isEqualTo(CertificateAuthority.CA);
            }
            softly.assertThat(Pem.decodeCertificate(Files.readString(caFile)))
                    .as(where + " CA file")
                    .isEqualTo(ca);
        }

        // the standard tool: chain and purpose, at a moment inside the validity window
        String attime = Long.toString(leaf.getNotBefore().toInstant().getEpochSecond() + 60);
        for (Usage usage : row.usages()) {
            Openssl.Result verify = Openssl.run(
                    "verify",
                    "-attime",
                    attime,
                    "-purpose",
                    usage == Usage.SERVER ? "sslserver" : "sslclient",
                    "-CAfile",
                    caFile.toString(),
                    found.pemFile().toString());
            softly.assertThat(verify.exitCode())
                    .as(where + " openssl verify: " + verify.output())
                    .isZero();
            softly.assertThat(verify.output()).as(where).endsWith(": OK");
        }
        Instant endDate = Openssl.endDate(found.pemFile());
        softly.assertThat(endDate)
                .as(where + " openssl enddate")
                .isEqualTo(leaf.getNotAfter().toInstant());
        softly.assertThat(endDate).as(where + " age").isEqualTo(expectedNotAfter(cluster, node, row, leaf));
    }

    /** The table's timeline, computed from the spec rather than from the implementation. */
    private static Instant expectedNotAfter(
            SimulatedCluster cluster, SimulatedNode node, KubeadmCertificate row, X509Certificate leaf) {
        CertificateAges ages = cluster.spec().ages();
        boolean expiredApiserver = cluster.name().equals("charlie") && row == KubeadmCertificate.APISERVER;
        if (expiredApiserver) {
            return NOW.minus(Duration.ofDays(1));
        }
        boolean rotatedFile = row == KubeadmCertificate.KUBELET_CLIENT
                || (row == KubeadmCertificate.KUBELET_CONF
                        && cluster.spec().kubeletKubeconfig() == KubeletKubeconfig.ROTATED_CERTIFICATE_FILE);
        if (rotatedFile && node.kubeletRotation()) {
            // rotated by the kubelet: issued within the last half lifetime, valid for a full one
            Instant notAfter = leaf.getNotAfter().toInstant();
            assertThat(notAfter).isBetween(NOW.plus(ages.leafValidity().dividedBy(2)), NOW.plus(ages.leafValidity()));
            return notAfter;
        }
        return ages.leafNotAfter(NOW);
    }

    @Test
    void control_plane_nodes_share_the_cluster_cas_and_hold_keys_and_service_account_files() throws Exception {
        SimulatedCluster bravo = fleet.cluster("bravo").orElseThrow();
        List<SimulatedNode> controlPlanes = bravo.controlPlaneNodes();
        for (CertificateAuthority authority : CertificateAuthority.values()) {
            String first = Files.readString(controlPlanes.get(0).certDir().resolve(authority.certificatePath()));
            for (SimulatedNode node : controlPlanes) {
                assertThat(Files.readString(node.certDir().resolve(authority.certificatePath())))
                        .isEqualTo(first);
                assertThat(Files.readString(node.certDir().resolve(authority.keyPath())))
                        .startsWith("-----BEGIN EC PRIVATE KEY-----");
                assertThat(Files.getPosixFilePermissions(node.certDir().resolve(authority.keyPath())))
                        .hasSize(2);
            }
            X509Certificate ca = Pem.decodeCertificate(first);
            assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
            assertThat(Openssl.run(
                                    "verify",
                                    "-CAfile",
                                    controlPlanes
                                            .get(0)
                                            .certDir()
                                            .resolve(authority.certificatePath())
                                            .toString(),
                                    controlPlanes
                                            .get(0)
                                            .certDir()
                                            .resolve(authority.certificatePath())
                                            .toString())
                            .exitCode())
                    .isZero();
        }
        for (SimulatedNode node : controlPlanes) {
            assertThat(node.certDir().resolve("sa.key")).exists();
            assertThat(Files.readString(node.certDir().resolve("sa.pub"))).startsWith("-----BEGIN PUBLIC KEY-----");
            assertThat(node.manifestsDir().resolve("kube-apiserver.yaml"))
                    .content()
                    .contains("image: registry.k8s.io/kube-apiserver:v1.28.15");
        }
        SimulatedNode worker = bravo.workers().get(0);
        assertThat(worker.certDir().resolve("ca.crt")).exists();
        assertThat(worker.certDir().resolve("ca.key")).doesNotExist();
        assertThat(worker.configDir().resolve("admin.conf")).doesNotExist();
    }

    @Test
    void kubelet_client_current_is_a_symlink_to_a_timestamped_file() throws Exception {
        for (SimulatedNode node : fleet.nodes()) {
            Path current = node.path(KubeadmCertificate.KUBELET_CLIENT);
            assertThat(Files.isSymbolicLink(current)).as(node.name()).isTrue();
            Path target = current.resolveSibling(Files.readSymbolicLink(current));
            assertThat(target.getFileName().toString())
                    .matches("kubelet-client-\\d{4}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-\\d{2}\\.pem");
            assertThat(Files.readString(target)).contains("BEGIN CERTIFICATE").contains("BEGIN EC PRIVATE KEY");
        }
    }

    @Test
    void kubelet_config_says_whether_certificates_rotate() throws Exception {
        SimulatedNode rotationOff =
                fleet.cluster("bravo").orElseThrow().workers().get(0);
        SimulatedNode rotationOn =
                fleet.cluster("alpha").orElseThrow().workers().get(0);

        assertThat(rotationOff.kubeletRotation()).isFalse();
        assertThat(Files.readString(rotationOff.kubeletConfigFile())).contains("rotateCertificates: false");
        assertThat(Files.readString(rotationOn.kubeletConfigFile())).contains("rotateCertificates: true");
        // without rotation the kubelet client certificate ages with the cluster: 5 days left
        X509Certificate stale = TableCertificate.read(rotationOff, KubeadmCertificate.KUBELET_CLIENT, scratch)
                .leaf();
        assertThat(stale.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(5)));
    }

    @Test
    void kubeadm_conventions_follow_the_version() throws Exception {
        SimulatedNode alpha =
                fleet.cluster("alpha").orElseThrow().controlPlaneNodes().get(0);
        SimulatedNode bravo =
                fleet.cluster("bravo").orElseThrow().controlPlaneNodes().get(0);

        assertThat(organizationOf(alpha, KubeadmCertificate.ADMIN_CONF)).containsExactly("kubeadm:cluster-admins");
        assertThat(organizationOf(alpha, KubeadmCertificate.SUPER_ADMIN_CONF)).containsExactly("system:masters");
        assertThat(organizationOf(bravo, KubeadmCertificate.ADMIN_CONF)).containsExactly("system:masters");
        assertThat(bravo.path(KubeadmCertificate.SUPER_ADMIN_CONF)).doesNotExist();
    }

    @Test
    void expired_apiserver_fault_fails_openssl_verification_now() {
        SimulatedNode node =
                fleet.cluster("charlie").orElseThrow().controlPlaneNodes().get(0);
        Openssl.Result verify = Openssl.run(
                "verify",
                "-attime",
                Long.toString(NOW.getEpochSecond()),
                "-CAfile",
                node.certDir().resolve("ca.crt").toString(),
                node.path(KubeadmCertificate.APISERVER).toString());

        assertThat(verify.exitCode()).isNotZero();
        assertThat(verify.output()).contains("certificate has expired");
        Openssl.Result healthy = Openssl.run(
                "verify",
                "-attime",
                Long.toString(NOW.getEpochSecond()),
                "-CAfile",
                node.certDir().resolve("ca.crt").toString(),
                node.path(KubeadmCertificate.APISERVER_KUBELET_CLIENT).toString());
        assertThat(healthy.exitCode()).as(healthy.output()).isZero();
    }

    private List<String> organizationOf(SimulatedNode node, KubeadmCertificate row) {
        X509Certificate leaf = TableCertificate.read(node, row, scratch).leaf();
        return values(X500Name.getInstance(leaf.getSubjectX500Principal().getEncoded()), BCStyle.O);
    }

    private static boolean keyMatches(X509Certificate leaf, TableCertificate found) throws Exception {
        String algorithm = KeyAlgorithm.of(found.privateKey()).signatureAlgorithm();
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(found.privateKey());
        signer.update(new byte[] {1, 2, 3});
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(leaf.getPublicKey());
        verifier.update(new byte[] {1, 2, 3});
        return verifier.verify(signature);
    }

    private static List<String> values(X500Name name, org.bouncycastle.asn1.ASN1ObjectIdentifier type) {
        List<String> values = new ArrayList<>();
        for (RDN rdn : name.getRDNs(type)) {
            values.add(IETFUtils.valueToString(rdn.getFirst().getValue()));
        }
        return values;
    }

    private static List<String> sans(X509Certificate certificate) throws Exception {
        List<String> sans = new ArrayList<>();
        Collection<List<?>> names = certificate.getSubjectAlternativeNames();
        if (names != null) {
            for (List<?> name : names) {
                sans.add(((Integer) name.get(0) == 2 ? "DNS:" : "IP:") + name.get(1));
            }
        }
        return sans;
    }
}
