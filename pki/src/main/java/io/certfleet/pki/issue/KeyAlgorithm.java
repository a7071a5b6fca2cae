package io.certfleet.pki.issue;

import io.certfleet.pki.issue.IssuanceException.Reason;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.ECGenParameterSpec;

/**
 * The key types certfleet issues with. ECDSA P-256 is the cheap default (kubeadm's {@code
 * ECDSA-P256} encryption algorithm, and what the kubelet uses for its rotated client certificate);
 * RSA 2048 is kubeadm's historical default. RSA key generation costs 100-200 ms per key on small
 * machines, EC about 0.2 ms.
 */
public enum KeyAlgorithm {
    EC_P256("EC", 256, "SHA256withECDSA"),
    RSA_2048("RSA", 2048, "SHA256withRSA"),
    RSA_3072("RSA", 3072, "SHA256withRSA"),
    RSA_4096("RSA", 4096, "SHA256withRSA"),
    ED25519("Ed25519", 255, "Ed25519");

    private final String jcaName;
    private final int size;
    private final String signatureAlgorithm;

    KeyAlgorithm(String jcaName, int size, String signatureAlgorithm) {
        this.jcaName = jcaName;
        this.size = size;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /** The JCA key algorithm name ({@code EC}, {@code RSA}, {@code Ed25519}). */
    public String jcaName() {
        return jcaName;
    }

    /** Key size in bits (curve size for EC and EdDSA). */
    public int size() {
        return size;
    }

    /** The signature algorithm certificates signed by a key of this type use. */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    public boolean isRsa() {
        return jcaName.equals("RSA");
    }

    /** Generates a fresh key pair from the platform's default providers. */
    public KeyPair generate(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(jcaName);
            switch (this) {
                case EC_P256 -> generator.initialize(new ECGenParameterSpec("secp256r1"), random);
                case RSA_2048, RSA_3072, RSA_4096 -> generator.initialize(size, random);
                case ED25519 -> {
                    // fixed curve, nothing to initialise
                }
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IssuanceException(Reason.CRYPTO_FAILURE, "cannot generate a " + this + " key pair", e);
        }
    }

    /**
     * The algorithm of an existing key (public or private), e.g. one read from disk. EC keys on
     * other curves and RSA keys of other sizes are refused: certfleet renews with the key types it
     * can also generate.
     */
    public static KeyAlgorithm of(Key key) {
        if (key instanceof RSAKey rsa) {
            int bits = rsa.getModulus().bitLength();
            for (KeyAlgorithm candidate : values()) {
                if (candidate.isRsa() && candidate.size == bits) {
                    return candidate;
                }
            }
            throw new IssuanceException(Reason.UNSUPPORTED_KEY, "unsupported RSA key size " + bits);
        }
        if (key instanceof ECKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            if (bits == 256) {
                return EC_P256;
            }
            throw new IssuanceException(Reason.UNSUPPORTED_KEY, "unsupported EC curve of " + bits + " bits");
        }
        if (key instanceof EdECKey ed && ed.getParams().getName().equals("Ed25519")) {
            return ED25519;
        }
        throw new IssuanceException(Reason.UNSUPPORTED_KEY, "unsupported key algorithm " + key.getAlgorithm());
    }
}
