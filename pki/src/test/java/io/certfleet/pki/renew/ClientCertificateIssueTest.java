package io.certfleet.pki.renew;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certfleet.pki.issue.KeyAlgorithm;
import io.certfleet.pki.kubeadm.CertificateAuthority;
import io.certfleet.pki.renew.RenewalException.Reason;
import io.certfleet.pki.testing.Openssl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client certificate for a management cluster's kubeconfig Secret, for a key that never was on the node. */
class ClientCertificateIssueTest {

    static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant NOW = ISSUED.plus(Duration.ofDays(300));

    @TempDir
    Path root;

    private final KubeadmRenewal renewal = new KubeadmRenewal(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void issues_the_admin_identity_for_the_requested_key_only() throws Exception {
        KubeadmTree tree = KubeadmTree.create(root, KeyAlgorithm.EC_P256, ISSUED, Duration.ofDays(365));
        KeyPair management = KeyAlgorithm.EC_P256.generate(new SecureRandom());
        // the request asks for more than it gets: its subject is ignored
        String csr = csr(management, management, "O=system:masters,CN=someone-else");
        Map<String, byte[]> before = tree.snapshot();

        IssuedClientCertificate issued =
                renewal.issueClientCertificate(tree.certDir, tree.configDir, "admin.conf", csr, Duration.ofDays(30));

        X509Certificate certificate = issued.certificate();
        X509Certificate admin = tree.leaves.get("admin.conf").certificate();
        assertThat(issued.name()).isEqualTo("admin.conf");
        assertThat(issued.kubeconfig()).isEqualTo(tree.configDir.resolve("admin.conf"));
        assertThat(certificate.getPublicKey()).isEqualTo(management.getPublic());
        assertThat(certificate.getSubjectX500Principal()).isEqualTo(admin.getSubjectX500Principal());
        assertThat(certificate.getExtendedKeyUsage()).isEqualTo(admin.getExtendedKeyUsage());
        assertThat(certificate.getKeyUsage()).isEqualTo(admin.getKeyUsage());
        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
        assertThat(certificate.getNotBefore().toInstant()).isEqualTo(NOW.minus(Duration.ofMinutes(5)));
        assertThat(certificate.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(30)));
        assertThat(issued.notAfter()).isEqualTo(NOW.plus(Duration.ofDays(30)));
        assertThat(issued.sha256()).isEqualTo(RenewalSigner.sha256(certificate));
        certificate.verify(
                tree.authorities.get(CertificateAuthority.CA).certificate().getPublicKey());
        Path pem = root.resolve("issued.pem");
        Files.writeString(pem, issued.pem());
        assertThat(Openssl.run(
                                root,
                                "verify",
                                "-attime",
                                Long.toString(NOW.getEpochSecond()),
                                "-CAfile",
                                tree.certDir.resolve("ca.crt").toString(),
                                pem.toString())
                        .output())
                .endsWith(": OK");
        assertThat(tree.snapshot()).as("nothing written").containsExactlyInAnyOrderEntriesOf(before);
        assertThat(issued.toString()).doesNotContain("PRIVATE");
    }

    @Test
    void never_outlives_the_ca_and_works_for_super_admin_with_an_rsa_key() throws Exception {
        KubeadmTree tree =
                KubeadmTree.create(root, KeyAlgorithm.EC_P256, ISSUED, Duration.ofDays(365), Duration.ofDays(400));
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair key = rsa.generateKeyPair();

        IssuedClientCertificate issued = renewal.issueClientCertificate(
                tree.certDir, tree.configDir, "super-admin.conf", csr(key, key, "CN=x"), Duration.ofDays(365));

        assertThat(issued.notAfter()).isEqualTo(ISSUED.plus(Duration.ofDays(400)));
        assertThat(issued.certificate().getSubjectX500Principal())
                .isEqualTo(tree.leaves.get("super-admin.conf").certificate().getSubjectX500Principal());
        assertThat(issued.certificate().getPublicKey()).isEqualTo(key.getPublic());
    }

