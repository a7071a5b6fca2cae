package io.certfleet.pki.issue;

import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;

/**
 * Issues X.509 certificates: self-signed authorities and certificates signed by an authority. The
 * port renewal, the simulator and CSR signing share; {@link BouncyCastleCertificateIssuer} is the
 * implementation. Time comes from the implementation's clock (for {@link Validity.FromIssuance}).
 * Implementations are safe for concurrent use: one issuer serves every thread that issues.
 */
public interface CertificateIssuer {

    /** A fresh key pair. */
    KeyPair generateKeyPair(KeyAlgorithm algorithm);

    /** A self-signed certificate for {@code keyPair} (normally a CA: {@code spec.certificateAuthority()}). */
    X509Certificate selfSign(CertificateSpec spec, KeyPair keyPair);

    /**
     * A certificate for {@code subjectKey} signed by {@code issuer}, which must be a CA. The subject
     * key may be new (issuance), kept (kubeadm renews with a new key, but external CSRs bring theirs).
     */
    X509Certificate sign(CertificateSpec spec, PublicKey subjectKey, CertifiedKey issuer);

    /** A new self-signed authority with a new key. */
    default CertifiedKey createAuthority(CertificateSpec spec, KeyAlgorithm algorithm) {
        KeyPair keyPair = generateKeyPair(algorithm);
        return new CertifiedKey(selfSign(spec, keyPair), keyPair.getPrivate());
    }

    /** A new key of {@code algorithm} and a certificate for it signed by {@code issuer}. */
    default CertifiedKey issue(CertificateSpec spec, KeyAlgorithm algorithm, CertifiedKey issuer) {
        KeyPair keyPair = generateKeyPair(algorithm);
        return new CertifiedKey(sign(spec, keyPair.getPublic(), issuer), keyPair.getPrivate());
    }
}
