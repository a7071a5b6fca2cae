package io.certfleet.pki.issue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certfleet.pki.kubeadm.KubeadmCertificate;
import io.certfleet.pki.kubeadm.NodeIdentity;
import io.certfleet.pki.kubeadm.Usage;
import java.math.BigInteger;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BouncyCastleCertificateIssuerTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final BouncyCastleCertificateIssuer issuer = new BouncyCastleCertificateIssuer(clock);

    private CertifiedKey authority(KeyAlgorithm algorithm) {
        return issuer.createAuthority(
                CertificateSpec.authority("kubernetes-ca")
                        .validity(Validity.between(NOW.minus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(3650))))
                        .build(),
                algorithm);
    }

    @ParameterizedTest
    @EnumSource(
            value = KeyAlgorithm.class,
            names = {"EC_P256", "RSA_2048", "ED25519"})
    void leaf_chains_to_its_authority_and_carries_the_spec(KeyAlgorithm algorithm) throws Exception {
        CertifiedKey ca = authority(algorithm);
        NodeIdentity node = NodeIdentity.of("cp-1", "127.10.0.1");
        CertificateSpec spec = CertificateSpec.leaf("kube-apiserver")
                .subjectAlternativeNames(KubeadmCertificate.APISERVER.requiredSans(node))
                .usage(Usage.SERVER)
                .validity(Validity.fromIssuance(Duration.ofDays(365)))
                .serialNumber(BigInteger.valueOf(4242))
                .build();

        CertifiedKey leaf = issuer.issue(spec, algorithm, ca);
        X509Certificate cert = leaf.certificate();

        cert.verify(ca.certificate().getPublicKey());
        validate(List.of(cert), ca.certificate(), NOW);
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=kube-apiserver");
        assertThat(cert.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
        assertThat(cert.getSerialNumber()).isEqualTo(BigInteger.valueOf(4242));
        assertThat(cert.getNotBefore().toInstant()).isEqualTo(NOW);
        assertThat(cert.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(365)));
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        boolean[] keyUsage = cert.getKeyUsage();
        assertThat(keyUsage[0]).as("digitalSignature").isTrue();
        assertThat(keyUsage[2]).as("keyEncipherment only for RSA").isEqualTo(algorithm.isRsa());
        assertThat(keyUsage[5]).as("keyCertSign").isFalse();
        assertThat(sans(cert)).containsExactlyInAnyOrderElementsOf(KubeadmCertificate.APISERVER.requiredSans(node));
        assertThat(authorityKeyId(cert)).isEqualTo(subjectKeyId(ca.certificate()));
        assertThat(KeyAlgorithm.of(cert.getPublicKey())).isEqualTo(algorithm);
    }

    @Test
    void authority_is_self_signed_with_ca_constraints() throws Exception {
        CertifiedKey ca = authority(KeyAlgorithm.EC_P256);
        X509Certificate cert = ca.certificate();

        cert.verify(cert.getPublicKey());
        assertThat(cert.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(cert.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(cert.getExtendedKeyUsage()).isNull();
        assertThat(cert.getCriticalExtensionOIDs())
                .contains(Extension.basicConstraints.getId(), Extension.keyUsage.getId());
        assertThat(subjectKeyId(cert)).isEqualTo(authorityKeyId(cert));
    }

    @Test
    void client_certificate_has_organizations_before_common_name_and_client_auth() throws Exception {
        CertifiedKey ca = authority(KeyAlgorithm.EC_P256);
        CertifiedKey leaf = issuer.issue(
                CertificateSpec.leaf("kubernetes-admin")
                        .organization("system:masters")
                        .usages(Set.of(Usage.CLIENT))
                        .validity(Validity.fromIssuance(Duration.ofDays(365)))
                        .build(),
                KeyAlgorithm.EC_P256,
                ca);

        // RFC 2253 prints the last RDN first; O precedes CN in the encoding, as Go writes it
        assertThat(leaf.certificate().getSubjectX500Principal().getName())
                .isEqualTo("CN=kubernetes-admin,O=system:masters");
        assertThat(leaf.certificate().getSubjectAlternativeNames()).isNull();
        assertThat(leaf.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    }

    @Test
    void expired_leaf_fails_path_validation_at_the_clock() {
        CertifiedKey ca = authority(KeyAlgorithm.EC_P256);
        CertifiedKey leaf = issuer.issue(
                CertificateSpec.leaf("kube-apiserver")
                        .usage(Usage.SERVER)
                        .validity(Validity.between(NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofDays(35))))
                        .build(),
                KeyAlgorithm.EC_P256,
                ca);

        assertThatThrownBy(() -> validate(List.of(leaf.certificate()), ca.certificate(), NOW))
                .isInstanceOf(CertPathValidatorException.class);
    }

    @Test
    void refuses_to_sign_with_a_leaf() {
        CertifiedKey ca = authority(KeyAlgorithm.EC_P256);
        CertificateSpec spec = CertificateSpec.leaf("x")
                .usage(Usage.CLIENT)
                .validity(Validity.fromIssuance(Duration.ofDays(1)))
                .build();
        CertifiedKey leaf = issuer.issue(spec, KeyAlgorithm.EC_P256, ca);

        assertThatThrownBy(() -> issuer.issue(spec, KeyAlgorithm.EC_P256, leaf))
                .isInstanceOfSatisfying(IssuanceException.class, e -> {
                    assertThat(e.reason()).isEqualTo(IssuanceException.Reason.INVALID_SPEC);
                    assertThat(e.retryHelps()).isFalse();
                });
    }

    @Test
    void spec_rejects_inconsistent_input() {
        assertThatThrownBy(() -> Validity.between(NOW, NOW.minusSeconds(1))).isInstanceOf(IssuanceException.class);
        assertThatThrownBy(() -> CertificateSpec.leaf("x")
                        .usage(Usage.SERVER)
                        .ipAddress("not-an-ip")
                        .validity(Validity.fromIssuance(Duration.ofDays(1)))
                        .build())
                .isInstanceOf(IssuanceException.class)
                .hasMessageContaining("not-an-ip");
        assertThatThrownBy(() -> CertificateSpec.leaf("x")
                        .validity(Validity.fromIssuance(Duration.ofDays(1)))
                        .build())
                .hasMessageContaining("usage");
        assertThatThrownBy(() -> CertificateSpec.leaf("x")
                        .subjectAlternativeNames(List.of("email:a@b"))
                        .usage(Usage.SERVER)
                        .validity(Validity.fromIssuance(Duration.ofDays(1)))
                        .build())
                .isInstanceOf(IssuanceException.class);
    }

    @Test
    void from_issuance_uses_the_injected_clock_and_backdate() {
        Validity.Fixed window = Validity.fromIssuance(Duration.ofDays(365))
                .withBackdate(Duration.ofMinutes(5))
                .resolve(Clock.fixed(NOW.plusMillis(700), ZoneOffset.UTC));

        assertThat(window.notBefore()).isEqualTo(NOW.minus(Duration.ofMinutes(5)));
        assertThat(window.notAfter()).isEqualTo(NOW.plus(Duration.ofDays(365)));
    }

    @Test
    void to_string_never_shows_key_material() {
        CertifiedKey ca = authority(KeyAlgorithm.RSA_2048);
        String encodedKey = Base64.getEncoder().encodeToString(ca.privateKey().getEncoded());

        assertThat(ca.toString())
                .contains("kubernetes-ca")
                .contains("redacted")
                .doesNotContain(encodedKey.substring(40, 80))
                .doesNotContain("exponent");
    }

    static void validate(List<X509Certificate> chain, X509Certificate anchor, Instant at) throws Exception {
        CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(chain);
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(at));
        CertPathValidator.getInstance("PKIX").validate(path, parameters);
    }

    static List<String> sans(X509Certificate cert) throws Exception {
        List<String> sans = new ArrayList<>();
        Collection<List<?>> names = cert.getSubjectAlternativeNames();
        for (List<?> name : names) {
            int type = (Integer) name.get(0);
            sans.add((type == 2 ? "DNS:" : "IP:") + name.get(1));
        }
        return sans;
    }

    private static byte[] subjectKeyId(X509Certificate cert) {
        return SubjectKeyIdentifier.getInstance(
                        ASN1OctetString.getInstance(cert.getExtensionValue(Extension.subjectKeyIdentifier.getId()))
                                .getOctets())
                .getKeyIdentifier();
    }

    private static byte[] authorityKeyId(X509Certificate cert) {
        return AuthorityKeyIdentifier.getInstance(
                        ASN1OctetString.getInstance(cert.getExtensionValue(Extension.authorityKeyIdentifier.getId()))
                                .getOctets())
                .getKeyIdentifierOctets();
    }
}
