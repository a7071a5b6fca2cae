package io.certfleet.pki.issue;

import io.certfleet.pki.issue.IssuanceException.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.util.io.pem.PemHeader;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * PEM encoding and decoding of certificates and keys, in the forms Kubernetes tools write.
 *
 * <p>Private keys are written as PKCS#8 {@code PRIVATE KEY} by {@link #encodePrivateKey} and in
 * the "traditional" forms kubeadm, the kubelet and {@code openssl genrsa}/{@code ecparam} write
 * ({@code RSA PRIVATE KEY}, PKCS#1; {@code EC PRIVATE KEY}, SEC 1 with the named curve) by {@link
 * #encodePrivateKeyTraditional}. All three forms are read. Password-protected keys are refused.
 * Error messages name PEM block types, never content.
 */
public final class Pem {

    private static final Map<ASN1ObjectIdentifier, String> KEY_FACTORIES = Map.of(
            PKCSObjectIdentifiers.rsaEncryption, "RSA",
            PKCSObjectIdentifiers.id_RSASSA_PSS, "RSASSA-PSS",
            X9ObjectIdentifiers.id_ecPublicKey, "EC",
            EdECObjectIdentifiers.id_Ed25519, "Ed25519",
            EdECObjectIdentifiers.id_Ed448, "Ed448");

    private Pem() {}

    public static String encodeCertificate(X509Certificate certificate) {
        return encodeCertificates(List.of(certificate));
    }

    /** Several certificates in one text, in order (leaf first for a chain). */
    public static String encodeCertificates(List<X509Certificate> certificates) {
        List<PemObject> blocks = new ArrayList<>();
        for (X509Certificate certificate : certificates) {
            try {
                blocks.add(new PemObject("CERTIFICATE", certificate.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new IssuanceException(Reason.MALFORMED_PEM, "cannot DER-encode a certificate", e);
            }
        }
        return write(blocks);
    }

    /** PKCS#8 {@code PRIVATE KEY}. */
    public static String encodePrivateKey(PrivateKey key) {
        return write(List.of(new PemObject("PRIVATE KEY", pkcs8(key))));
    }

    /**
     * {@code RSA PRIVATE KEY} for RSA, {@code EC PRIVATE KEY} (with the curve's OID) for EC, and
     * PKCS#8 for key types without a traditional form (Ed25519).
     */
    public static String encodePrivateKeyTraditional(PrivateKey key) {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(pkcs8(key));
        ASN1ObjectIdentifier algorithm = info.getPrivateKeyAlgorithm().getAlgorithm();
        try {
            if (algorithm.equals(PKCSObjectIdentifiers.rsaEncryption)) {
                return write(List.of(new PemObject(
                        "RSA PRIVATE KEY",
                        info.parsePrivateKey().toASN1Primitive().getEncoded())));
            }
            if (algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey) && key instanceof ECPrivateKey ec) {
                org.bouncycastle.asn1.sec.ECPrivateKey inner =
                        org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
                ASN1Encodable curve = info.getPrivateKeyAlgorithm().getParameters();
                // SEC 1 needs the curve inside the structure; PKCS#8 keeps it outside.
                org.bouncycastle.asn1.sec.ECPrivateKey sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(
                        ec.getParams().getOrder().bitLength(), inner.getKey(), inner.getPublicKey(), curve);
                return write(List.of(new PemObject("EC PRIVATE KEY", sec1.getEncoded())));
            }
        } catch (IOException e) {
            throw new IssuanceException(Reason.MALFORMED_PEM, "cannot re-encode a " + key.getAlgorithm() + " key", e);
        }
        return encodePrivateKey(key);
    }

    /** X.509 {@code PUBLIC KEY} (SubjectPublicKeyInfo), the form of kubeadm's {@code sa.pub}. */
    public static String encodePublicKey(PublicKey key) {
        return write(List.of(new PemObject("PUBLIC KEY", key.getEncoded())));
    }

    /** Every {@code CERTIFICATE} block of the text, in order; other blocks are skipped. */
    public static List<X509Certificate> decodeCertificates(String pem) {
        List<X509Certificate> certificates = new ArrayList<>();
        CertificateFactory factory = certificateFactory();
        for (PemObject block : read(pem)) {
            if (block.getType().equals("CERTIFICATE")) {
                try {
                    certificates.add((X509Certificate)
                            factory.generateCertificate(new ByteArrayInputStream(block.getContent())));
                } catch (CertificateException e) {
                    throw new IssuanceException(
                            Reason.MALFORMED_PEM,
                            "CERTIFICATE block #" + (certificates.size() + 1) + " is not DER X.509",
                            e);
                }
            }
        }
        if (certificates.isEmpty()) {
            throw new IssuanceException(Reason.MALFORMED_PEM, "no CERTIFICATE block found");
        }
        return List.copyOf(certificates);
    }

    /** The first certificate of the text. */
    public static X509Certificate decodeCertificate(String pem) {
        return decodeCertificates(pem).get(0);
    }

    /**
     * The first private key of the text ({@code PRIVATE KEY}, {@code RSA PRIVATE KEY} or {@code EC
     * PRIVATE KEY}); certificates and {@code EC PARAMETERS} blocks before it are skipped, so a
     * combined file such as {@code kubelet-client-current.pem} can be read directly.
     */
    public static PrivateKey decodePrivateKey(String pem) {
        for (PemObject block : read(pem)) {
            boolean encryptedHeader = isEncrypted(block);
            switch (block.getType()) {
                case "ENCRYPTED PRIVATE KEY" ->
                    throw new IssuanceException(
                            Reason.ENCRYPTED_KEY, "the private key is password-protected (ENCRYPTED PRIVATE KEY)");
                case "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY" -> {
                    if (encryptedHeader) {
                        throw new IssuanceException(
                                Reason.ENCRYPTED_KEY,
                                "the private key is password-protected (" + block.getType() + " with Proc-Type)");
                    }
                    return toPrivateKey(block);
                }
                default -> {
                    // certificates, EC PARAMETERS, ...: not the key
                }
            }
        }
        throw new IssuanceException(Reason.MALFORMED_PEM, "no private key block found");
    }

    /** The first {@code PUBLIC KEY} block. */
    public static PublicKey decodePublicKey(String pem) {
        for (PemObject block : read(pem)) {
            if (block.getType().equals("PUBLIC KEY")) {
                try {
                    SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(block.getContent());
                    String algorithm = keyFactoryName(info.getAlgorithm().getAlgorithm());
                    return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(block.getContent()));
                } catch (GeneralSecurityException | IllegalArgumentException e) {
                    throw new IssuanceException(Reason.MALFORMED_PEM, "PUBLIC KEY block is not a valid key", e);
                }
            }
        }
        throw new IssuanceException(Reason.MALFORMED_PEM, "no PUBLIC KEY block found");
    }

    private static boolean isEncrypted(PemObject block) {
        for (Object header : block.getHeaders()) {
            if (header instanceof PemHeader h
                    && h.getName().equalsIgnoreCase("Proc-Type")
                    && h.getValue().contains("ENCRYPTED")) {
                return true;
            }
        }
        return false;
    }

    private static PrivateKey toPrivateKey(PemObject block) {
        PrivateKeyInfo info;
        try {
            info = switch (block.getType()) {
                case "RSA PRIVATE KEY" ->
                    new PrivateKeyInfo(
                            new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                            RSAPrivateKey.getInstance(block.getContent()));
                case "EC PRIVATE KEY" -> {
                    org.bouncycastle.asn1.sec.ECPrivateKey sec1 =
                            org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(block.getContent());
                    ASN1Encodable curve = sec1.getParametersObject();
                    if (curve == null) {
                        throw new IssuanceException(
                                Reason.MALFORMED_PEM, "EC PRIVATE KEY block does not name its curve");
                    }
                    yield new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve), sec1);
                }
                default -> PrivateKeyInfo.getInstance(block.getContent());
            };
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw new IssuanceException(Reason.MALFORMED_PEM, block.getType() + " block is not valid DER", e);
        }
        String algorithm = keyFactoryName(info.getPrivateKeyAlgorithm().getAlgorithm());
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (GeneralSecurityException | IOException e) {
            throw new IssuanceException(
                    Reason.MALFORMED_PEM, block.getType() + " block is not a valid " + algorithm + " key", e);
        }
    }

    private static String keyFactoryName(ASN1ObjectIdentifier oid) {
        String name = KEY_FACTORIES.get(oid);
        if (name == null) {
            throw new IssuanceException(Reason.UNSUPPORTED_KEY, "unsupported key algorithm OID " + oid.getId());
        }
        return name;
    }

    private static byte[] pkcs8(PrivateKey key) {
        byte[] encoded = key.getEncoded();
        if (encoded == null || !"PKCS#8".equals(key.getFormat())) {
            throw new IssuanceException(
                    Reason.UNSUPPORTED_KEY, "the " + key.getAlgorithm() + " key cannot be exported (not PKCS#8)");
        }
        return encoded;
    }

    private static CertificateFactory certificateFactory() {
        try {
            return CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IssuanceException(Reason.CRYPTO_FAILURE, "no X.509 certificate factory", e);
        }
    }

    private static List<PemObject> read(String pem) {
        List<PemObject> blocks = new ArrayList<>();
        try (PemReader reader = new PemReader(new StringReader(pem))) {
            PemObject block;
            while ((block = reader.readPemObject()) != null) {
                blocks.add(block);
            }
        } catch (IOException | RuntimeException e) {
            // BC reports bad base64 / missing END lines as IOException or DecoderException
            throw new IssuanceException(Reason.MALFORMED_PEM, "malformed PEM block #" + (blocks.size() + 1), e);
        }
        return blocks;
    }

    private static String write(List<PemObject> blocks) {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            for (PemObject block : blocks) {
                writer.writeObject(block);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
