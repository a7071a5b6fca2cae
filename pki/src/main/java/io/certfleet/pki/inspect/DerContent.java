package io.certfleet.pki.inspect;

import java.util.ArrayList;
import java.util.List;

/**
 * Tells what a DER blob is before anything tries to read it as a certificate, so private keys are
 * recognized by shape and skipped without their content ever being decoded or echoed.
 */
public final class DerContent {
    private static final String PKCS7_SIGNED_DATA = "1.2.840.113549.1.7.2";

    /** The kinds of DER objects found next to certificates. */
    public enum Kind {
        CERTIFICATE,
        PKCS12,
        PKCS7,
        PRIVATE_KEY,
        PUBLIC_KEY,
        CERTIFICATE_REQUEST,
        UNKNOWN,
        NOT_DER
    }

    private DerContent() {}

    public static Kind kind(byte[] der) {
        try {
            Der.Node top = Der.read(der, 0, der.length);
            if (!top.isUniversal(Der.SEQUENCE)) {
                return Kind.UNKNOWN;
            }
            List<Der.Node> c = top.children();
            if (c.size() == 3
                    && c.get(0).isUniversal(Der.SEQUENCE)
                    && c.get(1).isUniversal(Der.SEQUENCE)
                    && c.get(2).isUniversal(Der.BIT_STRING)) {
                return isRequestInfo(c.get(0)) ? Kind.CERTIFICATE_REQUEST : Kind.CERTIFICATE;
            }
            if (c.size() >= 2 && c.get(0).isUniversal(Der.INTEGER)) {
                int version = c.get(0).integer().intValue();
                Der.Node second = c.get(1);
                if (version == 3 && second.isUniversal(Der.SEQUENCE)) {
                    return Kind.PKCS12;
                }
                if ((version == 0 || version == 1)
                        && c.size() >= 3
                        && second.isUniversal(Der.SEQUENCE)
                        && c.get(2).isUniversal(Der.OCTET_STRING)) {
                    return Kind.PRIVATE_KEY; // PKCS#8 PrivateKeyInfo / OneAsymmetricKey
                }
                if (version == 1 && second.isUniversal(Der.OCTET_STRING)) {
                    return Kind.PRIVATE_KEY; // SEC 1 ECPrivateKey
                }
                if (version == 0 && c.size() >= 6 && c.stream().allMatch(n -> n.isUniversal(Der.INTEGER))) {
                    return Kind.PRIVATE_KEY; // PKCS#1 RSAPrivateKey or DSA private key
                }
                if (c.size() == 2 && second.isUniversal(Der.INTEGER)) {
                    return Kind.PUBLIC_KEY; // PKCS#1 RSAPublicKey
                }
            }
            if (c.size() == 2 && c.get(0).isUniversal(Der.SEQUENCE) && c.get(1).isUniversal(Der.OCTET_STRING)) {
                return Kind.PRIVATE_KEY; // EncryptedPrivateKeyInfo
            }
            if (c.size() == 2 && c.get(0).isUniversal(Der.SEQUENCE) && c.get(1).isUniversal(Der.BIT_STRING)) {
                return Kind.PUBLIC_KEY; // SubjectPublicKeyInfo
            }
            if (c.size() == 2
                    && c.get(0).isUniversal(Der.OID)
                    && PKCS7_SIGNED_DATA.equals(c.get(0).oid())) {
                return Kind.PKCS7;
            }
            return Kind.UNKNOWN;
        } catch (DerException | ArithmeticException e) {
            return Kind.NOT_DER;
        }
    }

    /** Why {@code der} is not DER at all; only meaningful when {@link #kind} says {@link Kind#NOT_DER}. */
    public static String notDerReason(byte[] der) {
        try {
            Der.Node top = Der.read(der, 0, der.length);
            top.validateDeep();
            return "DER structure is unreadable";
        } catch (DerException e) {
            return e.located();
        }
    }

    /** The certificates of a PKCS#7 SignedData ("certs-only" {@code .p7b}), each as its own DER. */
    public static List<byte[]> pkcs7Certificates(byte[] der) {
        List<byte[]> out = new ArrayList<>();
        try {
            Der.Node signedData =
                    Der.read(der, 0, der.length).child(1, "content").child(0, "SignedData");
            for (Der.Node part : signedData.children()) {
                if (part.isContext(0) && part.constructed) {
                    for (Der.Node cert : part.children()) {
                        out.add(cert.encoded());
                    }
                }
            }
        } catch (DerException e) {
            // fall through with what was found; the caller reports an empty result
        }
        return out;
    }

    private static boolean isRequestInfo(Der.Node info) {
        List<Der.Node> f = info.children();
        return f.size() == 4 && f.get(0).isUniversal(Der.INTEGER) && f.get(3).isContext(0);
    }
}
