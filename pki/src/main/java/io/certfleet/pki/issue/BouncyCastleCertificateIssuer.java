package io.certfleet.pki.issue;

import io.certfleet.pki.issue.IssuanceException.Reason;
import io.certfleet.pki.kubeadm.Usage;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * {@link CertificateIssuer} on Bouncy Castle's certificate builder, signing through the platform's
 * JCA providers (no global provider registration). Extensions follow what kubeadm writes:
 * critical basic constraints and key usage, extended key usage for leaves, subject and authority
 * key identifiers, subject alternative names when there are any.
 *
 * <p>Safe to share between threads (the fleet simulator issues for several clusters at once): it
 * keeps no mutable state. Bouncy Castle's key identifier utilities are not thread-safe (they hold
 * one SHA-1 digest calculator with a shared buffer), so they are made per certificate; shared,
 * two concurrent issuances could swap or mix their key identifiers, and a self-signed CA whose
 * subject key identifier differs from its authority key identifier is no trust anchor for OpenSSL
 * ({@code unable to get issuer certificate} at the CA's depth).
 */
public final class BouncyCastleCertificateIssuer implements CertificateIssuer {

    private final Clock clock;
    private final SecureRandom random;
    private final JcaX509CertificateConverter converter = new JcaX509CertificateConverter();

    public BouncyCastleCertificateIssuer(Clock clock) {
        this(clock, new SecureRandom());
    }

    public BouncyCastleCertificateIssuer(Clock clock, SecureRandom random) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        // fail here rather than at the first issuance when the platform has no SHA-1
        keyIdentifiers();
    }

    @Override
    public KeyPair generateKeyPair(KeyAlgorithm algorithm) {
        return algorithm.generate(random);
    }

    @Override
    public X509Certificate selfSign(CertificateSpec spec, KeyPair keyPair) {
        X500Name subject = subjectOf(spec);
        // computed once and used for both extensions: a self-signed CA must name itself as its authority
        SubjectKeyIdentifier keyId = keyIdentifiers().createSubjectKeyIdentifier(keyPair.getPublic());
        return build(spec, subject, keyId, subject, keyId, keyPair.getPublic(), keyPair.getPrivate());
    }

    @Override
    public X509Certificate sign(CertificateSpec spec, PublicKey subjectKey, CertifiedKey issuer) {
        X509Certificate issuerCertificate = issuer.certificate();
        if (issuerCertificate.getBasicConstraints() < 0) {
            throw new IssuanceException(
                    Reason.INVALID_SPEC,
                    "issuer '" + issuerCertificate.getSubjectX500Principal().getName() + "' is not a CA");
        }
        X500Name issuerName =
                X500Name.getInstance(issuerCertificate.getSubjectX500Principal().getEncoded());
        JcaX509ExtensionUtils keyIdentifiers = keyIdentifiers();
        return build(
                spec,
                issuerName,
                issuerKeyId(issuerCertificate, keyIdentifiers),
                subjectOf(spec),
                keyIdentifiers.createSubjectKeyIdentifier(subjectKey),
                subjectKey,
                issuer.privateKey());
    }

    private X509Certificate build(
            CertificateSpec spec,
            X500Name issuer,
            SubjectKeyIdentifier issuerKeyId,
            X500Name subject,
            SubjectKeyIdentifier subjectKeyId,
            PublicKey subjectKey,
            PrivateKey signingKey) {
        Validity.Fixed window = spec.validity().resolve(clock);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                issuer,
                spec.serialNumber(),
                Date.from(window.notBefore()),
                Date.from(window.notAfter()),
                subject,
                subjectKey);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(spec.certificateAuthority()));
            builder.addExtension(Extension.keyUsage, true, keyUsage(spec, subjectKey));
            if (!spec.usages().isEmpty()) {
                builder.addExtension(Extension.extendedKeyUsage, false, extendedKeyUsage(spec));
            }
            builder.addExtension(Extension.subjectKeyIdentifier, false, subjectKeyId);
            builder.addExtension(
                    Extension.authorityKeyIdentifier,
                    false,
                    new AuthorityKeyIdentifier(issuerKeyId.getKeyIdentifier()));
            if (!spec.dnsNames().isEmpty() || !spec.ipAddresses().isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, subjectAlternativeNames(spec));
            }
        } catch (CertIOException e) {
            throw new IssuanceException(
                    Reason.INVALID_SPEC, "cannot encode the extensions of '" + spec.commonName() + "'", e);
        }
        X509CertificateHolder holder = builder.build(signer(signingKey));
        try {
            return converter.getCertificate(holder);
        } catch (CertificateException e) {
            throw new IssuanceException(
                    Reason.CRYPTO_FAILURE, "cannot convert the certificate of '" + spec.commonName() + "'", e);
        }
    }

    private static X500Name subjectOf(CertificateSpec spec) {
        // Same order as Go's pkix.Name (what kubeadm writes): O before CN.
        X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE);
        spec.organizations().forEach(o -> name.addRDN(BCStyle.O, o));
        name.addRDN(BCStyle.CN, spec.commonName());
        return name.build();
    }

    private static KeyUsage keyUsage(CertificateSpec spec, PublicKey subjectKey) {
        int bits = KeyUsage.digitalSignature;
        if (subjectKey.getAlgorithm().equals("RSA")) {
            // Key encipherment only makes sense for RSA key transport (TLS 1.2 RSA key exchange).
            bits |= KeyUsage.keyEncipherment;
        }
        if (spec.certificateAuthority()) {
            bits |= KeyUsage.keyCertSign;
        }
        return new KeyUsage(bits);
    }

    private static ExtendedKeyUsage extendedKeyUsage(CertificateSpec spec) {
        List<KeyPurposeId> purposes = new ArrayList<>();
        if (spec.usages().contains(Usage.SERVER)) {
            purposes.add(KeyPurposeId.id_kp_serverAuth);
        }
        if (spec.usages().contains(Usage.CLIENT)) {
            purposes.add(KeyPurposeId.id_kp_clientAuth);
        }
        return new ExtendedKeyUsage(purposes.toArray(KeyPurposeId[]::new));
    }

    private static GeneralNames subjectAlternativeNames(CertificateSpec spec) {
        List<GeneralName> names = new ArrayList<>();
        spec.dnsNames().forEach(dns -> names.add(new GeneralName(GeneralName.dNSName, dns)));
        spec.ipAddresses().forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    private static SubjectKeyIdentifier issuerKeyId(
            X509Certificate issuerCertificate, JcaX509ExtensionUtils keyIdentifiers) {
        byte[] extension = issuerCertificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (extension != null) {
            try {
                ASN1OctetString outer = ASN1OctetString.getInstance(extension);
                return SubjectKeyIdentifier.getInstance(outer.getOctets());
            } catch (IllegalArgumentException e) {
                // a malformed SKI on a foreign CA: fall back to computing it from the key
            }
        }
        return keyIdentifiers.createSubjectKeyIdentifier(issuerCertificate.getPublicKey());
    }

    /**
     * Fresh key identifier utilities (RFC 5280 method 1, SHA-1 of the public key bits, as Go and
     * kubeadm compute them). Per certificate because their digest calculator is not thread-safe.
     */
    private static JcaX509ExtensionUtils keyIdentifiers() {
        try {
            return new JcaX509ExtensionUtils();
        } catch (GeneralSecurityException e) {
            throw new IssuanceException(Reason.CRYPTO_FAILURE, "SHA-1 is not available for key identifiers", e);
        }
    }

    private static ContentSigner signer(PrivateKey key) {
        String algorithm = signatureAlgorithm(key);
        try {
            return new JcaContentSignerBuilder(algorithm).build(key);
        } catch (OperatorCreationException e) {
            throw new IssuanceException(Reason.CRYPTO_FAILURE, "cannot create a " + algorithm + " signer", e);
        }
    }

    /**
     * The signature algorithm for a CA key. Wider than {@link KeyAlgorithm}: an existing CA (read
     * from disk, made by another tool) may use P-384 or Ed448 and must still be able to sign.
     */
    static String signatureAlgorithm(PrivateKey key) {
        if (key instanceof RSAKey) {
            return "SHA256withRSA";
        }
        if (key instanceof ECKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return bits > 384 ? "SHA512withECDSA" : bits > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
        }
        if (key instanceof EdECKey ed) {
            return ed.getParams().getName();
        }
        throw new IssuanceException(Reason.UNSUPPORTED_KEY, "cannot sign with a " + key.getAlgorithm() + " key");
    }
}
