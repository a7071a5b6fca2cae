package io.certfleet.events;

import java.time.Instant;
import java.util.List;

/**
 * The public facts of one X.509 certificate: what certfleet records and publishes instead of the certificate itself.
 * It never contains key material nor the encoded certificate.
 *
 * @param subject the subject distinguished name in RFC 4514 form, e.g. {@code CN=kube-apiserver}; may be empty
 * @param issuer the issuer distinguished name in RFC 4514 form; may be empty
 * @param serialNumber the serial number in lowercase hex, with a leading {@code -} for the (invalid but seen) negative
 *     ones
 * @param sha256 the SHA-256 fingerprint of the DER encoding, 64 lowercase hex characters without separators
 * @param notBefore start of validity
 * @param notAfter end of validity
 * @param sans subject alternative names, prefixed by kind: {@code DNS:kubernetes}, {@code IP:10.96.0.1}, {@code
 *     URI:...}, {@code EMAIL:...}
 * @param keyUsages key usages as named in RFC 5280, e.g. {@code digitalSignature}, {@code keyEncipherment}
 * @param extendedKeyUsages extended key usages, e.g. {@code serverAuth}, {@code clientAuth}, or the OID when unnamed
 * @param keyAlgorithm public key algorithm: {@code RSA}, {@code EC}, {@code Ed25519}, ...
 * @param keySize public key size in bits (RSA modulus, EC field size; 256 for Ed25519)
 * @param curve the named curve for EC keys, e.g. {@code P-256}; absent otherwise
 * @param ca whether basic constraints mark it as a CA
 * @param selfSigned whether subject and issuer match and the signature verifies with its own key
 */
public record CertificateFacts(
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
        @OptionalField String curve,
        boolean ca,
        boolean selfSigned) {

    public CertificateFacts {
        Fields.required(subject, "subject");
        Fields.required(issuer, "issuer");
        Fields.hex(serialNumber, "serialNumber");
        Fields.sha256(sha256, "sha256");
        Fields.required(notBefore, "notBefore");
        Fields.required(notAfter, "notAfter");
        sans = Fields.list(sans, "sans");
        keyUsages = Fields.list(keyUsages, "keyUsages");
        extendedKeyUsages = Fields.list(extendedKeyUsages, "extendedKeyUsages");
        Fields.text(keyAlgorithm, "keyAlgorithm");
        Fields.nonNegative(keySize, "keySize");
        Fields.optionalText(curve, "curve");
    }
}
