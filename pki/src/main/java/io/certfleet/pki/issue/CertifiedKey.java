package io.certfleet.pki.issue;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A certificate with its private key: what a CA signs with, or what a component serves. {@link
 * #toString()} shows the certificate's public facts only; the key is never printed.
 */
public record CertifiedKey(X509Certificate certificate, PrivateKey privateKey) {

    public CertifiedKey {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    @Override
    public String toString() {
        return "CertifiedKey[subject=" + certificate.getSubjectX500Principal().getName()
                + ", serial=" + certificate.getSerialNumber().toString(16)
                + ", notAfter=" + certificate.getNotAfter().toInstant()
                + ", key=" + privateKey.getAlgorithm() + " (redacted)]";
    }
}
