package io.certfleet.pki.inspect;

import java.util.Map;
import java.util.Set;

/** The object identifiers certfleet names; anything else is shown as its dotted form. */
final class Oids {
    static final String BASIC_CONSTRAINTS = "2.5.29.19";
    static final String KEY_USAGE = "2.5.29.15";
    static final String EXTENDED_KEY_USAGE = "2.5.29.37";
    static final String SUBJECT_ALT_NAME = "2.5.29.17";
    static final String SUBJECT_KEY_ID = "2.5.29.14";
    static final String AUTHORITY_KEY_ID = "2.5.29.35";
    static final String PRIVATE_KEY_USAGE_PERIOD = "2.5.29.16";

    static final String RSA = "1.2.840.113549.1.1.1";
    static final String RSA_PSS = "1.2.840.113549.1.1.10";
    static final String EC = "1.2.840.10045.2.1";
    static final String DSA = "1.2.840.10040.4.1";
    static final String ED25519 = "1.3.101.112";
    static final String ED448 = "1.3.101.113";

    /** Extensions certfleet understands; an unknown one marked critical is a finding. */
    static final Set<String> UNDERSTOOD_EXTENSIONS = Set.of(
            BASIC_CONSTRAINTS,
            KEY_USAGE,
            EXTENDED_KEY_USAGE,
            SUBJECT_ALT_NAME,
            SUBJECT_KEY_ID,
            AUTHORITY_KEY_ID,
            PRIVATE_KEY_USAGE_PERIOD,
            "2.5.29.30", // name constraints
            "2.5.29.31", // CRL distribution points
            "2.5.29.32", // certificate policies
            "2.5.29.36", // policy constraints
            "2.5.29.54", // inhibit anyPolicy
            "1.3.6.1.5.5.7.1.1"); // authority information access

    static final Map<String, String> EXTENDED_KEY_USAGES = Map.of(
            "1.3.6.1.5.5.7.3.1", "serverAuth",
            "1.3.6.1.5.5.7.3.2", "clientAuth",
            "1.3.6.1.5.5.7.3.3", "codeSigning",
            "1.3.6.1.5.5.7.3.4", "emailProtection",
            "1.3.6.1.5.5.7.3.8", "timeStamping",
            "1.3.6.1.5.5.7.3.9", "OCSPSigning",
            "2.5.29.37.0", "anyExtendedKeyUsage");

    static final String[] KEY_USAGES = {
        "digitalSignature",
        "nonRepudiation",
        "keyEncipherment",
        "dataEncipherment",
        "keyAgreement",
        "keyCertSign",
        "cRLSign",
        "encipherOnly",
        "decipherOnly"
    };

    static final Map<String, String> CURVES = Map.of(
            "1.2.840.10045.3.1.7", "P-256",
            "1.3.132.0.34", "P-384",
            "1.3.132.0.35", "P-521",
            "1.3.132.0.33", "P-224",
            "1.2.840.10045.3.1.1", "P-192",
            "1.3.132.0.10", "secp256k1");

    /** Signature algorithms whose hash is broken for certificate signatures. */
    static final Map<String, String> WEAK_SIGNATURES = Map.of(
            "1.2.840.113549.1.1.2", "MD2withRSA",
            "1.2.840.113549.1.1.4", "MD5withRSA",
            "1.2.840.113549.1.1.5", "SHA1withRSA",
            "1.2.840.10045.4.1", "SHA1withECDSA",
            "1.2.840.10040.4.3", "SHA1withDSA");

    static final Map<String, String> SIGNATURES = Map.ofEntries(
            Map.entry("1.2.840.113549.1.1.11", "SHA256withRSA"),
            Map.entry("1.2.840.113549.1.1.12", "SHA384withRSA"),
            Map.entry("1.2.840.113549.1.1.13", "SHA512withRSA"),
            Map.entry("1.2.840.113549.1.1.14", "SHA224withRSA"),
            Map.entry("1.2.840.113549.1.1.10", "RSASSA-PSS"),
            Map.entry("1.2.840.10045.4.3.1", "SHA224withECDSA"),
            Map.entry("1.2.840.10045.4.3.2", "SHA256withECDSA"),
            Map.entry("1.2.840.10045.4.3.3", "SHA384withECDSA"),
            Map.entry("1.2.840.10045.4.3.4", "SHA512withECDSA"),
            Map.entry("1.3.101.112", "Ed25519"),
            Map.entry("1.3.101.113", "Ed448"),
            Map.entry("2.16.840.1.101.3.4.3.2", "SHA256withDSA"));

    private Oids() {}

    static String signatureName(String oid) {
        String weak = WEAK_SIGNATURES.get(oid);
        return weak != null ? weak : SIGNATURES.getOrDefault(oid, oid);
    }
}
