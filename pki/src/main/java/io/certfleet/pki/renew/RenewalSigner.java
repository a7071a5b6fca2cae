package io.certfleet.pki.renew;

import io.certfleet.pki.issue.CertifiedKey;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAKey;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * Builds what {@code kubeadm certs renew} builds from an existing certificate: the same subject CN
 * and O (kubeadm keeps only those two, O first as Go writes them), the same subject alternative
 * names, key usage and extended key usage (copied as they are, criticality included), for a new
 * public key, signed by the CA. Also the PKCS#10 request of {@code --csr-only}: subject and SANs,
 * no usages (the external CA decides them, as kubeadm documents).
 *
 * <p>The issuing {@code CertificateIssuer} builds certificates from a {@code CertificateSpec} with
 * kubeadm's usage vocabulary (server/client); renewal must reproduce whatever the existing
 * certificate carries (another tool may have added codeSigning, a critical EKU, URI SANs), so it
 * copies the extensions instead.
 */
final class RenewalSigner {

    private final JcaX509CertificateConverter converter = new JcaX509CertificateConverter();

    /** The renewed certificate for {@code newKey}; throws {@link GeneralSecurityException} when signing fails. */
    X509Certificate renew(
            X509Certificate existing,
            PublicKey newKey,
            CertifiedKey ca,
            Instant notBefore,
            Instant notAfter,
            BigInteger serial)
            throws GeneralSecurityException, IOException {
        // per call: the utilities hold a digest calculator, which is not safe to share between threads
        JcaX509ExtensionUtils extensionUtils = new JcaX509ExtensionUtils();
        X509CertificateHolder old = new JcaX509CertificateHolder(existing);
        X500Name issuer =
                X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                issuer, serial, Date.from(notBefore), Date.from(notAfter), kubeadmSubject(old.getSubject()), newKey);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        Extension keyUsage = old.getExtension(Extension.keyUsage);
        if (keyUsage != null) {
            builder.addExtension(keyUsage);
        } else {
            // what kubeadm writes when the old certificate says nothing
            int bits = KeyUsage.digitalSignature | (newKey instanceof RSAKey ? KeyUsage.keyEncipherment : 0);
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(bits));
        }
        copy(old, builder, Extension.extendedKeyUsage);
        copy(old, builder, Extension.subjectAlternativeName);
        builder.addExtension(Extension.subjectKeyIdentifier, false, extensionUtils.createSubjectKeyIdentifier(newKey));
        builder.addExtension(
                Extension.authorityKeyIdentifier,
                false,
                new AuthorityKeyIdentifier(
                        authorityKeyId(ca.certificate(), extensionUtils).getKeyIdentifier()));
        X509CertificateHolder holder = builder.build(signer(ca.privateKey()));
        X509Certificate renewed = converter.getCertificate(holder);
        // fails when the CA key on disk does not belong to the CA certificate on disk
        renewed.verify(ca.certificate().getPublicKey());
        return renewed;
    }

    /** A PKCS#10 request with the existing certificate's subject (CN, O) and SANs, signed by the new key. */
    PKCS10CertificationRequest csr(X509Certificate existing, PublicKey newKey, PrivateKey newPrivateKey)
            throws GeneralSecurityException, IOException {
        X509CertificateHolder old = new JcaX509CertificateHolder(existing);
        JcaPKCS10CertificationRequestBuilder builder =
                new JcaPKCS10CertificationRequestBuilder(kubeadmSubject(old.getSubject()), newKey);
        Extension sans = old.getExtension(Extension.subjectAlternativeName);
        if (sans != null) {
            builder.addAttribute(
                    PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, new Extensions(new Extension[] {sans}));
        }
        return builder.build(signer(newPrivateKey));
    }

    /** The SHA-256 of the DER, lowercase hex: the fingerprint events and reports carry. */
    static String sha256(X509Certificate certificate) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return java.util.HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 of a certificate", e);
        }
    }

    /** O values then CN values, as Go's pkix.Name (what kubeadm renews) writes them; other RDNs dropped. */
    static X500Name kubeadmSubject(X500Name subject) {
        X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE);
        for (ASN1ObjectIdentifier type : new ASN1ObjectIdentifier[] {BCStyle.O, BCStyle.CN}) {
            for (RDN rdn : subject.getRDNs(type)) {
                for (AttributeTypeAndValue value : rdn.getTypesAndValues()) {
                    if (value.getType().equals(type)) {
                        // the ASN.1 string as it was (UTF8String, PrintableString), not re-encoded
                        name.addRDN(new AttributeTypeAndValue(type, value.getValue()));
                    }
                }
            }
        }
        return name.build();
    }

    private static void copy(X509CertificateHolder old, X509v3CertificateBuilder builder, ASN1ObjectIdentifier oid)
            throws IOException {
        Extension extension = old.getExtension(oid);
        if (extension != null) {
            builder.addExtension(extension);
        }
    }

    private static SubjectKeyIdentifier authorityKeyId(
            X509Certificate caCertificate, JcaX509ExtensionUtils extensionUtils) {
        byte[] extension = caCertificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (extension != null) {
            try {
                return SubjectKeyIdentifier.getInstance(org.bouncycastle.asn1.ASN1OctetString.getInstance(extension)
                        .getOctets());
            } catch (IllegalArgumentException e) {
                // a malformed SKI on a foreign CA: fall back to the key's own identifier
            }
        }
        return extensionUtils.createSubjectKeyIdentifier(caCertificate.getPublicKey());
    }

    private static ContentSigner signer(PrivateKey key) throws GeneralSecurityException {
        String algorithm = signatureAlgorithm(key);
        try {
            return new JcaContentSignerBuilder(algorithm).build(key);
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot create a " + algorithm + " signer", e);
        }
    }

    /** kubeadm's choice: SHA-256 for RSA, the hash matching the curve for ECDSA, pure EdDSA. */
    static String signatureAlgorithm(PrivateKey key) throws GeneralSecurityException {
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
        throw new GeneralSecurityException("cannot sign with a " + key.getAlgorithm() + " key");
    }
}
