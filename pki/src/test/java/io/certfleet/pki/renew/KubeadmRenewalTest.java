package io.certfleet.pki.renew;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certfleet.pki.issue.KeyAlgorithm;
import io.certfleet.pki.issue.Pem;
import io.certfleet.pki.kubeadm.CertificateAuthority;
import io.certfleet.pki.kubeadm.KubeadmCertificate;
import io.certfleet.pki.renew.RenewalOutcome.Renewed;
import io.certfleet.pki.renew.RenewalOutcome.Skipped;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeadmRenewalTest {

    static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant NOW = ISSUED.plus(Duration.ofDays(300));

    @TempDir
    Path root;

    private final KubeadmRenewal renewal = new KubeadmRenewal(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void renews_every_certificate_of_an_rsa_tree_like_kubeadm() throws Exception {
        KubeadmTree tree = KubeadmTree.create(root, KeyAlgorithm.RSA_2048, ISSUED, Duration.ofDays(365));
        Files.setPosixFilePermissions(
                tree.certDir.resolve("apiserver.crt"), PosixFilePermissions.fromString("rw-r-----"));
        Map<String, byte[]> before = tree.snapshot();

        RenewalReport report = renewal.renew(RenewalRequest.of("all", tree.certDir, tree.configDir));

        assertThat(report.succeeded()).isTrue();
        assertThat(report.renewed())
                .extracting(Renewed::name)
                .containsExactlyElementsOf(KubeadmCertificate.renewable().stream()
                        .map(KubeadmCertificate::kubeadmName)
                        .toList());
        for (KubeadmCertificate cert : KubeadmCertificate.renewable()) {
            X509Certificate old = tree.leaves.get(cert.kubeadmName()).certificate();
            Credentials renewed = credentials(tree, cert);
            assertSameIdentity(renewed.certificate(), old);
            assertThat(renewed.certificate().getPublicKey()).isNotEqualTo(old.getPublicKey());
            assertThat(((RSAPublicKey) renewed.certificate().getPublicKey())
                            .getModulus()
                            .bitLength())
                    .isEqualTo(2048);
            assertKeyMatches(renewed.key(), renewed.certificate().getPublicKey());
            renewed.certificate()
                    .verify(tree.authorities.get(cert.authority()).certificate().getPublicKey());
            assertThat(renewed.certificate().getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(365)));
            assertThat(renewed.certificate().getNotBefore().toInstant()).isEqualTo(NOW.minus(Duration.ofMinutes(5)));
            Renewed outcome = report.renewed().stream()
                    .filter(r -> r.name().equals(cert.kubeadmName()))
                    .findFirst()
                    .orElseThrow();
            assertThat(outcome.path()).isEqualTo(tree.file(cert));
            assertThat(outcome.oldNotAfter()).isEqualTo(old.getNotAfter().toInstant());
            assertThat(outcome.newNotAfter())
                    .isEqualTo(renewed.certificate().getNotAfter().toInstant());
            assertThat(outcome.sha256()).isEqualTo(RenewalSigner.sha256(renewed.certificate()));
            if (!cert.isKubeconfig()) {
                assertThat(Files.readString(tree.keyFile(cert))).startsWith("-----BEGIN RSA PRIVATE KEY-----");
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tree.keyFile(cert))))
                        .isEqualTo("rw-------");
            } else {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tree.file(cert))))
                        .isEqualTo("rw-------");
            }
        }
        // the mode the operator gave the certificate is kept
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tree.certDir.resolve("apiserver.crt"))))
                .isEqualTo("rw-r-----");
        Map<String, byte[]> after = tree.snapshot();
        for (CertificateAuthority ca : CertificateAuthority.values()) {
            assertThat(after.get("pki/" + ca.certificatePath())).isEqualTo(before.get("pki/" + ca.certificatePath()));
            assertThat(after.get("pki/" + ca.keyPath())).isEqualTo(before.get("pki/" + ca.keyPath()));
        }
        assertThat(after.get("pki/sa.key")).isEqualTo(before.get("pki/sa.key"));
        assertThat(after.get("kubelet.conf")).isEqualTo(before.get("kubelet.conf"));
        Path backup = report.backup().orElseThrow();
        assertThat(backup.getParent()).isEqualTo(tree.configDir.resolve("tmp"));
        assertThat(backup.getFileName().toString()).isEqualTo("certfleet-backup-2026-10-28-00-00-00");
        before.forEach((relative, bytes) -> assertThat(backup.resolve(relative)).hasBinaryContent(bytes));
    }

    @Test
    void renews_an_ec_tree_and_keeps_each_key_shape() throws Exception {
        KubeadmTree tree = KubeadmTree.create(root, KeyAlgorithm.EC_P256, ISSUED, Duration.ofDays(365));

        RenewalReport report = renewal.renew(
                RenewalRequest.of("all", tree.certDir, tree.configDir).withValidity(Duration.ofDays(90)));

        assertThat(report.renewed()).hasSize(KubeadmCertificate.renewable().size());
        for (KubeadmCertificate cert : KubeadmCertificate.renewable()) {
            Credentials renewed = credentials(tree, cert);
            assertThat(((ECPublicKey) renewed.certificate().getPublicKey())
                            .getParams()
                            .getCurve()
                            .getField()
                            .getFieldSize())
                    .isEqualTo(256);
            assertSameIdentity(
                    renewed.certificate(), tree.leaves.get(cert.kubeadmName()).certificate());
            assertKeyMatches(renewed.key(), renewed.certificate().getPublicKey());
            assertThat(renewed.certificate().getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(90)));
            if (!cert.isKubeconfig()) {
                assertThat(Files.readString(tree.keyFile(cert))).startsWith("-----BEGIN EC PRIVATE KEY-----");
            }
        }
    }

    @Test
    void a_p384_key_in_pkcs8_form_is_renewed_into_the_same_shape_and_form() throws Exception {
        KubeadmTree tree = KubeadmTree.create(root, KeyAlgorithm.EC_P256, ISSUED, Duration.ofDays(365));
        var generator = java.security.KeyPairGenerator.getInstance("EC");
        generator.initialize(new java.security.spec.ECGenParameterSpec("secp384r1"));
        var p384 = generator.generateKeyPair();
        X509Certificate old = tree.leaves.get("apiserver").certificate();
        var issuer = new io.certfleet.pki.issue.BouncyCastleCertificateIssuer(Clock.fixed(ISSUED, ZoneOffset.UTC));
        X509Certificate foreign = issuer.sign(
                io.certfleet.pki.issue.CertificateSpec.leaf("kube-apiserver")
                        .usage(io.certfleet.pki.kubeadm.Usage.SERVER)
                        .subjectAlternativeNames(KubeadmCertificate.APISERVER.requiredSans(KubeadmTree.NODE))
                        .validity(io.certfleet.pki.issue.Validity.between(ISSUED, ISSUED.plus(Duration.ofDays(365))))
                        .build(),
                p384.getPublic(),
                tree.authorities.get(CertificateAuthority.CA));
        // a chain file: the leaf and its CA, as some tools write it
        Files.writeString(
                tree.certDir.resolve("apiserver.crt"),
                Pem.encodeCertificates(List.of(
                        foreign, tree.authorities.get(CertificateAuthority.CA).certificate())));
        Files.writeString(tree.certDir.resolve("apiserver.key"), Pem.encodePrivateKey(p384.getPrivate()));

        RenewalReport report = renewal.renew(RenewalRequest.of("apiserver", tree.certDir, tree.configDir));

        assertThat(report.renewed()).hasSize(1);
        List<X509Certificate> chain = Pem.decodeCertificates(Files.readString(tree.certDir.resolve("apiserver.crt")));
        assertThat(chain).hasSize(2);
        assertThat(chain.get(1))
                .isEqualTo(tree.authorities.get(CertificateAuthority.CA).certificate());
        X509Certificate renewed = chain.get(0);
        assertSameIdentity(renewed, old);
        assertThat(((ECPublicKey) renewed.getPublicKey())
                        .getParams()
                        .getCurve()
                        .getField()
                        .getFieldSize())
                .isEqualTo(384);
        String key = Files.readString(tree.certDir.resolve("apiserver.key"));
        assertThat(key).startsWith("-----BEGIN PRIVATE KEY-----");
        var verifier = java.security.Signature.getInstance("SHA384withECDSA");
        var signer = java.security.Signature.getInstance("SHA384withECDSA");
        signer.initSign(Pem.decodePrivateKey(key));
        signer.update(new byte[] {1});
        verifier.initVerify(renewed.getPublicKey());
        verifier.update(new byte[] {1});
        assertThat(verifier.verify(signer.sign())).isTrue();
    }

    @Test
    void a_renewed_certificate_never_outlives_its_ca() throws Exception {
        KubeadmTree tree =
                KubeadmTree.create(root, KeyAlgorithm.EC_P256, ISSUED, Duration.ofDays(365), Duration.ofDays(400));

        RenewalReport report = renewal.renew(RenewalRequest.of("apiserver", tree.certDir, tree.configDir));

        Instant caExpiry = ISSUED.plus(Duration.ofDays(400));
        assertThat(report.renewed())
                .singleElement()
                .satisfies(r -> assertThat(r.newNotAfter()).isEqualTo(caExpiry));
        assertThat(KubeadmTree.certificate(tree.certDir.resolve("apiserver.crt"))
                        .getNotAfter()
                        .toInstant())
                .isEqualTo(caExpiry);
    }

    @Test
    void refuses_to_sign_with_an_expired_ca_and_renews_the_rest() throws Exception {
        KubeadmTree tree =
                KubeadmTree.create(root, KeyAlgorithm.EC_P256, ISSUED, Duration.ofDays(365), Duration.ofDays(200));
        // every CA of the tree expired 100 days before now: every certificate must be refused
        Map<String, byte[]> before = tree.snapshot();

        RenewalReport report = renewal.renew(RenewalRequest.of("all", tree.certDir, tree.configDir));

        assertThat(report.renewed()).isEmpty();
        assertThat(report.failed())
                .hasSize(KubeadmCertificate.renewable().size())
                .allSatisfy(f -> {
                    assertThat(f.reason())
                            .contains("expired at 2026-07-20T00:00:00Z")
                            .contains("never signs with an expired CA");
                    assertThat(f.retryHelps()).isFalse();
                });
        assertThat(report.backup()).isEmpty();
        assertThat(report.succeeded()).isFalse();
        assertThat(tree.snapshot()).containsExactlyInAnyOrderEntriesOf(before);
    }

    @Test
    void certificates_of_an_externally_managed_ca_are_skipped_with_the_reason() throws Exception {
        KubeadmTree tree = KubeadmTree.create(root, KeyAlgorithm.EC_P256, ISSUED, Duration.ofDays(365));
        Files.delete(tree.certDir.resolve("front-proxy-ca.key"));
        byte[] frontProxy = Files.readAllBytes(tree.certDir.resolve("front-proxy-client.crt"));

        RenewalReport report = renewal.renew(RenewalRequest.of("all", tree.certDir, tree.configDir));

        assertThat(report.skipped()).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("front-proxy-client");
            assertThat(s.reason())
                    .startsWith("externally managed")
                    .contains("front-proxy-ca.key")
                    .contains("--csr-only");
        });
        assertThat(report.renewed()).hasSize(KubeadmCertificate.renewable().size() - 1);
        assertThat(tree.certDir.resolve("front-proxy-client.crt")).hasBinaryContent(frontProxy);
        assertThat(report.succeeded()).isTrue();
    }

    @Test
    void names_that_are_known_but_not_renewed_are_skipped_and_unknown_names_are_refused() throws Exception {
        KubeadmTree tree = KubeadmTree.create(root, KeyAlgorithm.EC_P256, ISSUED, Duration.ofDays(365));
        Files.delete(tree.configDir.resolve("super-admin.conf"));

        RenewalReport report = renewal.renew(new RenewalRequest(
                tree.certDir,
                tree.configDir,
                List.of("kubelet.conf", "ca", "super-admin.conf"),
                RenewalRequest.DEFAULT_VALIDITY,
                java.util.Optional.empty(),
                java.util.Optional.empty()));

        assertThat(report.skipped())
                .extracting(Skipped::name)
                .containsExactly("kubelet.conf", "ca", "super-admin.conf");
        assertThat(report.skipped().get(0).reason()).contains("left to the kubelet");
        assertThat(report.skipped().get(1).reason()).contains("never renewed");
        assertThat(report.skipped().get(2).reason()).startsWith("not present: ");
        assertThat(report.backup()).as("nothing written, nothing backed up").isEmpty();

        assertThatThrownBy(() -> RenewalRequest.of("apiserver-typo", tree.certDir, tree.configDir))
                .isInstanceOfSatisfying(RenewalException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RenewalException.Reason.INVALID_INPUT);
                    assertThat(e.getMessage())
                            .contains("unknown certificate name 'apiserver-typo'")
                            .contains("all, admin.conf, apiserver, apiserver-etcd-client");
                });
    }

    @Test
    void a_kubeconfig_keeps_every_other_byte() throws Exception {
        KubeadmTree tree = KubeadmTree.create(root, KeyAlgorithm.EC_P256, ISSUED, Duration.ofDays(365));
        Path admin = tree.configDir.resolve("admin.conf");
        String generated = Files.readString(admin);
        String certData = value(generated, "client-certificate-data");
        String keyData = value(generated, "client-key-data");
        String caData = value(generated, "certificate-authority-data");
        String handWritten = """
                # edited by hand: keep this comment
                apiVersion: v1
                clusters:
                - cluster:
                    certificate-authority-data: %s
                    server: https://10.0.0.10:6443
                    tls-server-name: kubernetes
                  name: kubernetes
                - cluster:
                    server: https://other.example:6443
                    insecure-skip-tls-verify: true
                  name: other
                contexts:
                - context:
                    cluster: kubernetes
                    namespace: kube-system
                    user: kubernetes-admin
                  name: kubernetes-admin@kubernetes
                current-context: kubernetes-admin@kubernetes
                kind: Config
                preferences:
                  colors: true
                users:
                - name: kubernetes-admin
                  user:
                    client-certificate-data: "%s"
                    client-key-data: %s
                    x-vendor-field: keep-me
                extensions:
                - name: certfleet.io/test
                  extension: {owner: platform}
                """.formatted(caData, certData, keyData);
        Files.writeString(admin, handWritten);

        RenewalReport report = renewal.renew(RenewalRequest.of("admin.conf", tree.certDir, tree.configDir));

        assertThat(report.renewed()).singleElement().extracting(Renewed::name).isEqualTo("admin.conf");
        String renewed = Files.readString(admin);
        String newCert = value(renewed, "client-certificate-data").replace("\"", "");
        String newKey = value(renewed, "client-key-data");
        assertThat(newCert).isNotEqualTo(certData);
        assertThat(newKey).isNotEqualTo(keyData);
        assertThat(renewed.replace(newCert, certData).replace(newKey, keyData)).isEqualTo(handWritten);
        X509Certificate certificate = Pem.decodeCertificate(decode(newCert));
        assertKeyMatches(Pem.decodePrivateKey(decode(newKey)), certificate.getPublicKey());
        assertThat(decode(newKey)).startsWith("-----BEGIN EC PRIVATE KEY-----");
    }

    @Test
    void a_folded_kubeconfig_is_rewritten_with_every_field_kept() throws Exception {
        KubeadmTree tree = KubeadmTree.create(root, KeyAlgorithm.EC_P256, ISSUED, Duration.ofDays(365));
        Path scheduler = tree.configDir.resolve("scheduler.conf");
        String generated = Files.readString(scheduler);
        String keyData = value(generated, "client-key-data");
        // the same key under a second user: the value is no longer unique in the text
        Files.writeString(
                scheduler, generated + "- name: copy\n  user:\n    client-key-data: " + keyData + "\n    token: abc\n");

        RenewalReport report = renewal.renew(RenewalRequest.of("scheduler.conf", tree.certDir, tree.configDir));

        assertThat(report.renewed()).hasSize(1);
        var yaml = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(scheduler.toFile());
        assertThat(yaml.at("/users/1/user/client-key-data").asText()).isEqualTo(keyData);
        assertThat(yaml.at("/users/1/user/token").asText()).isEqualTo("abc");
        assertThat(yaml.at("/users/0/user/client-key-data").asText()).isNotEqualTo(keyData);
        assertThat(yaml.at("/clusters/0/cluster/server").asText()).isEqualTo("https://10.0.0.10:6443");
        X509Certificate certificate = Pem.decodeCertificate(
                decode(yaml.at("/users/0/user/client-certificate-data").asText()));
        assertKeyMatches(
                Pem.decodePrivateKey(
                        decode(yaml.at("/users/0/user/client-key-data").asText())),
                certificate.getPublicKey());
    }

    @Test
    void file_referenced_kubeconfig_credentials_are_renewed_where_they_are() throws Exception {
        KubeadmTree tree = KubeadmTree.create(root, KeyAlgorithm.EC_P256, ISSUED, Duration.ofDays(365));
        Path conf = tree.configDir.resolve("controller-manager.conf");
        var yaml = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper();
        var document = (com.fasterxml.jackson.databind.node.ObjectNode) yaml.readTree(conf.toFile());
        var user = (com.fasterxml.jackson.databind.node.ObjectNode) document.at("/users/0/user");
        Files.write(
                tree.configDir.resolve("cm.crt"),
                decode(user.remove("client-certificate-data").asText()).getBytes(StandardCharsets.US_ASCII));
        Files.write(
                tree.configDir.resolve("cm.key"),
                decode(user.remove("client-key-data").asText()).getBytes(StandardCharsets.US_ASCII));
        user.put("client-certificate", "cm.crt");
        user.put("client-key", tree.configDir.resolve("cm.key").toString());
        yaml.writeValue(conf.toFile(), document);
        byte[] kubeconfig = Files.readAllBytes(conf);

        RenewalReport report =
                renewal.renew(RenewalRequest.of("controller-manager.conf", tree.certDir, tree.configDir));

        assertThat(report.renewed()).hasSize(1);
        assertThat(conf).hasBinaryContent(kubeconfig);
        X509Certificate certificate = KubeadmTree.certificate(tree.configDir.resolve("cm.crt"));
        assertSameIdentity(
                certificate, tree.leaves.get("controller-manager.conf").certificate());
        assertKeyMatches(
                Pem.decodePrivateKey(Files.readString(tree.configDir.resolve("cm.key"))), certificate.getPublicKey());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tree.configDir.resolve("cm.key"))))
                .isEqualTo("rw-------");
    }

    @Test
    void csr_only_writes_new_keys_and_requests_and_touches_nothing_live() throws Exception {
        KubeadmTree tree = KubeadmTree.create(root, KeyAlgorithm.EC_P256, ISSUED, Duration.ofDays(365));
        Files.delete(tree.certDir.resolve("front-proxy-ca.key"));
        Map<String, byte[]> before = tree.snapshot();
        Path csrDir = root.resolve("csr");

        RenewalReport report = renewal.renew(
                RenewalRequest.of("all", tree.certDir, tree.configDir).csrOnly(csrDir));

        assertThat(tree.snapshot()).containsExactlyInAnyOrderEntriesOf(before);
        assertThat(report.backup()).isEmpty();
        assertThat(report.csrs()).hasSize(KubeadmCertificate.renewable().size());
        for (RenewalOutcome.CsrGenerated csr : report.csrs()) {
            KubeadmCertificate cert =
                    KubeadmCertificate.byKubeadmName(csr.name()).orElseThrow();
            var request =
                    new org.bouncycastle.pkcs.PKCS10CertificationRequest(pemBody(Files.readString(csr.csrPath())));
            assertThat(request.isSignatureValid(new org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder()
                            .build(request.getSubjectPublicKeyInfo())))
                    .isTrue();
            X509Certificate old = tree.leaves.get(csr.name()).certificate();
            assertThat(request.getSubject().toString())
                    .isEqualTo(org.bouncycastle.asn1.x500.X500Name.getInstance(
                                    old.getSubjectX500Principal().getEncoded())
                            .toString());
            PrivateKey key;
            if (cert.isKubeconfig()) {
                assertThat(csr.keyPath()).isEqualTo(csrDir.resolve(cert.path()));
                assertThat(csr.csrPath()).isEqualTo(csrDir.resolve(cert.path() + ".csr"));
                var partial = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
                        .readTree(csr.keyPath().toFile());
                assertThat(partial.at("/users/0/user").has("client-certificate-data"))
                        .isFalse();
                assertThat(partial.at("/clusters/0/cluster/server").asText()).isEqualTo("https://10.0.0.10:6443");
                key = Pem.decodePrivateKey(
                        decode(partial.at("/users/0/user/client-key-data").asText()));
            } else {
                String base = cert.path().replace(".crt", "");
                assertThat(csr.csrPath()).isEqualTo(csrDir.resolve(base + ".csr"));
                assertThat(csr.keyPath()).isEqualTo(csrDir.resolve(base + ".key"));
                key = Pem.decodePrivateKey(Files.readString(csr.keyPath()));
            }
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(csr.keyPath())))
                    .isEqualTo("rw-------");
            PublicKey requested = new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter()
                    .getPublicKey(request.getSubjectPublicKeyInfo());
            assertKeyMatches(key, requested);
            assertThat(requested).isNotEqualTo(old.getPublicKey());
        }
        var apiserver = new org.bouncycastle.pkcs.PKCS10CertificationRequest(
                pemBody(Files.readString(csrDir.resolve("apiserver.csr"))));
        assertThat(apiserver.getAttributes(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.pkcs_9_at_extensionRequest))
                .hasSize(1);
    }

    @Test
    void csr_only_refuses_to_write_into_the_live_directories() {
        KubeadmTree tree = KubeadmTree.create(root, KeyAlgorithm.EC_P256, ISSUED, Duration.ofDays(365));

        assertThatThrownBy(() -> renewal.renew(
                        RenewalRequest.of("all", tree.certDir, tree.configDir).csrOnly(tree.certDir)))
                .isInstanceOfSatisfying(RenewalException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RenewalException.Reason.INVALID_INPUT);
                    assertThat(e.getMessage()).contains("is the certificate directory");
                });
    }

    @Test
    void a_write_failure_is_a_retryable_failure_naming_the_backup() throws Exception {
        KubeadmTree tree = KubeadmTree.create(root, KeyAlgorithm.EC_P256, ISSUED, Duration.ofDays(365));
        PkiFileStore full = (target, content, secrecy) -> {
            throw new java.io.IOException("No space left on device");
        };

        RenewalReport report = new KubeadmRenewal(
                        Clock.fixed(NOW, ZoneOffset.UTC), new java.security.SecureRandom(), full)
                .renew(RenewalRequest.of("apiserver", tree.certDir, tree.configDir));

        assertThat(report.failed()).singleElement().satisfies(f -> {
            assertThat(f.retryHelps()).isTrue();
            assertThat(f.reason())
                    .contains("No space left on device")
                    .contains(report.backup().orElseThrow().toString());
        });
    }

    @Test
    void a_broken_kubeconfig_fails_alone_without_quoting_its_content() throws Exception {
        KubeadmTree tree = KubeadmTree.create(root, KeyAlgorithm.EC_P256, ISSUED, Duration.ofDays(365));
        Path admin = tree.configDir.resolve("admin.conf");
        String text = Files.readString(admin);
        List<String> secrets = SecretScan.keyLines(text);
        // break the YAML right after the key so a parser error would be tempted to quote it
        Files.writeString(
                admin, text.replace("client-key-data: ", "client-key-data: [\"").concat("  : : ]\n"));

        RenewalReport report = renewal.renew(RenewalRequest.of("all", tree.certDir, tree.configDir));

        assertThat(report.failed()).singleElement().satisfies(f -> {
            assertThat(f.name()).isEqualTo("admin.conf");
            assertThat(f.reason()).contains("is not valid YAML (line");
        });
        assertThat(report.renewed()).hasSize(KubeadmCertificate.renewable().size() - 1);
        List<String> printed = new ArrayList<>();
        report.outcomes().forEach(o -> printed.add(o.toString()));
        printed.add(report.toString());
        secrets.addAll(tree.privateKeyLines());
        assertThat(secrets).isNotEmpty();
        for (String line : printed) {
            for (String secret : secrets) {
                assertThat(line).doesNotContain(secret);
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    record Credentials(X509Certificate certificate, PrivateKey key) {}

    static Credentials credentials(KubeadmTree tree, KubeadmCertificate cert) throws Exception {
        if (cert.isKubeconfig()) {
            String text = Files.readString(tree.file(cert));
            return new Credentials(
                    Pem.decodeCertificate(
                            decode(value(text, "client-certificate-data").replace("\"", ""))),
                    Pem.decodePrivateKey(decode(value(text, "client-key-data"))));
        }
        return new Credentials(
                KubeadmTree.certificate(tree.file(cert)), Pem.decodePrivateKey(Files.readString(tree.keyFile(cert))));
    }

    static void assertSameIdentity(X509Certificate renewed, X509Certificate old) throws Exception {
        assertThat(renewed.getSubjectX500Principal()).isEqualTo(old.getSubjectX500Principal());
        assertThat(sans(renewed)).isEqualTo(sans(old));
        assertThat(renewed.getExtendedKeyUsage()).isEqualTo(old.getExtendedKeyUsage());
        assertThat(renewed.getKeyUsage()).isEqualTo(old.getKeyUsage());
        assertThat(renewed.getBasicConstraints()).isEqualTo(-1);
        assertThat(renewed.getIssuerX500Principal()).isEqualTo(old.getIssuerX500Principal());
        assertThat(renewed.getSerialNumber()).isNotEqualTo(old.getSerialNumber());
    }

    static List<List<?>> sans(X509Certificate certificate) throws Exception {
        var sans = certificate.getSubjectAlternativeNames();
        return sans == null
                ? List.of()
                : sans.stream().<List<?>>map(List::copyOf).toList();
    }

    static void assertKeyMatches(PrivateKey key, PublicKey publicKey) throws Exception {
        String algorithm = publicKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        var signer = java.security.Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update("proof".getBytes(StandardCharsets.US_ASCII));
        byte[] signature = signer.sign();
        var verifier = java.security.Signature.getInstance(algorithm);
        verifier.initVerify(publicKey);
        verifier.update("proof".getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verify(signature))
                .as("the key matches the certificate")
                .isTrue();
    }

    static String value(String yaml, String field) {
        return yaml.lines()
                .map(String::strip)
                .filter(l -> l.startsWith(field + ":"))
                .findFirst()
                .orElseThrow()
                .substring(field.length() + 1)
                .strip();
    }

    static String decode(String base64) {
        return new String(Base64.getMimeDecoder().decode(base64.replace("\"", "")), StandardCharsets.US_ASCII);
    }

    static byte[] pemBody(String pem) {
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    }

    static List<Path> temporaries(Path directory) throws Exception {
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(p -> p.getFileName().toString().contains(DurableFileStore.TEMP_MARKER))
                    .toList();
        }
    }
}
