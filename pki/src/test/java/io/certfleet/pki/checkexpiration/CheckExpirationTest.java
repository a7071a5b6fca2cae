package io.certfleet.pki.checkexpiration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.certfleet.pki.inspect.Finding;
import io.certfleet.pki.kubeadm.KubeadmCertificate;
import io.certfleet.pki.read.CertificateReader;
import io.certfleet.pki.read.ReadOptions;
import io.certfleet.pki.testing.TestCertificates;
import io.certfleet.pki.testing.TestCertificates.Issued;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check-expiration over a kubeadm tree made with Bouncy Castle (the CLI tests use an openssl-made tree). */
class CheckExpirationTest {
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    @TempDir
    Path root;

    private KubeadmLayout layout;
    private final List<Issued> everything = new ArrayList<>();
    private Issued ca;
    private Issued etcdCa;

    private Issued keep(Issued issued) {
        everything.add(issued);
        return issued;
    }

    private void write(Path path, String text) throws Exception {
        Files.createDirectories(path.getParent());
        Files.writeString(path, text);
    }

    @BeforeEach
    void tree() throws Exception {
        layout = KubeadmLayout.underRoot(root);
        Path pki = layout.certDir();
        ca = keep(TestCertificates.certificate("CN=kubernetes")
                .ca()
                .notAfter(Instant.parse("2035-01-01T00:00:00Z"))
                .build());
        etcdCa = keep(TestCertificates.certificate("CN=etcd-ca")
                .ca()
                .notAfter(Instant.parse("2035-01-01T00:00:00Z"))
                .build());
        Issued strangerCa =
                keep(TestCertificates.certificate("CN=stranger").ca().build());
        write(pki.resolve("ca.crt"), ca.pem());
        write(pki.resolve("ca.key"), ca.keyPem());
        write(pki.resolve("etcd/ca.crt"), etcdCa.pem());
        // etcd/ca.key absent: an externally managed etcd CA
        // front-proxy-ca absent entirely: MISSING

        write(
                pki.resolve("apiserver.crt"),
                keep(TestCertificates.certificate("CN=kube-apiserver")
                                .serverAuth()
                                .san("DNS:kubernetes", "DNS:kubernetes.default", "DNS:kubernetes.default.svc")
                                .notAfter(Instant.parse("2026-06-20T12:00:00Z"))
                                .signedBy(ca)
                                .build())
                        .pem());
        write(
                pki.resolve("apiserver-etcd-client.crt"),
                keep(TestCertificates.certificate("CN=kube-apiserver-etcd-client,O=system:masters")
                                .clientAuth()
                                .notAfter(Instant.parse("2026-05-01T00:00:00Z"))
                                .signedBy(etcdCa)
                                .build())
                        .pem());
        // signed by a CA that is not the cluster's: a finding
        write(
                pki.resolve("apiserver-kubelet-client.crt"),
                keep(TestCertificates.certificate("CN=kube-apiserver-kubelet-client,O=system:masters")
                                .clientAuth()
                                .signedBy(strangerCa)
                                .build())
                        .pem());
        write(pki.resolve("front-proxy-client.crt"), "this is not a certificate\n");
        Issued admin = keep(TestCertificates.certificate("CN=kubernetes-admin,O=kubeadm:cluster-admins")
                .clientAuth()
                .signedBy(ca)
                .build());
        write(layout.configDir().resolve("admin.conf"), kubeconfig(admin));

        Path kubelet = layout.kubeletDir();
        Issued client = keep(TestCertificates.certificate("CN=system:node:cp-1,O=system:nodes")
                .clientAuth()
                .signedBy(ca)
                .build());
        write(kubelet.resolve("kubelet-client-2026-01-01-00-00-00.pem"), client.pem() + client.keyPem());
        Files.createSymbolicLink(
                kubelet.resolve("kubelet-client-current.pem"), Path.of("kubelet-client-2026-01-01-00-00-00.pem"));
        // the kubelet's own CA and serving certificate in one file, as the kubelet writes kubelet.crt
        Issued kubeletCa =
                keep(TestCertificates.certificate("CN=cp-1-ca@1700000000").ca().build());
        Issued serving = keep(TestCertificates.certificate("CN=cp-1@1700000000")
                .serverAuth()
                .san("DNS:cp-1")
                .signedBy(kubeletCa)
                .build());
        write(kubelet.resolve("kubelet.crt"), serving.pem() + kubeletCa.pem());
        write(kubelet.resolve("kubelet.key"), serving.keyPem());
    }

    private static String kubeconfig(Issued user) {
        String b64cert = Base64.getEncoder().encodeToString(user.pem().getBytes(StandardCharsets.US_ASCII));
        String b64key = Base64.getEncoder().encodeToString(user.keyPem().getBytes(StandardCharsets.US_ASCII));
        return """
                apiVersion: v1
                kind: Config
                clusters: []
                contexts:
                - name: admin@k
                  context: {cluster: k, user: admin}
                current-context: admin@k
                users:
                - name: admin
                  user:
                    client-certificate-data: %s
                    client-key-data: %s
                """.formatted(b64cert, b64key);
    }

