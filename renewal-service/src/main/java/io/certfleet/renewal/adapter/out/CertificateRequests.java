package io.certfleet.renewal.adapter.out;

import io.certfleet.renewal.domain.csr.CertificateRequestFacts;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;

/**
 * Reads a PKCS#10 certificate request (PEM or DER) into its {@link CertificateRequestFacts}, with Bouncy Castle:
 * subject CN and O, SANs by kind, and whether its signature verifies with its own public key.
 */
public final class CertificateRequests {
    private CertificateRequests() {}

    /** The facts, or empty when the bytes are not a certificate request. */
    public static Optional<CertificateRequestFacts> read(byte[] pemOrDer) {
        PKCS10CertificationRequest request;
        try {
            request = parse(pemOrDer);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        if (request == null) {
            return Optional.empty();
        }
        Optional<String> commonName = Optional.empty();
        List<String> organizations = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (RDN rdn : request.getSubject().getRDNs()) {
            for (AttributeTypeAndValue attribute : rdn.getTypesAndValues()) {
                ASN1ObjectIdentifier type = attribute.getType();
                String value = IETFUtils.valueToString(attribute.getValue());
                if (type.equals(BCStyle.CN) && commonName.isEmpty()) {
                    commonName = Optional.of(value);
                } else if (type.equals(BCStyle.O)) {
                    organizations.add(value);
                } else {
                    String name = BCStyle.INSTANCE.oidToDisplayName(type);
                    others.add((name == null ? type.getId() : name) + "=" + value);
                }
            }
        }
        List<String> dns = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        List<String> otherSans = new ArrayList<>();
        for (Attribute attribute : request.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
            Extensions extensions =
                    Extensions.getInstance(attribute.getAttrValues().getObjectAt(0));
            GeneralNames names = GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
            if (names == null) {
                continue;
            }
            for (GeneralName name : names.getNames()) {
                switch (name.getTagNo()) {
                    case GeneralName.dNSName -> dns.add(name.getName().toString());
                    case GeneralName.iPAddress -> ips.add(ip(name));
                    case GeneralName.uniformResourceIdentifier -> otherSans.add("URI:" + name.getName());
                    case GeneralName.rfc822Name -> otherSans.add("EMAIL:" + name.getName());
                    default -> otherSans.add("SAN of kind " + name.getTagNo());
                }
            }
        }
        return Optional.of(new CertificateRequestFacts(
                commonName, organizations, others, dns, ips, otherSans, signatureValid(request)));
    }

    private static PKCS10CertificationRequest parse(byte[] bytes) throws IOException {
        String text = new String(bytes, java.nio.charset.StandardCharsets.US_ASCII);
        if (text.contains("-----BEGIN")) {
            try (PEMParser parser = new PEMParser(new StringReader(text))) {
                Object object = parser.readObject();
                return object instanceof PKCS10CertificationRequest r ? r : null;
            }
        }
        return new PKCS10CertificationRequest(bytes);
    }

    private static String ip(GeneralName name) {
        byte[] octets = ASN1OctetString.getInstance(name.getName()).getOctets();
        try {
            return InetAddress.getByAddress(octets).getHostAddress();
        } catch (UnknownHostException e) {
            return "invalid IP of " + octets.length + " bytes";
        }
    }

    private static boolean signatureValid(PKCS10CertificationRequest request) {
        try {
            return request.isSignatureValid(
                    new JcaContentVerifierProviderBuilder().build(request.getSubjectPublicKeyInfo()));
        } catch (OperatorCreationException | PKCSException | RuntimeException e) {
            return false;
        }
    }

    /** The canonical text of an IP address literal ({@code 2001:db8::1} and its long forms compare equal). */
    static String canonicalIp(String literal) {
        try {
            if (literal.matches("[0-9a-fA-F:.]+")) {
                return InetAddress.getByName(literal).getHostAddress();
            }
        } catch (UnknownHostException e) {
            // not an address literal: kept as written
        }
        return literal;
    }
}
