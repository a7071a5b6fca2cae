package io.certfleet.pki.inspect;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one DER-encoded X.509 certificate into {@link CertificateFacts}, tolerating what openssl
 * tolerates (odd versions, negative serials, empty issuers, explicit EC curves, malformed SAN
 * entries) and recording each oddity as a {@link Finding}; refusing what openssl refuses (corrupt
 * structure, invalid UTF-8 in names) with a reason that names the field and offset.
 *
 * <p>Neither the JDK's {@code CertificateFactory} nor Bouncy Castle's {@code X509CertificateHolder}
 * reads every certificate openssl reads, so the structure is walked here directly.
 */
public final class CertificateInspector {
    private static final HexFormat HEX = HexFormat.of();

    private CertificateInspector() {}

    /** Inspects exactly one certificate; trailing bytes after it become a finding. */
    public static Inspection inspect(byte[] der) {
        try {
            return new Inspection.Parsed(decode(der));
        } catch (DerException e) {
            return new Inspection.Refused(e.located());
        } catch (RuntimeException e) {
            // Bouncy Castle helpers throw unchecked exceptions on odd input; never let one escape.
            return new Inspection.Refused(
                    "not a readable certificate (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static InspectedCertificate decode(byte[] der) {
        List<Finding> findings = new ArrayList<>();
        Der.Node cert = Der.read(der, 0, der.length);
        if (!cert.isUniversal(Der.SEQUENCE)) {
            throw new DerException(0, "the data is " + cert.describe() + "; a certificate is a SEQUENCE");
        }
        if (cert.end < der.length) {
            findings.add(Finding.info(
                    "TRAILING_DATA", (der.length - cert.end) + " bytes follow the certificate and were ignored"));
        }
        if (cert.indefinite) {
            findings.add(Finding.warning("BER_ENCODING", "the certificate uses BER indefinite lengths, not DER"));
        }
        List<Der.Node> parts = cert.children();
        if (parts.size() != 3) {
            throw new DerException(
                    0,
                    "the top SEQUENCE has " + parts.size()
                            + " elements; a certificate has 3 (tbsCertificate, signatureAlgorithm, signature)");
        }
        Der.Node tbs = parts.get(0);
        Der.Node outerAlgorithm = parts.get(1);
        Der.Node signature = parts.get(2);
        requireSequence(tbs, "tbsCertificate");
        requireSequence(outerAlgorithm, "signatureAlgorithm");
        byte[] signatureBits = signature.bitString();

        List<Der.Node> fields = tbs.children();
        int i = 0;
        int versionValue = 0;
        if (i < fields.size() && fields.get(i).isContext(0) && fields.get(i).constructed) {
            versionValue = fields.get(i).child(0, "version number").integer().intValue();
            i++;
        }
        int version = versionValue + 1;
        if (versionValue < 0 || versionValue > 2) {
            findings.add(Finding.warning(
                    "INVALID_VERSION",
                    "version field is " + versionValue + " (v" + version + "); only v1, v2 and v3 exist"));
        } else if (versionValue == 0) {
            findings.add(
                    Finding.info("V1_CERTIFICATE", "v1 certificate: no extensions, so no usages, SANs or CA flag"));
        }

        BigInteger serial = field(fields, i++, "serialNumber").integer();
        String serialHex = serialHex(serial);
        if (serial.signum() < 0) {
            findings.add(Finding.warning("NEGATIVE_SERIAL", "serial number is negative (RFC 5280 requires positive)"));
        } else if (serial.signum() == 0) {
            findings.add(Finding.warning("ZERO_SERIAL", "serial number is 0 (RFC 5280 requires positive)"));
        }
        if (serial.bitLength() > 159) {
            findings.add(Finding.warning("LONG_SERIAL", "serial number is longer than the 20 octets RFC 5280 allows"));
        }

        Der.Node innerAlgorithm = field(fields, i++, "signature");
        requireSequence(innerAlgorithm, "tbsCertificate.signature");
        String signatureOid = outerAlgorithm.child(0, "algorithm").oid();
        if (!java.util.Arrays.equals(innerAlgorithm.encoded(), outerAlgorithm.encoded())) {
            findings.add(Finding.warning(
                    "SIGNATURE_ALGORITHM_MISMATCH",
                    "the signed algorithm identifier differs from the outer signatureAlgorithm"));
        }
        if (Oids.WEAK_SIGNATURES.containsKey(signatureOid)) {
            findings.add(Finding.warning(
                    "WEAK_SIGNATURE_ALGORITHM",
                    "signed with " + Oids.signatureName(signatureOid) + "; current TLS stacks reject it"));
        }

        Der.Node issuerNode = field(fields, i++, "issuer");
        String issuer = DistinguishedName.decode(issuerNode, "issuer");
        if (issuer.isEmpty()) {
            findings.add(Finding.warning("EMPTY_ISSUER", "issuer name is empty (RFC 5280 requires one)"));
        }

        Der.Node validity = field(fields, i++, "validity");
        requireSequence(validity, "validity");
        Instant notBefore = X509Time.decode(validity.child(0, "notBefore"), "notBefore", findings);
        Instant notAfter = X509Time.decode(validity.child(1, "notAfter"), "notAfter", findings);
        if (notAfter.isBefore(notBefore)) {
            findings.add(Finding.error("VALIDITY_INVERTED", "notAfter is before notBefore: never valid"));
        }

        Der.Node subjectNode = field(fields, i++, "subject");
        String subject = DistinguishedName.decode(subjectNode, "subject");

        Der.Node spki = field(fields, i++, "subjectPublicKeyInfo");
        requireSequence(spki, "subjectPublicKeyInfo");
        PublicKeyDescription key = PublicKeyDescription.of(spki);
        findings.addAll(key.findings());

        Extensions extensions = new Extensions();
        for (; i < fields.size(); i++) {
            Der.Node optional = fields.get(i);
            if (optional.isContext(1) || optional.isContext(2)) {
                findings.add(
                        Finding.info("UNIQUE_IDENTIFIER", "carries an issuer/subject unique identifier (v2 field)"));
            } else if (optional.isContext(3)) {
                if (versionValue != 2) {
                    findings.add(Finding.warning(
                            "EXTENSIONS_IN_OLD_VERSION", "extensions are present but the version is not v3"));
                }
                extensions.read(optional.child(0, "extensions"), findings);
            } else {
                throw new DerException(
                        optional.offset, "tbsCertificate has an unexpected " + optional.describe() + " at its end");
            }
        }
        if (subject.isEmpty() && extensions.sans.isEmpty()) {
            findings.add(
                    Finding.warning("EMPTY_SUBJECT", "subject is empty and there are no subject alternative names"));
        }

        byte[] subjectDer = subjectNode.encoded();
        byte[] issuerDer = issuerNode.encoded();
        byte[] spkiDer = spki.encoded();
        byte[] exact = cert.end == der.length ? der : java.util.Arrays.copyOf(der, cert.end);
        boolean sameName = java.util.Arrays.equals(subjectDer, issuerDer);
        boolean selfSigned = sameName
                && SignatureCheck.verifies(
                        tbs.encoded(), outerAlgorithm.encoded(), signatureBits(signatureBits), spkiDer);
        if (sameName && !selfSigned && !issuer.isEmpty() && extensions.authorityKeyIdMatchesSubject()) {
            findings.add(Finding.warning(
                    "SELF_SIGNATURE_INVALID",
                    "subject equals issuer but the signature does not verify with its own key"));
        }

        CertificateFacts facts = new CertificateFacts(
                version,
                subject,
                issuer,
                serialHex,
                sha256(exact),
                notBefore,
                notAfter,
                extensions.sans,
                extensions.keyUsages,
                extensions.extendedKeyUsages,
                key.algorithm(),
                key.size(),
                key.curve(),
                Oids.signatureName(signatureOid),
                extensions.ca,
                selfSigned);
        return new InspectedCertificate(
                exact,
                facts,
                findings,
                tbs.encoded(),
                outerAlgorithm.encoded(),
                signatureBits(signatureBits),
                spkiDer,
                issuerDer,
                subjectDer,
                extensions.subjectKeyId,
                extensions.authorityKeyId);
    }

    /** BIT STRING content without the unused-bits octet. */
    private static byte[] signatureBits(byte[] bitString) {
        return java.util.Arrays.copyOfRange(bitString, 1, bitString.length);
    }

    private static Der.Node field(List<Der.Node> fields, int index, String name) {
        if (index >= fields.size()) {
            throw new DerException(0, "tbsCertificate ends before its " + name);
        }
        return fields.get(index);
    }

    private static void requireSequence(Der.Node node, String name) {
        if (!node.isUniversal(Der.SEQUENCE)) {
            throw new DerException(node.offset, name + " is " + node.describe() + ", expected a SEQUENCE");
        }
    }

    /** Lowercase hex padded to whole octets, as {@code openssl x509 -serial} prints it (in upper case). */
    static String serialHex(BigInteger serial) {
        String hex = serial.abs().toString(16);
        if (hex.length() % 2 == 1) {
            hex = "0" + hex;
        }
        return (serial.signum() < 0 ? "-" : "") + hex;
    }

    static String sha256(byte[] der) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The extensions certfleet reports; malformed contents become findings, as openssl prints them raw. */
    private static final class Extensions {
        final List<String> sans = new ArrayList<>();
        final List<String> keyUsages = new ArrayList<>();
        final List<String> extendedKeyUsages = new ArrayList<>();
        boolean ca;
        Optional<String> subjectKeyId = Optional.empty();
        Optional<String> authorityKeyId = Optional.empty();

        void read(Der.Node list, List<Finding> findings) {
            requireSequence(list, "extensions");
            Set<String> seen = new HashSet<>();
            for (Der.Node extension : list.children()) {
                requireSequence(extension, "extension");
                List<Der.Node> parts = extension.children();
                if (parts.size() < 2 || parts.size() > 3) {
                    throw new DerException(extension.offset, "an extension has " + parts.size() + " elements");
                }
                String oid = parts.get(0).oid();
                boolean critical = parts.size() == 3 && parts.get(1).bool();
                byte[] value = parts.get(parts.size() - 1).octetString();
                if (!seen.add(oid)) {
                    findings.add(Finding.warning(
                            "DUPLICATE_EXTENSION",
                            "extension " + oid + " appears more than once (RFC 5280 forbids it)"));
                    continue;
                }
                if (critical && !Oids.UNDERSTOOD_EXTENSIONS.contains(oid)) {
                    findings.add(Finding.warning(
                            "UNKNOWN_CRITICAL_EXTENSION",
                            "critical extension " + oid
                                    + " is not understood; strict verifiers reject the certificate"));
                }
                try {
                    readOne(oid, value, findings);
                } catch (DerException e) {
                    String code = Oids.SUBJECT_ALT_NAME.equals(oid) ? "MALFORMED_SAN" : "MALFORMED_EXTENSION";
                    findings.add(
                            Finding.warning(code, "extension " + oid + " could not be decoded: " + e.getMessage()));
                }
            }
        }

        private void readOne(String oid, byte[] value, List<Finding> findings) {
            switch (oid) {
                case Oids.BASIC_CONSTRAINTS -> {
                    Der.Node node = whole(value);
                    for (Der.Node part : node.children()) {
                        if (part.isUniversal(Der.BOOLEAN)) {
                            ca = part.bool();
                        }
                    }
                }
                case Oids.KEY_USAGE -> {
                    byte[] bits = whole(value).bitString();
                    for (int bit = 0; bit < Oids.KEY_USAGES.length; bit++) {
                        int octet = 1 + bit / 8;
                        if (octet < bits.length && (bits[octet] & (0x80 >>> (bit % 8))) != 0) {
                            keyUsages.add(Oids.KEY_USAGES[bit]);
                        }
                    }
                }
                case Oids.EXTENDED_KEY_USAGE -> {
                    for (Der.Node usage : whole(value).children()) {
                        String usageOid = usage.oid();
                        extendedKeyUsages.add(Oids.EXTENDED_KEY_USAGES.getOrDefault(usageOid, usageOid));
                    }
                }
                case Oids.SUBJECT_ALT_NAME -> readSans(whole(value), findings);
                case Oids.SUBJECT_KEY_ID ->
                    subjectKeyId = Optional.of(HEX.formatHex(whole(value).octetString()));
                case Oids.AUTHORITY_KEY_ID -> {
                    for (Der.Node part : whole(value).children()) {
                        if (part.isContext(0) && !part.constructed) {
                            authorityKeyId = Optional.of(HEX.formatHex(part.content()));
                        }
                    }
                }
                case Oids.PRIVATE_KEY_USAGE_PERIOD ->
                    findings.add(Finding.info(
                            "PRIVATE_KEY_USAGE_PERIOD",
                            "carries a privateKeyUsagePeriod extension (RFC 5280 advises against it); "
                                    + "expiry is taken from the validity field, as openssl does"));
                default -> {}
            }
        }

        private void readSans(Der.Node names, List<Finding> findings) {
            if (!names.isUniversal(Der.SEQUENCE)) {
                throw new DerException(names.offset, "subjectAltName is " + names.describe() + ", not a SEQUENCE");
            }
            List<Der.Node> entries = names.children();
            if (entries.isEmpty()) {
                findings.add(Finding.warning(
                        "EMPTY_SAN", "subjectAltName extension is present but holds no names (RFC 5280 forbids it)"));
            }
            for (Der.Node name : entries) {
                try {
                    sans.add(generalName(name));
                } catch (DerException e) {
                    findings.add(
                            Finding.warning("MALFORMED_SAN", "a subjectAltName entry is malformed: " + e.getMessage()));
                }
            }
        }

        private static String generalName(Der.Node name) {
            if (name.tagClass != Der.CONTEXT) {
                throw new DerException(name.offset, "entry is " + name.describe() + ", not a GeneralName");
            }
            return switch (name.tagNumber) {
                case 0 -> otherName(name);
                case 1 -> "EMAIL:" + ascii(name);
                case 2 -> "DNS:" + ascii(name);
                case 4 -> "DirName:" + DistinguishedName.decode(name.child(0, "directory name"), "directoryName");
                case 6 -> "URI:" + ascii(name);
                case 7 -> "IP:" + ip(name);
                case 8 -> {
                    // registeredID is an IMPLICIT OBJECT IDENTIFIER: re-tag the content to decode it.
                    byte[] content = name.content();
                    byte[] oid = new byte[content.length + 2];
                    oid[0] = Der.OID;
                    oid[1] = (byte) content.length;
                    System.arraycopy(content, 0, oid, 2, content.length);
                    yield "RID:" + Der.read(oid, 0, oid.length).oid();
                }
                default ->
                    throw new DerException(name.offset, "GeneralName kind [" + name.tagNumber + "] is not supported");
            };
        }

        private static String otherName(Der.Node name) {
            if (!name.constructed || name.children().size() != 2) {
                throw new DerException(name.offset, "otherName is not a (type-id, [0] value) pair");
            }
            String typeId = name.children().get(0).oid();
            Der.Node wrapper = name.children().get(1);
            if (!wrapper.isContext(0) || !wrapper.constructed) {
                throw new DerException(
                        wrapper.offset,
                        "otherName " + typeId + " has " + wrapper.describe() + " where an explicit [0] value belongs");
            }
            Der.Node value = wrapper.child(0, "value");
            if (value.isUniversal(Der.UTF8_STRING)) {
                return "othername:" + typeId + ":" + new String(value.content(), StandardCharsets.UTF_8);
            }
            return "othername:" + typeId;
        }

        private static String ascii(Der.Node name) {
            if (name.constructed) {
                throw new DerException(name.offset, "a string name is constructed");
            }
            return new String(name.content(), StandardCharsets.ISO_8859_1);
        }

        private static String ip(Der.Node name) {
            byte[] address = name.content();
            if (address.length != 4 && address.length != 16) {
                throw new DerException(name.offset, "an IP address of " + address.length + " octets");
            }
            try {
                InetAddress inet = InetAddress.getByAddress(address);
                return address.length == 4 ? inet.getHostAddress() : compressIpv6(address);
            } catch (UnknownHostException e) {
                throw new DerException(name.offset, "an IP address of " + address.length + " octets");
            }
        }

        boolean authorityKeyIdMatchesSubject() {
            return authorityKeyId.isEmpty() || authorityKeyId.equals(subjectKeyId);
        }

        private static Der.Node whole(byte[] value) {
            Der.Node node = Der.read(value, 0, value.length);
            if (node.end != value.length) {
                throw new DerException(node.end, "extra bytes after the extension value");
            }
            return node;
        }
    }

    /** RFC 5952 text form (the longest run of zero groups becomes {@code ::}), as Go prints it. */
    static String compressIpv6(byte[] address) {
        int[] groups = new int[8];
        for (int g = 0; g < 8; g++) {
            groups[g] = ((address[2 * g] & 0xff) << 8) | (address[2 * g + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int start = 0; start < 8; ) {
            if (groups[start] != 0) {
                start++;
                continue;
            }
            int end = start;
            while (end < 8 && groups[end] == 0) {
                end++;
            }
            if (end - start > bestLength) {
                bestStart = start;
                bestLength = end - start;
            }
            start = end;
        }
        StringBuilder out = new StringBuilder();
        for (int g = 0; g < 8; g++) {
            if (g == bestStart) {
                out.append("::");
                g += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[g]));
        }
        return out.toString();
    }
}