    private CheckExpirationReport check() {
        return new CheckExpiration(new CertificateReader(ReadOptions.defaults()), Clock.fixed(NOW, ZoneOffset.UTC))
                .check(layout);
    }

    private static Map<String, CertificateEntry> byName(CheckExpirationReport report) {
        return report.entries().stream().collect(Collectors.toMap(CertificateEntry::displayName, e -> e));
    }

    @Test
    void rowsMissingUnreadableAndExternal() {
        CheckExpirationReport report = check();
        assertThat(report.certificates().stream().map(ExpirationRow::name).distinct())
                .containsExactly(CheckExpiration.rows().stream()
                        .map(KubeadmCertificate::kubeadmName)
                        .toArray(String[]::new));
        assertThat(report.certificates())
                .filteredOn(r -> r instanceof ExpirationRow.Missing)
                .extracting(ExpirationRow::name)
                .containsExactly(
                        "controller-manager.conf",
                        "etcd-healthcheck-client",
                        "etcd-peer",
                        "etcd-server",
                        "scheduler.conf",
                        "super-admin.conf");
        assertThat(report.certificates())
                .filteredOn(r -> r instanceof ExpirationRow.Unreadable)
                .extracting(ExpirationRow::name)
                .containsExactly("front-proxy-client");
        assertThat(report.errors()).singleElement().satisfies(e -> {
            assertThat(e.path()).endsWith("front-proxy-client.crt");
            assertThat(e.reason())
                    .isEqualTo("not a certificate: text with no PEM block, and not a kubeconfig or Secret");
        });
        assertThat(report.authorities())
                .extracting(r -> r.getClass().getSimpleName() + ":" + r.name())
                .containsExactly("Present:ca", "Present:etcd-ca", "Missing:front-proxy-ca");

        Map<String, CertificateEntry> entries = byName(report);
        assertThat(entries.get("ca").externallyManaged()).isFalse();
        assertThat(entries.get("etcd-ca").externallyManaged()).isTrue();
        assertThat(entries.get("apiserver-etcd-client").externallyManaged()).isTrue();
        assertThat(entries.get("apiserver").externallyManaged()).isFalse();
        assertThat(entries.get("apiserver").certificateAuthority()).contains("ca");
        assertThat(entries.get("apiserver").residualSeconds()).isEqualTo(19 * 86400 + 12 * 3600);
        assertThat(entries.get("apiserver-etcd-client").residualSeconds()).isEqualTo(-31 * 86400);
    }

    @Test
    void signaturesAndKubeletCertificates() {
        Map<String, CertificateEntry> entries = byName(check());
        assertThat(entries.get("apiserver-kubelet-client").findings())
                .extracting(Finding::code)
                .contains("NOT_SIGNED_BY_CA");
        assertThat(entries.get("apiserver").findings())
                .extracting(Finding::code)
                .doesNotContain("NOT_SIGNED_BY_CA");
        assertThat(entries.get("admin.conf").facts().subject())
                .isEqualTo("O=kubeadm:cluster-admins,CN=kubernetes-admin"); // RFC 4514: last RDN first
        assertThat(entries.get("admin.conf").source()).isEqualTo("kubeconfig user 'admin' client-certificate-data");
        assertThat(entries.get("kubelet-client").path()).endsWith("kubelet-client-current.pem");
        assertThat(entries.get("kubelet-client").findings()).isEmpty();
        CertificateEntry serving = entries.get("kubelet-serving");
        assertThat(serving.certificateAuthority()).isEmpty();
        assertThat(serving.findings()).extracting(Finding::code).contains("KUBELET_SERVING_SELF_SIGNED");
        assertThat(entries.get("kubelet-serving[1]").facts().subject()).isEqualTo("CN=cp-1-ca@1700000000");
    }

    @Test
    void rotatedServingCertificateWins() throws Exception {
        Issued rotated = TestCertificates.certificate("CN=system:node:cp-1,O=system:nodes")
                .serverAuth()
                .signedBy(ca)
                .build();
        write(layout.kubeletDir().resolve("kubelet-server-2026.pem"), rotated.pem() + rotated.keyPem());
        Files.createSymbolicLink(
                layout.kubeletDir().resolve("kubelet-server-current.pem"), Path.of("kubelet-server-2026.pem"));
        CertificateEntry serving = byName(check()).get("kubelet-serving");
        assertThat(serving.path()).endsWith("kubelet-server-current.pem");
        assertThat(serving.certificateAuthority()).contains("ca");
        assertThat(serving.findings())
                .extracting(Finding::code)
                .doesNotContain("NOT_SIGNED_BY_CA", "KUBELET_SERVING_SELF_SIGNED");
    }

