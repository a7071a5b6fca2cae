package io.certfleet.pki.inspect;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The public facts of one X.509 certificate — what certfleet shows, stores and publishes instead of
 * the certificate. Field formats follow the {@code events} contract ({@code CertificateFacts}) so the
 * scanner maps one onto the other without conversion.
 *
 * @param version the version as written (1, 2, 3; anything else is kept and reported as a finding)
 * @param subject RFC 4514 form, most specific first ({@code CN=kube-apiserver}); empty when absent
 * @param issuer RFC 4514 form; empty when absent
 * @param serialNumber lowercase hex padded to whole octets as openssl prints it, {@code -} prefix when negative
 * @param sha256 SHA-256 fingerprint of the DER encoding, 64 lowercase hex characters
 * @param notBefore start of validity, to the second
 * @param notAfter end of validity, to the second
 * @param sans subject alternative names as {@code DNS:}, {@code IP:}, {@code URI:}, {@code EMAIL:}
 *     (and {@code othername:<oid>}, {@code DirName:}, {@code RID:} for the rare kinds)
 * @param keyUsages RFC 5280 names: {@code digitalSignature}, {@code keyEncipherment}, {@code keyCertSign}, ...
 * @param extendedKeyUsages {@code serverAuth}, {@code clientAuth}, ... or the OID when unnamed
 * @param keyAlgorithm {@code RSA}, {@code EC}, {@code Ed25519}, {@code Ed448}, {@code DSA}, or the OID
 * @param keySize RSA modulus bits, EC field bits, 256 for Ed25519; 0 when unknown
 * @param curve the EC curve ({@code P-256}, ...) when it is known
 * @param signatureAlgorithm e.g. {@code SHA256withRSA}, {@code SHA256withECDSA}, or the OID
 * @param ca whether basic constraints mark it as a certificate authority
 * @param selfSigned whether subject equals issuer and the signature verifies with its own key
 */
public record CertificateFacts(
        int version,
        String subject,
        String issuer,
        String serialNumber,
        String sha256,
        Instant notBefore,
        Instant notAfter,
        List<String> sans,
        List<String> keyUsages,
        List<String> extendedKeyUsages,
        String keyAlgorithm,
        int keySize,
        Optional<String> curve,
        String signatureAlgorithm,
        boolean ca,
        boolean selfSigned) {

    public CertificateFacts {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(serialNumber, "serialNumber");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        sans = List.copyOf(sans);
        keyUsages = List.copyOf(keyUsages);
        extendedKeyUsages = List.copyOf(extendedKeyUsages);
        Objects.requireNonNull(keyAlgorithm, "keyAlgorithm");
        Objects.requireNonNull(curve, "curve");
        Objects.requireNonNull(signatureAlgorithm, "signatureAlgorithm");
    }

    /** The first common name of the subject, if any. */
    public Optional<String> commonName() {
        return DistinguishedName.firstValue(subject, "CN");
    }

    /** Every organization (O) of the subject, in order. */
    public List<String> organizations() {
        return DistinguishedName.values(subject, "O");
    }
}
