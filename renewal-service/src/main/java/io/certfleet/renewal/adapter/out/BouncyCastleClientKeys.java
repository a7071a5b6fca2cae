package io.certfleet.renewal.adapter.out;

import io.certfleet.pki.issue.IssuanceException;
import io.certfleet.pki.issue.Pem;
import io.certfleet.renewal.application.ClientKeys;
import io.certfleet.renewal.application.ManagementCluster.ClientIdentity;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/** {@link ClientKeys} with the JDK's ECDSA P-256 and Bouncy Castle's PKCS#10. */
@Singleton
final class BouncyCastleClientKeys implements ClientKeys {
    private final SecureRandom random = new SecureRandom();

    @Override
    public NewKey newKey(ClientIdentity identity) {
        KeyPair key = keyPair();
        return new NewKey(Pem.encodePrivateKeyTraditional(key.getPrivate()), csr(key, subject(identity)));
    }

    /** The key pair alone, for a CSR whose names do not matter (node-agent certifies only its public key). */
    KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ECDSA P-256 keys are not available in this JVM", e);
        }
    }

    /** A PKCS#10 request for the key, proving possession of it, PEM. */
    static String csr(KeyPair key, X500Name subject) {
        try {
            var request = new JcaPKCS10CertificationRequestBuilder(subject, key.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
            StringWriter out = new StringWriter();
            try (PemWriter writer = new PemWriter(out)) {
                writer.writeObject(new PemObject("CERTIFICATE REQUEST", request.getEncoded()));
            }
            return out.toString();
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException(
                    "cannot build a CSR (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    @Override
    public Optional<String> problem(String certificate, String csr, Instant now) {
        X509Certificate issued;
        PKCS10CertificationRequest request;
        try {
            issued = Pem.decodeCertificates(certificate).get(0);
            request = request(csr);
        } catch (IssuanceException | IOException | IllegalArgumentException e) {
            return Optional.of("it is not a PEM certificate");
        }
        try {
            if (!Arrays.equals(
                    issued.getPublicKey().getEncoded(),
                    request.getSubjectPublicKeyInfo().getEncoded())) {
                return Optional.of("it certifies another public key than the request's");
            }
        } catch (IOException e) {
            return Optional.of("the request's public key cannot be read");
        }
        X500Name subject = X500Name.getInstance(issued.getSubjectX500Principal().getEncoded());
        for (var type : List.of(BCStyle.CN, BCStyle.O)) {
            List<String> asked = X500Values.of(request.getSubject(), type);
            List<String> got = X500Values.of(subject, type);
            if (!asked.stream().sorted().toList().equals(got.stream().sorted().toList())) {
                return Optional.of("its subject " + (type.equals(BCStyle.CN) ? "CN" : "O") + " is " + got
                        + ", the request asked for " + asked);
            }
        }
        Date at = Date.from(now);
        if (at.before(issued.getNotBefore()) || at.after(issued.getNotAfter())) {
            return Optional.of("it is valid from " + issued.getNotBefore().toInstant() + " to "
                    + issued.getNotAfter().toInstant() + ", not now");
        }
        try {
            List<String> usages = issued.getExtendedKeyUsage();
            if (usages != null && !usages.contains(KeyPurposeId.id_kp_clientAuth.getId())) {
                return Optional.of("its extended key usage does not include client authentication");
            }
        } catch (CertificateParsingException e) {
            return Optional.of("its extended key usage cannot be read");
        }
        return Optional.empty();
    }

    private static X500Name subject(ClientIdentity identity) {
        X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE);
        identity.organizations().forEach(o -> name.addRDN(BCStyle.O, o));
        name.addRDN(BCStyle.CN, identity.commonName());
        return name.build();
    }

    private static PKCS10CertificationRequest request(String pem) throws IOException {
        try (PemReader reader = new PemReader(new StringReader(pem))) {
            PemObject object = reader.readPemObject();
            if (object == null || !object.getType().endsWith("CERTIFICATE REQUEST")) {
                throw new IOException("no CERTIFICATE REQUEST block");
            }
            return new PKCS10CertificationRequest(object.getContent());
        }
    }
}