    @Test
    void danglingKubeletSymlinkIsAnErrorRowNotMissing() throws Exception {
        Files.delete(layout.kubeletDir().resolve("kubelet-client-2026-01-01-00-00-00.pem"));
        CheckExpirationReport report = check();
        assertThat(report.certificates())
                .filteredOn(r -> r.name().equals("kubelet-client"))
                .singleElement()
                .isInstanceOf(ExpirationRow.Unreadable.class);
        assertThat(report.errors())
                .extracting(ReportError::reason)
                .contains("dangling symlink to kubelet-client-2026-01-01-00-00-00.pem (the target does not exist)");
    }

    @Test
    void tableHasKubeadmShape() {
        String table = ReportTables.checkExpiration(check());
        List<String> lines = table.lines().toList();
        assertThat(lines.get(0))
                .startsWith("CERTIFICATE ")
                .contains("   EXPIRES   ")
                .endsWith("EXTERNALLY MANAGED");
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("apiserver +Jun 20, 2026 12:00 UTC +19d +ca +no {6}"));
        assertThat(lines)
                .anySatisfy(l -> assertThat(l)
                        .matches("apiserver-etcd-client +May 01, 2026 00:00 UTC +<invalid> +etcd-ca +yes {5}"));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("!MISSING! super-admin.conf +"));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("!ERROR! front-proxy-client +"));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("kubelet-serving\\[1] +.*"));
        int caHeader = lines.indexOf("");
        // the second table aligns on its own: "!MISSING! front-proxy-ca" (24) + padding 3 sets its first column
        assertThat(lines.get(caHeader + 1))
                .isEqualTo("CERTIFICATE AUTHORITY" + " ".repeat(6) + "EXPIRES" + " ".repeat(18)
                        + "RESIDUAL TIME   EXTERNALLY MANAGED");
        assertThat(lines.subList(caHeader + 2, lines.size()))
                .containsExactly(
                        "ca" + " ".repeat(25) + "Jan 01, 2035 00:00 UTC   8y              no      ",
                        "etcd-ca" + " ".repeat(20) + "Jan 01, 2035 00:00 UTC   8y              yes     ",
                        "!MISSING! front-proxy-ca   " + " ".repeat(25) + " ".repeat(16));
    }

    @Test
    void jsonDocumentAndFailWithin() throws Exception {
        CheckExpirationReport report = check();
        ObjectNode doc = ReportDocuments.checkExpiration(report);
        JsonNode parsed = new ObjectMapper().readTree(ReportDocuments.json(doc));
        assertThat(parsed.fieldNames())
                .toIterable()
                .containsExactly("certificates", "certificateAuthorities", "missing", "errors");
        JsonNode apiserver = parsed.get("certificates").get(0);
        assertThat(apiserver.get("name").asText()).isEqualTo("admin.conf");
        assertThat(apiserver.fieldNames())
                .toIterable()
                .contains(
                        "name",
                        "index",
                        "path",
                        "subject",
                        "issuer",
                        "serialNumber",
                        "sha256",
                        "notBefore",
                        "notAfter",
                        "residualSeconds",
                        "certificateAuthority",
                        "externallyManaged",
                        "sans",
                        "keyAlgorithm",
                        "findings");
        assertThat(parsed.get("missing").get(0).get("name").asText()).isEqualTo("controller-manager.conf");
        assertThat(parsed.get("errors").get(0).get("reason").asText()).startsWith("not a certificate");
        assertThat(ReportDocuments.yaml(doc)).startsWith("certificates:\n");
        ObjectNode numeric = ReportDocuments.checkExpiration(report).deepCopy();
        numeric.put("serial", "01");
        assertThat(new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
                        .readTree(ReportDocuments.yaml(numeric))
                        .get("serial")
                        .isTextual())
                .isTrue();

        assertThat(report.expiringWithin(java.time.Duration.ofDays(30)))
                .extracting(CertificateEntry::displayName)
                .containsExactlyInAnyOrder("apiserver", "apiserver-etcd-client");
        assertThat(report.expiringWithin(java.time.Duration.ZERO))
                .extracting(CertificateEntry::displayName)
                .containsExactly("apiserver-etcd-client");
    }

    /** No private key byte reaches any output: table, JSON, YAML, error reasons, findings. */
    @Test
    void noPrivateKeyMaterialInAnyOutput() {
        CheckExpirationReport report = check();
        ObjectNode doc = ReportDocuments.checkExpiration(report);
        String all = ReportTables.checkExpiration(report)
                + ReportDocuments.json(doc)
                + ReportDocuments.yaml(doc)
                + report.errors();
        for (Issued issued : everything) {
            for (String line : issued.keyLines()) {
                assertThat(all).doesNotContain(line);
                assertThat(all).doesNotContain(line.substring(0, 20));
            }
            String derB64 = Base64.getEncoder()
                    .encodeToString(issued.keyPair().getPrivate().getEncoded());
            assertThat(all).doesNotContain(derB64.substring(10, 40));
        }
    }
}