    @Test
    void a_request_not_signed_by_its_own_key_is_invalid_input() {
        KubeadmTree tree = KubeadmTree.create(root, KeyAlgorithm.EC_P256, ISSUED, Duration.ofDays(365));
        KeyPair claimed = KeyAlgorithm.EC_P256.generate(new SecureRandom());
        KeyPair signer = KeyAlgorithm.EC_P256.generate(new SecureRandom());

        assertThatThrownBy(() -> renewal.issueClientCertificate(
                        tree.certDir, tree.configDir, "admin.conf", csr(claimed, signer, "CN=x"), Duration.ofDays(1)))
                .isInstanceOfSatisfying(RenewalException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.INVALID_INPUT);
                    assertThat(e.getMessage()).contains("does not verify with its own public key");
                });
        assertThatThrownBy(() -> renewal.issueClientCertificate(
                        tree.certDir,
                        tree.configDir,
                        "admin.conf",
                        "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n",
                        Duration.ofDays(1)))
                .isInstanceOfSatisfying(
                        RenewalException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_INPUT));
        assertThatThrownBy(() -> renewal.issueClientCertificate(
                        tree.certDir, tree.configDir, "admin.conf", "hello", Duration.ofDays(1)))
                .isInstanceOfSatisfying(RenewalException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.INVALID_INPUT);
                    assertThat(e.getMessage()).contains("no PEM CERTIFICATE REQUEST");
                });
    }

    @Test
    void an_externally_managed_or_expired_ca_is_a_policy_refusal() throws Exception {
        KubeadmTree tree = KubeadmTree.create(root, KeyAlgorithm.EC_P256, ISSUED, Duration.ofDays(365));
        KeyPair key = KeyAlgorithm.EC_P256.generate(new SecureRandom());
        String csr = csr(key, key, "CN=x");
        Files.delete(tree.certDir.resolve("ca.key"));

        assertThatThrownBy(() -> renewal.issueClientCertificate(
                        tree.certDir, tree.configDir, "admin.conf", csr, Duration.ofDays(1)))
                .isInstanceOfSatisfying(RenewalException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.POLICY);
                    assertThat(e.getMessage())
                            .contains("the ca CA is externally managed")
                            .contains(tree.certDir.resolve("ca.key").toString());
                });

        Path other = root.resolve("expired");
        KubeadmTree expired =
                KubeadmTree.create(other, KeyAlgorithm.EC_P256, ISSUED, Duration.ofDays(365), Duration.ofDays(200));
        assertThatThrownBy(() -> renewal.issueClientCertificate(
                        expired.certDir, expired.configDir, "admin.conf", csr, Duration.ofDays(1)))
                .isInstanceOfSatisfying(RenewalException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.POLICY);
                    assertThat(e.getMessage()).contains("CA expired at");
                });
    }

    @Test
    void only_the_administrator_kubeconfigs_lend_their_identity() {
        KubeadmTree tree = KubeadmTree.create(root, KeyAlgorithm.EC_P256, ISSUED, Duration.ofDays(365));
        KeyPair key = KeyAlgorithm.EC_P256.generate(new SecureRandom());

        for (String name : new String[] {"controller-manager.conf", "apiserver", "kubelet.conf", "ca"}) {
            assertThatThrownBy(() -> renewal.issueClientCertificate(
                            tree.certDir, tree.configDir, name, csr(key, key, "CN=x"), Duration.ofDays(1)))
                    .isInstanceOfSatisfying(RenewalException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.INVALID_INPUT);
                        assertThat(e.getMessage())
                                .contains(
                                        "only with the identity of admin.conf or super-admin.conf, not '" + name + "'");
                    });
        }
    }

    /** A PKCS#10 request for {@code subjectKey}'s public key, signed by {@code signingKey}. */
    static String csr(KeyPair subjectKey, KeyPair signingKey, String subject) throws Exception {
        String algorithm = signingKey.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        var request = new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), subjectKey.getPublic())
                .build(new JcaContentSignerBuilder(algorithm).build(signingKey.getPrivate()));
        return io.certfleet.pki.testing.TestCertificates.pem("CERTIFICATE REQUEST", request.getEncoded());
    }
}
