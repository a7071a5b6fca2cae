package io.certfleet.pki.lint;

import io.certfleet.pki.inspect.CertificateFacts;
import io.certfleet.pki.inspect.Finding;
import io.certfleet.pki.inspect.FindingSeverity;
import io.certfleet.pki.kubeadm.CertificateAuthority;
import io.certfleet.pki.kubeadm.KubeadmCertificate;
import io.certfleet.pki.kubeadm.NodeIdentity;
import io.certfleet.pki.kubeadm.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a certificate against the Kubernetes "PKI certificates and requirements" table (seed 003)
 * as {@link KubeadmCertificate} and {@link CertificateAuthority} encode it: common name, subject
 * organization, server/client usage and the subject alternative names the API server and etcd need.
 *
 * <p>Without a {@link NodeIdentity} the node-specific parts are not checked (hostname, host and
 * advertise addresses, service IP, cluster domain): only what every node shares, e.g. {@code
 * DNS:kubernetes.default.svc} and, for etcd, {@code DNS:localhost} and {@code IP:127.0.0.1}.
 */
public final class CertificateLint {
    private static final Pattern PLACEHOLDER = Pattern.compile("<[A-Za-z_]+>");
    /** Fills the requirement table's placeholders with markers that never occur in real names. */
    private static final NodeIdentity UNKNOWN_NODE =
            new NodeIdentity("<hostname>", "<Host_IP>", "<advertise_IP>", "<service_IP>", "<domain>.<domain>");

    private CertificateLint() {}

    /** Findings for a leaf certificate expected to play {@code expected}'s role. */
    public static List<Finding> lint(CertificateFacts facts, KubeadmCertificate expected, Optional<NodeIdentity> node) {
        List<Finding> findings = new ArrayList<>();
        String name = expected.kubeadmName();
        boolean serverOnly = expected.usages().equals(Set.of(Usage.SERVER));

        String template = expected.commonNameTemplate();
        Optional<String> cn = facts.commonName();
        String wanted = node.map(expected::commonName).orElse(template);
        if (cn.isEmpty()) {
            findings.add(new Finding(
                    "MISSING_COMMON_NAME",
                    serverOnly ? FindingSeverity.WARNING : FindingSeverity.ERROR,
                    name + " has no CN; expected " + wanted));
        } else if (!commonNameMatches(cn.get(), template, node.map(expected::commonName))
                && !isEtcdNodeName(expected, cn.get(), facts, node)
                && !isKubeletSelfSignedName(expected, cn.get(), node)) {
            // a client certificate's CN is its user name: a wrong one breaks authorization
            findings.add(new Finding(
                    "COMMON_NAME_MISMATCH",
                    serverOnly ? FindingSeverity.WARNING : FindingSeverity.ERROR,
                    name + " has CN " + cn.get() + "; expected " + wanted));
        }

        List<String> organizations = facts.organizations();
        if (!expected.organizations().isEmpty()
                && expected.organizations().stream().noneMatch(organizations::contains)) {
            findings.add(Finding.error(
                    "ORGANIZATION_MISMATCH",
                    name + " has O " + (organizations.isEmpty() ? "(none)" : String.join(", ", organizations))
                            + "; expected " + String.join(" or ", expected.organizations())));
        }

        findings.addAll(usageFindings(facts, expected));

        if (facts.ca()) {
            findings.add(Finding.warning("LEAF_IS_CA", name + " is marked as a CA (basicConstraints CA:TRUE)"));
        }

        List<String> required = expected.requiredSans(node.orElse(UNKNOWN_NODE)).stream()
                .filter(san -> !PLACEHOLDER.matcher(san).find())
                .toList();
        Set<String> present =
                facts.sans().stream().map(CertificateLint::normalizeSan).collect(Collectors.toSet());
        for (String san : required) {
            if (!present.contains(normalizeSan(san))) {
                findings.add(Finding.error("MISSING_SAN", name + " lacks the SAN " + san));
            }
        }
        return List.copyOf(findings);
    }

