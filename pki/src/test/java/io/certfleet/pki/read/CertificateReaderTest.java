package io.certfleet.pki.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.certfleet.pki.testing.Openssl;
import io.certfleet.pki.testing.TestCertificates;
import io.certfleet.pki.testing.TestCertificates.Issued;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateReaderTest {
    private static final Issued CA =
            TestCertificates.certificate("CN=kubernetes").ca().build();
    private static final Issued LEAF = TestCertificates.certificate("CN=kube-apiserver")
            .serverAuth()
            .san("DNS:kubernetes", "IP:10.96.0.1")
            .notAfter(Instant.parse("2027-03-04T05:06:07Z"))
            .signedBy(CA)
            .build();
    private static final Issued OTHER = TestCertificates.certificate("CN=other").build();

    private final CertificateReader reader = new CertificateReader(ReadOptions.defaults());

    @TempDir
    Path dir;

    private ReadResult read(String text) {
        return reader.read(text.getBytes(StandardCharsets.ISO_8859_1), Optional.empty());
    }

    private static List<String> subjects(ReadResult result) {
        return result.certificates().stream()
                .map(c -> c.certificate().facts().subject())
                .toList();
    }

    @Test
    void readsEveryBlockOfABundleWithTextAroundAndBetween() {
        ReadResult result = read("Subject: leaf\nsome text\n" + LEAF.pem() + "\nintermediate follows:\n" + CA.pem()
                + "trailing words\n" + OTHER.pem());
        assertThat(subjects(result)).containsExactly("CN=kube-apiserver", "CN=kubernetes", "CN=other");
        assertThat(result.certificates()).extracting(FoundCertificate::index).containsExactly(0, 1, 2);
        assertThat(result.certificates())
                .extracting(FoundCertificate::source)
                .containsExactly("PEM block 1", "PEM block 2", "PEM block 3");
        assertThat(result.problems()).isEmpty();
        assertThat(result.certificates().get(0).certificate().facts().notAfter())
                .isEqualTo(Instant.parse("2027-03-04T05:06:07Z"));
        assertThat(result.certificates().get(0).certificate().facts().sans())
                .containsExactly("DNS:kubernetes", "IP:10.96.0.1");
    }

    @Test
    void readsCrlfCrAndIndentedPem() {
        assertThat(subjects(read(LEAF.pem().replace("\n", "\r\n") + CA.pem().replace("\n", "\r"))))
                .containsExactly("CN=kube-apiserver", "CN=kubernetes");
        String yamlish =
                "tls.crt: |\n" + LEAF.pem().lines().map(l -> "    " + l + "\n").reduce("", String::concat);
        assertThat(subjects(read(yamlish))).containsExactly("CN=kube-apiserver");
    }

    @Test
    void truncatedBlockIsAProblemAndTheRestIsRead() {
        String pem = LEAF.pem();
        String truncated = pem.substring(0, pem.length() / 2);
        ReadResult result = read(CA.pem() + truncated);
        assertThat(subjects(result)).containsExactly("CN=kubernetes");
        assertThat(result.problems()).containsExactly("PEM block 2 (CERTIFICATE) has no END line (truncated)");

        ReadResult nextBegins = read(truncated + "\n" + CA.pem());
        assertThat(subjects(nextBegins)).containsExactly("CN=kubernetes");
        assertThat(nextBegins.problems()).singleElement().asString().contains("PEM block 1", "before the next BEGIN");
    }

    @Test
    void badBase64AndCorruptDerAreSpecificProblems() {
        String pem = LEAF.pem();
        String[] lines = pem.split("\n");
        lines[3] = lines[3].substring(0, 10) + "!!" + lines[3].substring(12);
        assertThat(read(String.join("\n", lines)).problems())
                .containsExactly("PEM block 1 (CERTIFICATE): its base64 body is invalid");

        byte[] der = Arrays.copyOf(LEAF.der(), LEAF.der().length - 40);
        ReadResult cut = read(TestCertificates.pem("CERTIFICATE", der));
        assertThat(cut.certificates()).isEmpty();
        assertThat(cut.problems())
                .singleElement()
                .asString()
                .startsWith("PEM block 1 (CERTIFICATE): not a readable certificate: ")
                .contains("overruns");

        assertThat(read(LEAF.pem().replace("END CERTIFICATE", "END X509 CRL")).problems())
                .containsExactly("PEM block 1 (CERTIFICATE) ends with a mismatched END X509 CRL line");
    }

    @Test
    void privateKeysAreSkippedAndNeverEchoed() {
        ReadResult withKey = read(LEAF.pem() + LEAF.keyPem());
        assertThat(subjects(withKey)).containsExactly("CN=kube-apiserver");
        assertThat(withKey.skipped()).containsExactly("PEM block 2 (PRIVATE KEY): private key, not read");

        String truncatedKey = LEAF.keyPem().substring(0, LEAF.keyPem().length() - 30);
        ReadResult keyOnly = read(truncatedKey);
        assertThat(keyOnly.onlySkipped()).isTrue();
        String everything = String.join("\n", keyOnly.problems())
                + String.join("\n", keyOnly.skipped())
                + String.join("\n", withKey.skipped());
        for (String line : LEAF.keyLines()) {
            assertThat(everything).doesNotContain(line.substring(0, Math.min(16, line.length())));
        }
        ReadResult derKey = reader.read(LEAF.keyPair().getPrivate().getEncoded(), Optional.empty());
        assertThat(derKey.skipped()).containsExactly("DER private key, not read");
        assertThat(derKey.onlySkipped()).isTrue();
    }

    @Test
    void readsDerPkcs7AndTrustedCertificate(@TempDir Path work) throws Exception {
        assertThat(subjects(reader.read(LEAF.der(), Optional.empty()))).containsExactly("CN=kube-apiserver");

        Files.writeString(work.resolve("bundle.pem"), LEAF.pem() + CA.pem());
        Openssl.ok(work, "crl2pkcs7", "-nocrl", "-certfile", "bundle.pem", "-outform", "DER", "-out", "bundle.p7b");
        assertThat(subjects(reader.readFile(work.resolve("bundle.p7b"))))
                .containsExactlyInAnyOrder("CN=kube-apiserver", "CN=kubernetes");

        Files.write(work.resolve("leaf.der"), LEAF.der());
        Openssl.ok(
                work,
                "x509",
                "-inform",
                "DER",
                "-in",
                "leaf.der",
                "-trustout",
                "-addtrust",
                "serverAuth",
                "-out",
                "trusted.pem");
        ReadResult trusted = reader.readFile(work.resolve("trusted.pem"));
        assertThat(subjects(trusted)).containsExactly("CN=kube-apiserver");
        assertThat(trusted.certificates().get(0).certificate().facts().sha256())
                .isEqualTo(java.util.HexFormat.of()
                        .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                .digest(LEAF.der())));
    }

    @Test
    void notCertificatesAreNamedAsSuch() {
        assertThat(reader.read(new byte[0], Optional.empty()).problems()).containsExactly("empty file");
        assertThat(reader.read(new byte[] {0x01, 0x02, 0x00, (byte) 0xff}, Optional.empty())
                        .problems())
                .containsExactly("not a certificate: binary data that is neither PEM nor DER");
        assertThat(read("hello world\n").problems())
                .containsExactly("not a certificate: text with no PEM block, and not a kubeconfig or Secret");
        assertThat(reader.read(new byte[] {0x30, (byte) 0x82, 0x10, 0x00, 0x01}, Optional.empty())
                        .problems())
                .singleElement()
                .asString()
                .startsWith("not a certificate: not valid DER (")
                .contains("overruns");
        assertThat(read(TestCertificates.pem(
                                "PUBLIC KEY", LEAF.keyPair().getPublic().getEncoded()))
                        .skipped())
                .containsExactly("PEM block 1 (PUBLIC KEY): public key, not a certificate");
        assertThat(read(TestCertificates.pem("X509 CRL", new byte[] {0x30, 0x00}))
                        .problems())
                .containsExactly("not a certificate: the PEM blocks hold no certificate (PEM block 1 (X509 CRL): not a"
                        + " certificate)");
    }

    @Test
    void readsBase64OfAPem() {
        String base64 = Base64.getEncoder().encodeToString(LEAF.pem().getBytes(StandardCharsets.US_ASCII));
        ReadResult result = read(base64 + "\n");
        assertThat(subjects(result)).containsExactly("CN=kube-apiserver");
        assertThat(result.certificates().get(0).source()).isEqualTo("base64 PEM block 1");
    }

    // --- kubeconfig ---------------------------------------------------------------------------

    static String kubeconfig(String clientField, String clientValue, String ca) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: kubernetes
                  cluster:
                    server: https://10.0.0.10:6443
                    certificate-authority-data: %s
                contexts:
                - name: other@kubernetes
                  context: {cluster: kubernetes, user: other}
                - name: kubernetes-admin@kubernetes
                  context: {cluster: kubernetes, user: kubernetes-admin}
                current-context: kubernetes-admin@kubernetes
                users:
                - name: other
                  user:
                    token: abc
                - name: kubernetes-admin
                  user:
                    %s: %s
                    client-key-data: %s
                """.formatted(b64(ca), clientField, clientValue, b64(LEAF.keyPem()));
    }

    static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void kubeconfigWithEmbeddedData() throws Exception {
        Path file = dir.resolve("admin.conf");
        Files.writeString(file, kubeconfig("client-certificate-data", b64(LEAF.pem()), CA.pem()));

        ReadResult all = reader.readFile(file);
        assertThat(all.problems()).isEmpty();
        assertThat(all.certificates())
                .extracting(FoundCertificate::source)
                .containsExactly(
                        "kubeconfig user 'kubernetes-admin' client-certificate-data",
                        "kubeconfig cluster 'kubernetes' certificate-authority-data");
        assertThat(all.certificates())
                .extracting(FoundCertificate::kind)
                .containsExactly(
                        FoundCertificate.Kind.KUBECONFIG_CLIENT, FoundCertificate.Kind.KUBECONFIG_CLUSTER_AUTHORITY);
        assertThat(all.certificates()).extracting(FoundCertificate::index).containsExactly(0, 1);

        ReadResult client = reader.readKubeconfigClientFile(file);
        assertThat(subjects(client)).containsExactly("CN=kube-apiserver");
    }

    @Test
    void kubeconfigWithAFileReference() throws Exception {
        Files.createDirectories(dir.resolve("pki"));
        Files.writeString(dir.resolve("pki/client.pem"), LEAF.pem() + LEAF.keyPem());
        Path file = dir.resolve("kubelet.conf");
        Files.writeString(file, kubeconfig("client-certificate", "pki/client.pem", CA.pem()));

        ReadResult client = reader.readKubeconfigClientFile(file);
        assertThat(subjects(client)).containsExactly("CN=kube-apiserver");
        assertThat(client.certificates().get(0).source())
                .isEqualTo("kubeconfig user 'kubernetes-admin' client-certificate pki/client.pem");

        Files.writeString(file, kubeconfig("client-certificate", "/nonexistent/client.pem", CA.pem()));
        assertThat(reader.readKubeconfigClientFile(file).problems())
                .containsExactly(
                        "kubeconfig user 'kubernetes-admin' client-certificate /nonexistent/client.pem: no such"
                                + " file");

        // the same kubeconfig from a Secret cannot follow a file reference
        ReadResult fromSecret = reader.readSecret(
                "prod-kubeconfig",
                Map.of(
                        "value",
                        kubeconfig("client-certificate", "pki/client.pem", CA.pem())
                                .getBytes(StandardCharsets.UTF_8)));
        assertThat(fromSecret.problems()).singleElement().asString().contains("cannot be followed");
        assertThat(subjects(fromSecret)).containsExactly("CN=kubernetes");
    }

    @Test
    void kubeconfigWithoutClientCertificateSaysSo() throws Exception {
        String tokenOnly = kubeconfig("token", "abc", CA.pem());
        ReadResult result = reader.readKubeconfigClient(tokenOnly.getBytes(StandardCharsets.UTF_8), Optional.of(dir));
        assertThat(result.problems())
                .containsExactly(
                        "user 'kubernetes-admin' has no client certificate (token or exec" + " authentication?)");
    }

    // --- PKCS#12 ----------------------------------------------------------------------------------

    @Test
    void pkcs12WithAndWithoutPassword(@TempDir Path work) throws Exception {
        Files.writeString(work.resolve("leaf.pem"), LEAF.pem());
        Files.writeString(work.resolve("leaf.key"), LEAF.keyPem());
        Files.writeString(work.resolve("ca.pem"), CA.pem());
        Openssl.ok(
                work,
                "pkcs12",
                "-export",
                "-in",
                "leaf.pem",
                "-inkey",
                "leaf.key",
                "-certfile",
                "ca.pem",
                "-out",
                "secret.p12",
                "-passout",
                "pass:s3cret");
        Openssl.ok(
                work,
                "pkcs12",
                "-export",
                "-in",
                "leaf.pem",
                "-inkey",
                "leaf.key",
                "-out",
                "empty.p12",
                "-passout",
                "pass:");

        assertThat(subjects(reader.readFile(work.resolve("empty.p12")))).containsExactly("CN=kube-apiserver");

        ReadResult wrong = reader.readFile(work.resolve("secret.p12"));
        assertThat(wrong.certificates()).isEmpty();
        assertThat(wrong.problems())
                .singleElement()
                .asString()
                .contains("wrong password")
                .doesNotContain("s3cret");

        CertificateReader withPassword =
                new CertificateReader(ReadOptions.defaults().withPkcs12Password("s3cret"));
        assertThat(subjects(withPassword.readFile(work.resolve("secret.p12"))))
                .containsExactlyInAnyOrder("CN=kube-apiserver", "CN=kubernetes");
        assertThat(withPassword.options().toString()).doesNotContain("s3cret");
    }

    // --- Secrets -------------------------------------------------------------------------------------

    @Test
    void tlsSecretAndClusterApiShapes() {
        ReadResult tls = reader.readSecret(
                "web-tls",
                Map.of(
                        "tls.crt", (LEAF.pem() + CA.pem()).getBytes(StandardCharsets.US_ASCII),
                        "tls.key", LEAF.keyPem().getBytes(StandardCharsets.US_ASCII),
                        "ca.crt", CA.pem().getBytes(StandardCharsets.US_ASCII)));
        assertThat(tls.certificates())
                .extracting(FoundCertificate::source)
                .containsExactly(
                        "Secret web-tls key ca.crt PEM block 1",
                        "Secret web-tls key tls.crt PEM block 1",
                        "Secret web-tls key tls.crt PEM block 2");
        assertThat(tls.skipped()).containsExactly("Secret web-tls key tls.key: private key, not read");

        ReadResult sa = reader.readSecret(
                "prod-sa",
                Map.of(
                        "tls.crt",
                                TestCertificates.pem(
                                                "PUBLIC KEY",
                                                LEAF.keyPair().getPublic().getEncoded())
                                        .getBytes(StandardCharsets.US_ASCII),
                        "tls.key", LEAF.keyPem().getBytes(StandardCharsets.US_ASCII)));
        assertThat(sa.certificates()).isEmpty();
        assertThat(sa.problems()).isEmpty();

        ReadResult kubeconfig = reader.readSecret(
                "prod-kubeconfig",
                Map.of(
                        "value",
                        kubeconfig("client-certificate-data", b64(LEAF.pem()), CA.pem())
                                .getBytes(StandardCharsets.UTF_8)));
        assertThat(kubeconfig.certificates())
                .extracting(FoundCertificate::kind)
                .containsExactly(
                        FoundCertificate.Kind.KUBECONFIG_CLIENT, FoundCertificate.Kind.KUBECONFIG_CLUSTER_AUTHORITY);

        ReadResult broken =
                reader.readSecret("bad-tls", Map.of("tls.crt", "garbage".getBytes(StandardCharsets.US_ASCII)));
        assertThat(broken.problems())
                .singleElement()
                .asString()
                .startsWith("Secret bad-tls key tls.crt: not a" + " certificate");

        assertThat(ClusterApiSecret.of("prod-1-ca")).contains(ClusterApiSecret.CA);
        assertThat(ClusterApiSecret.of("prod-1-etcd")).contains(ClusterApiSecret.ETCD);
        assertThat(ClusterApiSecret.of("prod-1-proxy")).contains(ClusterApiSecret.PROXY);
        assertThat(ClusterApiSecret.of("prod-1-sa")).contains(ClusterApiSecret.SA);
        assertThat(ClusterApiSecret.of("prod-1-kubeconfig")).contains(ClusterApiSecret.KUBECONFIG);
        assertThat(ClusterApiSecret.of("unrelated")).isEmpty();
        assertThat(ClusterApiSecret.ETCD.authority()).contains(io.certfleet.pki.kubeadm.CertificateAuthority.ETCD_CA);
    }

    @Test
    void secretManifestFileIsRead() throws Exception {
        Path file = dir.resolve("secret.yaml");
        Files.writeString(file, """
                apiVersion: v1
                kind: Secret
                metadata: {name: prod-ca, namespace: default}
                type: cluster.x-k8s.io/secret
                data:
                  tls.crt: %s
                  tls.key: %s
                """.formatted(b64(CA.pem()), b64(LEAF.keyPem())));
        ReadResult result = reader.readFile(file);
        assertThat(result.certificates())
                .extracting(FoundCertificate::source)
                .containsExactly("Secret prod-ca key tls.crt PEM block 1");
    }
}
