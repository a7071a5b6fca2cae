package io.certfleet.pki.testing;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates for tests, made with Bouncy Castle (fast EC keys); the CLI tests use openssl instead. */
public final class TestCertificates {
    private static final AtomicLong SERIAL = new AtomicLong(1000);

    private TestCertificates() {}

    public static Builder certificate(String subject) {
        return new Builder(subject);
    }

    /** A certificate and its key pair. */
    public record Issued(byte[] der, KeyPair keyPair, String subject) {
        public String pem() {
            return TestCertificates.pem("CERTIFICATE", der);
        }

        public String keyPem() {
            return TestCertificates.pem("PRIVATE KEY", keyPair.getPrivate().getEncoded());
        }

        /** The base64 lines of the private key PEM: what must never appear in any output. */
        public List<String> keyLines() {
            return keyPem().lines().filter(l -> !l.startsWith("-----")).toList();
        }
    }

    public static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    public static final class Builder {
        private final String subject;
        private Instant notBefore = Instant.parse("2026-01-01T00:00:00Z");
        private Instant notAfter = Instant.parse("2027-01-01T00:00:00Z");
        private boolean ca;
        private final List<KeyPurposeId> ekus = new ArrayList<>();
        private final List<GeneralName> sans = new ArrayList<>();
        private Issued issuer;
        private boolean rsa;

        private Builder(String subject) {
            this.subject = subject;
        }

        public Builder validity(Instant from, Instant to) {
            this.notBefore = from;
            this.notAfter = to;
            return this;
        }

        public Builder notAfter(Instant to) {
            this.notAfter = to;
            return this;
        }

        public Builder ca() {
            this.ca = true;
            return this;
        }

        public Builder serverAuth() {
            ekus.add(KeyPurposeId.id_kp_serverAuth);
            return this;
        }

        public Builder clientAuth() {
            ekus.add(KeyPurposeId.id_kp_clientAuth);
            return this;
        }

        /** {@code DNS:x} or {@code IP:1.2.3.4}. */
        public Builder san(String... names) {
            for (String name : names) {
                if (name.startsWith("DNS:")) {
                    sans.add(new GeneralName(GeneralName.dNSName, name.substring(4)));
                } else if (name.startsWith("IP:")) {
                    sans.add(new GeneralName(GeneralName.iPAddress, name.substring(3)));
                } else {
                    throw new IllegalArgumentException(name);
                }
            }
            return this;
        }

        public Builder signedBy(Issued issuer) {
            this.issuer = issuer;
            return this;
        }

        public Builder rsa() {
            this.rsa = true;
            return this;
        }

        public Issued build() {
            try {
                KeyPair keys = keyPair(rsa);
                X500Name subjectName = new X500Name(subject);
                X500Name issuerName = issuer == null ? subjectName : new X500Name(issuer.subject());
                X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                        issuerName,
                        BigInteger.valueOf(SERIAL.incrementAndGet()),
                        Date.from(notBefore.truncatedTo(ChronoUnit.SECONDS)),
                        Date.from(notAfter.truncatedTo(ChronoUnit.SECONDS)),
                        subjectName,
                        keys.getPublic());
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
                b.addExtension(
                        Extension.keyUsage,
                        true,
                        new KeyUsage(
                                ca
                                        ? KeyUsage.digitalSignature | KeyUsage.keyCertSign | KeyUsage.cRLSign
                                        : KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
                if (!ekus.isEmpty()) {
                    b.addExtension(
                            Extension.extendedKeyUsage, false, new ExtendedKeyUsage(ekus.toArray(KeyPurposeId[]::new)));
                }
                if (!sans.isEmpty()) {
                    b.addExtension(
                            Extension.subjectAlternativeName,
                            false,
                            new GeneralNames(sans.toArray(GeneralName[]::new)));
                }
                KeyPair signer = issuer == null ? keys : issuer.keyPair();
                String algorithm =
                        signer.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
                byte[] der = b.build(new JcaContentSignerBuilder(algorithm).build(signer.getPrivate()))
                        .getEncoded();
                return new Issued(der, keys, subject);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private static KeyPair keyPair(boolean rsa) throws Exception {
            if (rsa) {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048);
                return g.generateKeyPair();
            }
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        }
    }
}
