package io.certfleet.pki.renew;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Optional;

/**
 * The algorithm and size of an existing certificate's key, so that renewal generates a new key of the
 * same kind: RSA with the same modulus length, EC on the same curve, EdDSA of the same variant.
 * Wider than {@code KeyAlgorithm} on purpose: a tree made by another tool (RSA 1024+, P-384, P-521)
 * must renew into the same shape.
 *
 * @param algorithm JCA key algorithm: {@code RSA}, {@code EC}, {@code Ed25519}, {@code Ed448}
 * @param bits RSA modulus bits, EC field bits, 255/448 for EdDSA
 * @param parameters what the JCA generator is initialised with; empty for EdDSA
 */
record KeyShape(String algorithm, int bits, Optional<AlgorithmParameterSpec> parameters) {

    static KeyShape of(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            return new KeyShape("RSA", bits, Optional.of(new RSAKeyGenParameterSpec(bits, rsa.getPublicExponent())));
        }
        if (key instanceof ECPublicKey ec) {
            ECParameterSpec params = ec.getParams();
            return new KeyShape("EC", params.getCurve().getField().getFieldSize(), Optional.of(params));
        }
        if (key instanceof EdECPublicKey ed) {
            String name = ed.getParams().getName();
            return new KeyShape(name, name.equals("Ed448") ? 448 : 255, Optional.empty());
        }
        throw new IllegalArgumentException("unsupported key algorithm " + key.getAlgorithm());
    }

    KeyPair generate(SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        if (parameters.isPresent()) {
            generator.initialize(parameters.get(), random);
        }
        return generator.generateKeyPair();
    }

    /** {@code RSA 2048}, {@code EC 256}, {@code Ed25519}. */
    String describe() {
        return algorithm.startsWith("Ed") ? algorithm : algorithm + " " + bits;
    }
}
