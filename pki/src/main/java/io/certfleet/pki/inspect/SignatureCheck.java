package io.certfleet.pki.inspect;

import java.io.OutputStream;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentVerifier;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/** Verifies a certificate signature with Bouncy Castle (which also takes explicit-curve EC keys). */
final class SignatureCheck {
    // A private provider instance: no global java.security.Security registration from a library.
    private static final BouncyCastleProvider PROVIDER = new BouncyCastleProvider();

    private SignatureCheck() {}

    static boolean verifies(byte[] tbs, byte[] signatureAlgorithm, byte[] signatureBits, byte[] issuerSpki) {
        try {
            ContentVerifierProvider provider = new JcaContentVerifierProviderBuilder()
                    .setProvider(PROVIDER)
                    .build(SubjectPublicKeyInfo.getInstance(issuerSpki));
            ContentVerifier verifier = provider.get(AlgorithmIdentifier.getInstance(signatureAlgorithm));
            try (OutputStream out = verifier.getOutputStream()) {
                out.write(tbs);
            }
            return verifier.verify(signatureBits);
        } catch (Exception e) {
            // An unverifiable signature (unknown algorithm, malformed key) is simply "not verified".
            return false;
        }
    }
}
