package io.certfleet.renewal.adapter.out;

import static org.assertj.core.api.Assertions.assertThat;

import io.certfleet.pki.issue.BouncyCastleCertificateIssuer;
import io.certfleet.pki.issue.CertificateSpec;
import io.certfleet.pki.issue.CertifiedKey;
import io.certfleet.pki.issue.KeyAlgorithm;
import io.certfleet.pki.issue.Pem;
import io.certfleet.pki.issue.Validity;
import io.certfleet.pki.kubeadm.Usage;
import io.certfleet.renewal.application.ClientKeys;
import io.certfleet.renewal.application.ManagementCluster.ClientIdentity;
import java.io.StringReader;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;

/** Client keys for an external CA to certify, and the check of what it sends back, with real keys and certificates. */
class BouncyCastleClientKeysTest {
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private static final ClientIdentity ADMIN =
            new ClientIdentity("kubernetes-admin", List.of("kubeadm:cluster-admins", "system:masters"));

    private final BouncyCastleClientKeys keys = new BouncyCastleClientKeys();
    private final BouncyCastleCertificateIssuer issuer =
            new BouncyCastleCertificateIssuer(Clock.fixed(NOW, ZoneOffset.UTC));
    private final CertifiedKey ca = ca();

    @Test
    void aCertificateIssuedForTheRequestFitsIt() throws Exception {
        ClientKeys.NewKey made = keys.newKey(ADMIN);

        PKCS10CertificationRequest request = request(made.csr());
        assertThat(request.getSubject().toString()).contains("CN=kubernetes-admin", "O=kubeadm:cluster-admins");
        assertThat(made.privateKey()).startsWith("-----BEGIN EC PRIVATE KEY-----");
        assertThat(made.toString()).doesNotContain("PRIVATE KEY");
        // the request proves possession of the key it was made with
        assertThat(request.isSignatureValid(new org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder()
                        .build(request.getSubjectPublicKeyInfo())))
                .isTrue();

        String certificate =
                issue(publicKey(made.csr()), ADMIN, Usage.CLIENT, NOW.minusSeconds(60), Duration.ofDays(365));
        assertThat(keys.problem(certificate, made.csr(), NOW)).isEmpty();
    }

    @Test
    void anotherKeyAnotherIdentityNotValidNowOrNotForClientsDoNotFit() throws Exception {
        ClientKeys.NewKey made = keys.newKey(ADMIN);
        PublicKey key = publicKey(made.csr());
        KeyPair other = issuer.generateKeyPair(KeyAlgorithm.EC_P256);

        assertThat(keys.problem(
                        issue(other.getPublic(), ADMIN, Usage.CLIENT, NOW, Duration.ofDays(1)), made.csr(), NOW))
                .hasValue("it certifies another public key than the request's");
        assertThat(keys.problem(
                        issue(
                                key,
                                new ClientIdentity("mallory", ADMIN.organizations()),
                                Usage.CLIENT,
                                NOW,
                                Duration.ofDays(1)),
                        made.csr(),
                        NOW))
                .hasValue("its subject CN is [mallory], the request asked for [kubernetes-admin]");
        assertThat(keys.problem(
                        issue(
                                key,
                                new ClientIdentity(ADMIN.commonName(), List.of("system:masters")),
                                Usage.CLIENT,
                                NOW,
                                Duration.ofDays(1)),
                        made.csr(),
                        NOW))
                .hasValueSatisfying(p -> assertThat(p).startsWith("its subject O is [system:masters]"));
        assertThat(keys.problem(
                        issue(key, ADMIN, Usage.CLIENT, NOW.minus(Duration.ofDays(3)), Duration.ofDays(1)),
                        made.csr(),
                        NOW))
                .hasValueSatisfying(p -> assertThat(p).endsWith(", not now"));
        assertThat(keys.problem(issue(key, ADMIN, Usage.SERVER, NOW, Duration.ofDays(1)), made.csr(), NOW))
                .hasValue("its extended key usage does not include client authentication");
        assertThat(keys.problem("not a certificate", made.csr(), NOW)).hasValue("it is not a PEM certificate");
    }

    private String issue(PublicKey key, ClientIdentity identity, Usage usage, Instant from, Duration validity) {
        CertificateSpec spec = CertificateSpec.leaf(identity.commonName())
                .organizations(identity.organizations())
                .usage(usage)
                .validity(Validity.between(from, from.plus(validity)))
                .build();
        return Pem.encodeCertificate(issuer.sign(spec, key, ca));
    }

    private CertifiedKey ca() {
        KeyPair pair = issuer.generateKeyPair(KeyAlgorithm.EC_P256);
        CertificateSpec spec = CertificateSpec.authority("external-ca")
                .validity(Validity.between(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(3650))))
                .build();
        return new CertifiedKey(issuer.selfSign(spec, pair), pair.getPrivate());
    }

    private static PKCS10CertificationRequest request(String pem) throws Exception {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            return (PKCS10CertificationRequest) parser.readObject();
        }
    }

    private static PublicKey publicKey(String csr) throws Exception {
        return new JcaPEMKeyConverter().getPublicKey(request(csr).getSubjectPublicKeyInfo());
    }
}
