package io.certfleet.pki.renew;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * What identifies a kubeadm certificate to its peers — subject CN and O, DNS and IP subject alternative
 * names — compared between the live certificate and one an external CA signed for it. An external
 * signer must not change who a certificate says it is: a different CN or O changes the RBAC identity
 * of a client certificate, a different SAN set changes where a serving certificate is valid.
 */
final class CertificateIdentity {

    private static final int DNS = 2;
    private static final int IP = 7;

    private CertificateIdentity() {}

    /** Each difference in words ({@code "it changes the subject CN from [a] to [b]"}); empty when none. */
    static List<String> differences(X509Certificate live, X509Certificate signed) {
        List<String> differences = new ArrayList<>();
        compareSubject(differences, "CN", BCStyle.CN, live, signed);
        compareSubject(differences, "O", BCStyle.O, live, signed);
        compareNames(differences, "DNS", sans(live, DNS), sans(signed, DNS));
        compareNames(differences, "IP", sans(live, IP), sans(signed, IP));
        return differences;
    }

    private static void compareSubject(
            List<String> differences,
            String label,
            ASN1ObjectIdentifier type,
            X509Certificate live,
            X509Certificate signed) {
        List<String> before = values(live, type);
        List<String> after = values(signed, type);
        if (!before.equals(after)) {
            differences.add("it changes the subject " + label + " from " + before + " to " + after);
        }
    }

    private static void compareNames(List<String> differences, String label, Set<String> live, Set<String> signed) {
        if (live.equals(signed)) {
            return;
        }
        Set<String> added = new TreeSet<>(signed);
        added.removeAll(live);
        Set<String> removed = new TreeSet<>(live);
        removed.removeAll(signed);
        List<String> parts = new ArrayList<>();
        if (!added.isEmpty()) {
            parts.add("adds " + added);
        }
        if (!removed.isEmpty()) {
            parts.add("removes " + removed);
        }
        differences.add("it changes the " + label + " SANs: " + String.join(", ", parts));
    }

    /** The values of one subject attribute, sorted (order within the subject is not identity). */
    private static List<String> values(X509Certificate certificate, ASN1ObjectIdentifier type) {
        X500Name subject =
                X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        List<String> values = new ArrayList<>();
        for (RDN rdn : subject.getRDNs(type)) {
            for (AttributeTypeAndValue value : rdn.getTypesAndValues()) {
                if (value.getType().equals(type)) {
                    values.add(IETFUtils.valueToString(value.getValue()));
                }
            }
        }
        values.sort(null);
        return values;
    }

    /** DNS names (lowercase: DNS is case-insensitive) or IP addresses of the SAN extension. */
    private static Set<String> sans(X509Certificate certificate, int kind) {
        Set<String> names = new TreeSet<>();
        Collection<List<?>> entries;
        try {
            entries = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            names.add("(malformed SAN extension)");
            return names;
        }
        if (entries != null) {
            for (List<?> entry : entries) {
                if (entry.size() >= 2 && entry.get(0) instanceof Integer type && type == kind) {
                    String name = String.valueOf(entry.get(1));
                    names.add(kind == DNS ? name.toLowerCase(Locale.ROOT) : name);
                }
            }
        }
        return names;
    }
}
