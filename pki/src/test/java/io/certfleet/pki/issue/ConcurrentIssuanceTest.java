package io.certfleet.pki.issue;

import static org.assertj.core.api.Assertions.assertThat;

import io.certfleet.pki.kubeadm.Usage;
import io.certfleet.pki.testing.Openssl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One issuer shared by several threads, as the fleet simulator shares it between clusters.
 * Regression: the issuer kept one Bouncy Castle key identifier utility, whose SHA-1 calculator has
 * a shared buffer; concurrent issuances now and then wrote another certificate's digest as a CA's
 * subject key identifier, and {@code openssl verify} then refused the self-signed CA as a trust
 * anchor ({@code error 2 at 1 depth lookup: unable to get issuer certificate}). The JDK's PKIX
 * validator does not compare a trust anchor's key identifiers, so only the identifiers themselves
 * and OpenSSL show it.
 */
class ConcurrentIssuanceTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");
    private static final int THREADS = 4;
    private static final int ROUNDS = 150;

    @TempDir
    Path dir;

    private record Issued(String host, X509Certificate ca, PublicKey caKey, X509Certificate leaf, PublicKey leafKey) {}

    @Test
    void authorities_issued_concurrently_name_their_own_key_and_are_openssl_trust_anchors() throws Exception {
        BouncyCastleCertificateIssuer issuer = new BouncyCastleCertificateIssuer(Clock.fixed(NOW, ZoneOffset.UTC));
        Validity.Fixed window = Validity.between(NOW.minus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(335)));
        long unix = window.notBefore().getEpochSecond();
        // keys made up front, so that the threads spend their time in issuance itself
        List<KeyPair> caKeys = new ArrayList<>();
        List<KeyPair> leafKeys = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            caKeys.add(issuer.generateKeyPair(KeyAlgorithm.EC_P256));
            leafKeys.add(issuer.generateKeyPair(KeyAlgorithm.EC_P256));
        }

        // the kubelet's pattern: a throw-away "<host>-ca@<unix>" signing "<host>@<unix>"
        CyclicBarrier start = new CyclicBarrier(THREADS);
        List<Callable<List<Issued>>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            KeyPair caKey = caKeys.get(t);
            KeyPair leafKey = leafKeys.get(t);
            String prefix = "node-" + t + "-";
            workers.add(() -> {
                start.await(1, TimeUnit.MINUTES);
                List<Issued> issued = new ArrayList<>();
                for (int round = 0; round < ROUNDS; round++) {
                    String host = prefix + round;
                    X509Certificate ca = issuer.selfSign(
                            CertificateSpec.authority(host + "-ca@" + unix)
                                    .validity(window)
                                    .build(),
                            caKey);
                    X509Certificate leaf = issuer.sign(
                            CertificateSpec.leaf(host + "@" + unix)
                                    .dnsName(host)
                                    .usage(Usage.SERVER)
                                    .validity(window)
                                    .build(),
                            leafKey.getPublic(),
                            new CertifiedKey(ca, caKey.getPrivate()));
                    issued.add(new Issued(host, ca, caKey.getPublic(), leaf, leafKey.getPublic()));
                }
                return issued;
            });
        }
        List<Issued> all = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (Future<List<Issued>> result : pool.invokeAll(workers)) {
                all.addAll(result.get(2, TimeUnit.MINUTES));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(all).hasSize(THREADS * ROUNDS);

        List<String> wrong = new ArrayList<>();
        for (Issued issued : all) {
            String expectedCa = keyId(issued.caKey());
            String expectedLeaf = keyId(issued.leafKey());
            check(wrong, issued.host() + " CA subject key id", subjectKeyId(issued.ca()), expectedCa);
            check(wrong, issued.host() + " CA authority key id", authorityKeyId(issued.ca()), expectedCa);
            check(wrong, issued.host() + " leaf subject key id", subjectKeyId(issued.leaf()), expectedLeaf);
            check(wrong, issued.host() + " leaf authority key id", authorityKeyId(issued.leaf()), expectedCa);
            issued.ca().verify(issued.caKey());
            issued.leaf().verify(issued.caKey());
        }
        assertThat(wrong)
                .as("key identifiers that are not SHA-1 of the right key")
                .isEmpty();

        // every CA as a trust anchor in one CAfile, every leaf verified in one openssl run
        StringBuilder anchors = new StringBuilder();
        List<String> command = new ArrayList<>(List.of(
                "verify", "-attime", Long.toString(unix + 60), "-purpose", "sslserver", "-CAfile", "anchors.pem"));
        for (Issued issued : all) {
            anchors.append(Pem.encodeCertificate(issued.ca()));
            String leafFile = issued.host() + ".crt";
            Files.writeString(dir.resolve(leafFile), Pem.encodeCertificate(issued.leaf()));
            command.add(leafFile);
        }
        Files.writeString(dir.resolve("anchors.pem"), anchors);
        Openssl.Result verify = Openssl.run(dir, command.toArray(String[]::new));
        assertThat(verify.exitCode())
                .as("openssl verify: %s%s", verify.stdout(), verify.stderr())
                .isZero();
        assertThat(verify.stdout().lines().toList()).hasSize(THREADS * ROUNDS).allMatch(line -> line.endsWith(": OK"));
    }

    private static void check(List<String> wrong, String what, String actual, String expected) {
        if (!actual.equals(expected)) {
            wrong.add(what + " is " + actual + ", expected " + expected);
        }
    }

    /** RFC 5280 method 1, computed here independently of Bouncy Castle's utilities. */
    private static String keyId(PublicKey key) throws Exception {
        byte[] bits = SubjectPublicKeyInfo.getInstance(key.getEncoded())
                .getPublicKeyData()
                .getBytes();
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bits));
    }

    private static String subjectKeyId(X509Certificate cert) {
        return HexFormat.of()
                .formatHex(SubjectKeyIdentifier.getInstance(extension(cert, Extension.subjectKeyIdentifier.getId()))
                        .getKeyIdentifier());
    }

    private static String authorityKeyId(X509Certificate cert) {
        byte[] keyId = AuthorityKeyIdentifier.getInstance(extension(cert, Extension.authorityKeyIdentifier.getId()))
                .getKeyIdentifierOctets();
        return keyId == null ? "absent" : HexFormat.of().formatHex(keyId);
    }

    private static byte[] extension(X509Certificate cert, String oid) {
        byte[] value = cert.getExtensionValue(oid);
        assertThat(value).as("%s in %s", oid, cert.getSubjectX500Principal()).isNotNull();
        return ASN1OctetString.getInstance(value).getOctets();
    }
}