    /** Findings for a CA certificate in {@code expected}'s place. */
    public static List<Finding> lintAuthority(CertificateFacts facts, CertificateAuthority expected) {
        List<Finding> findings = new ArrayList<>();
        String name = expected.kubeadmName();
        if (!facts.ca()) {
            findings.add(Finding.error(
                    "NOT_A_CA",
                    name + " is not marked as a CA (no basicConstraints CA:TRUE); nothing it signs verifies"));
        }
        if (!facts.keyUsages().isEmpty() && !facts.keyUsages().contains("keyCertSign")) {
            findings.add(Finding.error("MISSING_KEY_CERT_SIGN", name + " key usage lacks keyCertSign"));
        }
        Optional<String> cn = facts.commonName();
        if (cn.isEmpty() || !expected.knownCommonNames().contains(cn.get())) {
            findings.add(Finding.info(
                    "UNEXPECTED_CA_COMMON_NAME",
                    name + " has CN " + cn.orElse("(none)") + "; kubeadm uses "
                            + String.join(" or ", expected.knownCommonNames())));
        }
        if (!facts.selfSigned()) {
            findings.add(Finding.info(
                    "INTERMEDIATE_CA", name + " is not self-signed (an intermediate of " + facts.issuer() + ")"));
        }
        return List.copyOf(findings);
    }

    private static List<Finding> usageFindings(CertificateFacts facts, KubeadmCertificate expected) {
        List<Finding> findings = new ArrayList<>();
        String name = expected.kubeadmName();
        List<String> eku = facts.extendedKeyUsages();
        if (eku.isEmpty()) {
            findings.add(Finding.warning(
                    "NO_EXTENDED_KEY_USAGE",
                    name + " has no extended key usage; the requirements table gives it "
                            + expected.usages().stream()
                                    .map(CertificateLint::ekuName)
                                    .sorted()
                                    .collect(Collectors.joining(", "))));
        } else if (!eku.contains("anyExtendedKeyUsage")) {
            for (Usage usage : expected.usages()) {
                if (!eku.contains(ekuName(usage))) {
                    findings.add(Finding.error(
                            usage == Usage.SERVER ? "MISSING_SERVER_AUTH" : "MISSING_CLIENT_AUTH",
                            name + " lacks the " + ekuName(usage) + " extended key usage it needs as a "
                                    + usage.name().toLowerCase(Locale.ROOT) + " certificate"));
                }
            }
        }
        List<String> ku = facts.keyUsages();
        if (!ku.isEmpty()) {
            if (!ku.contains("digitalSignature")) {
                findings.add(Finding.warning("MISSING_DIGITAL_SIGNATURE", name + " key usage lacks digitalSignature"));
            }
            if ("RSA".equals(facts.keyAlgorithm()) && !ku.contains("keyEncipherment")) {
                findings.add(Finding.warning(
                        "MISSING_KEY_ENCIPHERMENT",
                        name + " key usage lacks keyEncipherment (RSA key exchange needs it)"));
            }
        }
        return findings;
    }

    /**
     * kubeadm names etcd's server and peer certificates after the node (the table's {@code kube-etcd}
     * and {@code kube-etcd-peer} are the documentation's defaults); without the node's identity, a CN
     * that is also one of the certificate's DNS SANs is taken as that node name.
     */
    private static boolean isEtcdNodeName(
            KubeadmCertificate expected, String cn, CertificateFacts facts, Optional<NodeIdentity> node) {
        if (expected != KubeadmCertificate.ETCD_SERVER && expected != KubeadmCertificate.ETCD_PEER) {
            return false;
        }
        return node.map(n -> n.nodeName().equals(cn))
                .orElseGet(() -> facts.sans().contains("DNS:" + cn));
    }

    /**
     * A kubelet that makes its own serving certificate names it {@code <hostname>@<unix time>},
     * issued by {@code <hostname>-ca@<unix time>}; that is the kubelet's normal form, not a mistake.
     */
    private static boolean isKubeletSelfSignedName(
            KubeadmCertificate expected, String cn, Optional<NodeIdentity> node) {
        if (expected != KubeadmCertificate.KUBELET_SERVING) {
            return false;
        }
        String host = node.map(NodeIdentity::nodeName).map(Pattern::quote).orElse(".+");
        return Pattern.matches(host + "@\\d+", cn);
    }

    private static boolean commonNameMatches(String cn, String template, Optional<String> exact) {
        if (exact.isPresent()) {
            return exact.get().equals(cn);
        }
        // a placeholder stands for any non-empty value
        StringBuilder regex = new StringBuilder();
        var m = PLACEHOLDER.matcher(template);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start()))).append(".+");
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        return Pattern.matches(regex.toString(), cn);
    }

    private static String ekuName(Usage usage) {
        return usage == Usage.SERVER ? "serverAuth" : "clientAuth";
    }

    /** DNS names compare case-insensitively; IP text as written. */
    private static String normalizeSan(String san) {
        return san.startsWith("DNS:") ? san.toLowerCase(Locale.ROOT) : san;
    }
}
