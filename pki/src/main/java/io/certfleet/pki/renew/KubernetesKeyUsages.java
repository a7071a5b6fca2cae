package io.certfleet.pki.renew;

import java.security.PublicKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The usages of a certificate in the vocabulary of the Kubernetes {@code certificates.k8s.io/v1}
 * API ({@code CertificateSigningRequest.spec.usages}, the {@code KeyUsage} constants of {@code
 * k8s.io/api/certificates/v1}), so that a CSR sent to an external signer asks for what the live
 * certificate has: key usage bits first in bit order ({@code "digital signature"}, {@code "key
 * encipherment"}, ...), then the extended key usages in the certificate's order ({@code "server
 * auth"}, {@code "client auth"}, ...). Extended key usages Kubernetes has no name for are left out.
 */
final class KubernetesKeyUsages {

    /** {@code java.security.cert.X509Certificate#getKeyUsage()} bit index to the Kubernetes name. */
    private static final List<String> KEY_USAGE_BITS = List.of(
            "digital signature", // 0 digitalSignature
            "content commitment", // 1 nonRepudiation / contentCommitment
            "key encipherment", // 2
            "data encipherment", // 3
            "key agreement", // 4
            "cert sign", // 5 keyCertSign
            "crl sign", // 6 cRLSign
            "encipher only", // 7
            "decipher only"); // 8

    /** Extended key usage OID to the Kubernetes name (Go's {@code x509.ExtKeyUsage} table). */
    private static final Map<String, String> EXTENDED = Map.ofEntries(
            Map.entry("2.5.29.37.0", "any"),
            Map.entry("1.3.6.1.5.5.7.3.1", "server auth"),
            Map.entry("1.3.6.1.5.5.7.3.2", "client auth"),
            Map.entry("1.3.6.1.5.5.7.3.3", "code signing"),
            Map.entry("1.3.6.1.5.5.7.3.4", "email protection"),
            Map.entry("1.3.6.1.5.5.7.3.5", "ipsec end system"),
            Map.entry("1.3.6.1.5.5.7.3.6", "ipsec tunnel"),
            Map.entry("1.3.6.1.5.5.7.3.7", "ipsec user"),
            Map.entry("1.3.6.1.5.5.7.3.8", "timestamping"),
            Map.entry("1.3.6.1.5.5.7.3.9", "ocsp signing"),
            Map.entry("1.3.6.1.4.1.311.10.3.3", "microsoft sgc"),
            Map.entry("2.16.840.1.113730.4.1", "netscape sgc"));

    private KubernetesKeyUsages() {}

    /**
     * The Kubernetes usages of {@code certificate}. Without a key usage extension, what renewal writes
     * for the new key instead: digital signature, plus key encipherment for RSA (kubeadm's default).
     */
    static List<String> of(X509Certificate certificate, PublicKey newKey) {
        LinkedHashSet<String> usages = new LinkedHashSet<>();
        boolean[] bits = certificate.getKeyUsage();
        if (bits == null) {
            usages.add("digital signature");
            if (newKey instanceof RSAKey) {
                usages.add("key encipherment");
            }
        } else {
            for (int i = 0; i < Math.min(bits.length, KEY_USAGE_BITS.size()); i++) {
                if (bits[i]) {
                    usages.add(KEY_USAGE_BITS.get(i));
                }
            }
        }
        List<String> extended;
        try {
            extended = certificate.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            // a malformed EKU extension: nothing Kubernetes could name
            extended = null;
        }
        if (extended != null) {
            for (String oid : extended) {
                String name = EXTENDED.get(oid);
                if (name != null) {
                    usages.add(name);
                }
            }
        }
        return List.copyOf(new ArrayList<>(usages));
    }
}
