package io.certfleet.fleetsim;

import io.certfleet.pki.issue.KeyAlgorithm;
import io.certfleet.pki.issue.Pem;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;

/**
 * A node SSH key pair for a cluster's {@code <cluster>-ssh} Secret: ECDSA P-256, private key as
 * the PEM OpenSSH reads ({@code EC PRIVATE KEY}), public key in {@code authorized_keys} form.
 */
final class SshKeys {

    private SshKeys() {}

    /** [0] private key PEM, [1] public key line. */
    static String[] generate(String comment, SecureRandom random) {
        KeyPair pair = KeyAlgorithm.EC_P256.generate(random);
        return new String[] {
            Pem.encodePrivateKeyTraditional(pair.getPrivate()),
            "ecdsa-sha2-nistp256 " + Base64.getEncoder().encodeToString(wire((ECPublicKey) pair.getPublic())) + " "
                    + comment
        };
    }

    private static byte[] wire(ECPublicKey key) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        string(out, "ecdsa-sha2-nistp256".getBytes(StandardCharsets.US_ASCII));
        string(out, "nistp256".getBytes(StandardCharsets.US_ASCII));
        byte[] point = new byte[65];
        point[0] = 0x04;
        copyFixed(key.getW().getAffineX(), point, 1);
        copyFixed(key.getW().getAffineY(), point, 33);
        string(out, point);
        return out.toByteArray();
    }

    private static void copyFixed(BigInteger value, byte[] target, int offset) {
        byte[] bytes = value.toByteArray();
        int length = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - length, target, offset + 32 - length, length);
    }

    private static void string(ByteArrayOutputStream out, byte[] value) {
        out.write(value.length >>> 24);
        out.write(value.length >>> 16);
        out.write(value.length >>> 8);
        out.write(value.length);
        out.writeBytes(value);
    }
}
