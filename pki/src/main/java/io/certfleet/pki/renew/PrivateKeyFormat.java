package io.certfleet.pki.renew;

import io.certfleet.pki.issue.Pem;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;

/**
 * How a private key file is encoded, so a renewed key is written in the same form as the one it
 * replaces: kubeadm's traditional {@code RSA PRIVATE KEY} / {@code EC PRIVATE KEY}, or PKCS#8 {@code
 * PRIVATE KEY} as {@code openssl genpkey} and {@code openssl req -newkey} write. Only the PEM labels are
 * looked at; the key itself is never decoded here.
 */
enum PrivateKeyFormat {
    TRADITIONAL,
    PKCS8;

    /** The form of the first key block in {@code pem}; traditional (kubeadm's) when none is found. */
    static PrivateKeyFormat detect(byte[] pem) {
        String text = new String(pem, StandardCharsets.US_ASCII);
        int traditional =
                Math.min(index(text, "-----BEGIN RSA PRIVATE KEY-----"), index(text, "-----BEGIN EC PRIVATE KEY-----"));
        int pkcs8 = index(text, "-----BEGIN PRIVATE KEY-----");
        return pkcs8 < traditional ? PKCS8 : TRADITIONAL;
    }

    String encode(PrivateKey key) {
        return switch (this) {
            case TRADITIONAL -> Pem.encodePrivateKeyTraditional(key);
            case PKCS8 -> Pem.encodePrivateKey(key);
        };
    }

    private static int index(String text, String label) {
        int at = text.indexOf(label);
        return at < 0 ? Integer.MAX_VALUE : at;
    }
}
