package io.certfleet.pki.issue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certfleet.pki.kubeadm.Usage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PemTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");
    private final BouncyCastleCertificateIssuer issuer =
            new BouncyCastleCertificateIssuer(Clock.fixed(NOW, ZoneOffset.UTC));

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(
            value = KeyAlgorithm.class,
            names = {"EC_P256", "RSA_2048", "ED25519"})
    void certificate_and_both_key_forms_round_trip(KeyAlgorithm algorithm) throws Exception {
        CertifiedKey ca = issuer.createAuthority(
                CertificateSpec.authority("etcd-ca")
                        .validity(Validity.fromIssuance(Duration.ofDays(10)))
                        .build(),
                algorithm);

        String certificatePem = Pem.encodeCertificate(ca.certificate());
        String pkcs8 = Pem.encodePrivateKey(ca.privateKey());
        String traditional = Pem.encodePrivateKeyTraditional(ca.privateKey());

        assertThat(Pem.decodeCertificate(certificatePem)).isEqualTo(ca.certificate());
        assertThat(pkcs8).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(traditional)
                .startsWith(
                        switch (algorithm) {
                            case EC_P256 -> "-----BEGIN EC PRIVATE KEY-----";
                            case RSA_2048 -> "-----BEGIN RSA PRIVATE KEY-----";
                            default -> "-----BEGIN PRIVATE KEY-----";
                        });
        assertSameKey(Pem.decodePrivateKey(pkcs8), ca);
        assertSameKey(Pem.decodePrivateKey(traditional), ca);
        assertThat(Pem.decodePublicKey(Pem.encodePublicKey(ca.certificate().getPublicKey())))
                .isEqualTo(ca.certificate().getPublicKey());
    }

    @Test
    void combined_certificate_and_key_file_reads_both() {
        CertifiedKey ca = issuer.createAuthority(
                CertificateSpec.authority("kubernetes-ca")
                        .validity(Validity.fromIssuance(Duration.ofDays(10)))
                        .build(),
                KeyAlgorithm.EC_P256);
        CertifiedKey leaf = issuer.issue(
                CertificateSpec.leaf("system:node:w-1")
                        .organization("system:nodes")
                        .usage(Usage.CLIENT)
                        .validity(Validity.fromIssuance(Duration.ofDays(10)))
                        .build(),
                KeyAlgorithm.EC_P256,
                ca);
        String combined = Pem.encodeCertificates(List.of(leaf.certificate(), ca.certificate()))
                + Pem.encodePrivateKeyTraditional(leaf.privateKey());

        assertThat(Pem.decodeCertificates(combined)).containsExactly(leaf.certificate(), ca.certificate());
        assertSameKey(Pem.decodePrivateKey(combined), leaf);
    }

    @Test
    void reads_keys_written_by_openssl() throws Exception {
        Path rsa = dir.resolve("rsa.key");
        Path ec = dir.resolve("ec.key");
        Path pkcs8 = dir.resolve("pkcs8.key");
        openssl("genrsa", "-traditional", "-out", rsa.toString(), "2048");
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-out", ec.toString());
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", pkcs8.toString());

        String ecText = Files.readString(ec);
        assertThat(Files.readString(rsa)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(ecText).startsWith("-----BEGIN EC PARAMETERS-----").contains("BEGIN EC PRIVATE KEY");

        assertThat(KeyAlgorithm.of(Pem.decodePrivateKey(Files.readString(rsa)))).isEqualTo(KeyAlgorithm.RSA_2048);
        assertThat(KeyAlgorithm.of(Pem.decodePrivateKey(ecText))).isEqualTo(KeyAlgorithm.EC_P256);
        assertThat(KeyAlgorithm.of(Pem.decodePrivateKey(Files.readString(pkcs8))))
                .isEqualTo(KeyAlgorithm.EC_P256);
    }

    @Test
    void openssl_reads_keys_and_certificates_we_write() throws Exception {
        CertifiedKey ca = issuer.createAuthority(
                CertificateSpec.authority("kubernetes-ca")
                        .validity(Validity.fromIssuance(Duration.ofDays(10)))
                        .build(),
                KeyAlgorithm.EC_P256);
        Path key = dir.resolve("ca.key");
        Path crt = dir.resolve("ca.crt");
        new PkiFileWriter().writePrivateKey(key, ca.privateKey());
        new PkiFileWriter().writeCertificates(crt, List.of(ca.certificate()));

        String keyCheck = openssl("pkey", "-in", key.toString(), "-noout", "-text_pub");
        String certText = openssl("x509", "-in", crt.toString(), "-noout", "-subject");
        assertThat(keyCheck).contains("ASN1 OID: prime256v1");
        assertThat(certText).contains("CN = kubernetes-ca");
        assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PkiFileWriter.SECRET);
        assertThat(Files.getPosixFilePermissions(crt)).isEqualTo(PkiFileWriter.PUBLIC);
        try (var leftovers = Files.list(dir)) {
            assertThat(leftovers.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp-"));
        }
    }

    @Test
    void encrypted_keys_are_refused_with_a_reason() throws Exception {
        Path key = dir.resolve("enc.key");
        openssl(
                "genpkey",
                "-algorithm",
                "EC",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-aes256",
                "-pass",
                "pass:secret",
                "-out",
                key.toString());

        assertThatThrownBy(() -> Pem.decodePrivateKey(Files.readString(key)))
                .isInstanceOfSatisfying(
                        IssuanceException.class,
                        e -> assertThat(e.reason()).isEqualTo(IssuanceException.Reason.ENCRYPTED_KEY));
    }

    @Test
    void malformed_input_names_the_block_not_the_content() {
        String garbage = "-----BEGIN EC PRIVATE KEY-----\nTUFMRk9STUVEU0VDUkVUMTIzNA==\n-----END EC PRIVATE KEY-----\n";

        assertThatThrownBy(() -> Pem.decodePrivateKey(garbage)).isInstanceOfSatisfying(IssuanceException.class, e -> {
            assertThat(e.reason()).isEqualTo(IssuanceException.Reason.MALFORMED_PEM);
            assertThat(e.getMessage()).contains("EC PRIVATE KEY").doesNotContain("TUFMRk9S");
        });
        assertThatThrownBy(() -> Pem.decodeCertificates("no pem here"))
                .isInstanceOf(IssuanceException.class)
                .hasMessageContaining("no CERTIFICATE");
        assertThatThrownBy(() -> Pem.decodePrivateKey(Pem.encodeCertificate(issuer.createAuthority(
                                CertificateSpec.authority("x")
                                        .validity(Validity.fromIssuance(Duration.ofDays(1)))
                                        .build(),
                                KeyAlgorithm.EC_P256)
                        .certificate())))
                .hasMessageContaining("no private key");
    }

    private static void assertSameKey(PrivateKey decoded, CertifiedKey original) {
        try {
            KeyPair pair = new KeyPair(original.certificate().getPublicKey(), decoded);
            String algorithm = BouncyCastleCertificateIssuer.signatureAlgorithm(decoded);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(pair.getPrivate());
            byte[] data = "certfleet".getBytes(StandardCharsets.UTF_8);
            signer.update(data);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(pair.getPublic());
            verifier.update(data);
            assertThat(verifier.verify(signature)).isTrue();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("openssl %s: %s", command, output).isZero();
        return output;
    }
}
