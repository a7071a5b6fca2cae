package io.certfleet.renewal.domain.csr;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reviews {@code kubernetes.io/kubelet-serving} CSRs ({@code serverTLSBootstrap: true}), which the
 * kube-controller-manager never approves by itself. Seed 004 warns that such an approver is only safe when it checks
 * the CN and every requested IP and DNS name: otherwise a node's credentials could obtain a serving certificate for any
 * name. So a CSR is approved only when all of these hold, and denied with the first one that does not:
 *
 * <ol>
 *   <li>the signer is {@code kubernetes.io/kubelet-serving};
 *   <li>the requester is a node: username {@code system:node:<name>} in group {@code system:nodes};
 *   <li>that Node exists;
 *   <li>the request's signature verifies (the requester holds the key);
 *   <li>the subject is exactly CN={@code system:node:<name>} (equal to the requester), O={@code system:nodes};
 *   <li>it names at least one SAN, every DNS SAN is the Node's name or one of its hostname/DNS addresses, every IP SAN
 *       one of its IP addresses, and there is no other kind of SAN (URI, e-mail);
 *   <li>the usages are {@code server auth} plus at most {@code digital signature} and {@code key encipherment};
 *   <li>a requested duration ({@code expirationSeconds}) is within the cap.
 * </ol>
 */
public final class KubeletServingCsrReview {
    /** The signer this approver is for. */
    public static final String SIGNER = "kubernetes.io/kubelet-serving";

    static final String NODE_PREFIX = "system:node:";
    static final String NODES_GROUP = "system:nodes";
    private static final Set<String> ALLOWED_USAGES = Set.of("digital signature", "key encipherment", "server auth");

    private final Duration maxExpiration;

    /**
     * @param maxExpiration the longest duration a CSR may ask for
     */
    public KubeletServingCsrReview(Duration maxExpiration) {
        this.maxExpiration = Objects.requireNonNull(maxExpiration, "maxExpiration");
    }

    /**
     * @param csr the pending CSR
     * @param node the Node named by its requester, empty when there is no such Node (or the requester is no node)
     */
    public CsrVerdict review(ServingCsr csr, Optional<NodeAddresses> node) {
        if (!SIGNER.equals(csr.signerName())) {
            return deny("signer " + csr.signerName() + " is not " + SIGNER);
        }
        if (!csr.username().startsWith(NODE_PREFIX) || csr.username().length() == NODE_PREFIX.length()) {
            return deny("requester " + csr.username() + " is not a node (system:node:<name>)");
        }
        if (!csr.groups().contains(NODES_GROUP)) {
            return deny("requester " + csr.username() + " is not in group " + NODES_GROUP);
        }
        String nodeName = csr.username().substring(NODE_PREFIX.length());
        if (node.isEmpty() || !node.get().name().equals(nodeName)) {
            return deny("requester " + csr.username() + " names node " + nodeName + ", which does not exist");
        }
        NodeAddresses addresses = node.get();
        if (csr.request().isEmpty()) {
            return deny("the request is not a readable PKCS#10 certificate request");
        }
        CertificateRequestFacts request = csr.request().get();
        if (!request.signatureValid()) {
            return deny("the request's signature does not verify with its public key");
        }
        if (!request.commonName().equals(Optional.of(csr.username()))) {
            return deny("CN " + request.commonName().orElse("(none)") + " is not the requester " + csr.username());
        }
        if (!request.organizations().equals(List.of(NODES_GROUP))
                || !request.otherSubjectAttributes().isEmpty()) {
            return deny("subject must be exactly O=" + NODES_GROUP + ", CN=" + csr.username() + "; it has O="
                    + request.organizations()
                    + (request.otherSubjectAttributes().isEmpty() ? "" : " and " + request.otherSubjectAttributes()));
        }
        if (!request.otherSans().isEmpty()) {
            return deny("SANs of a kind a kubelet does not serve: " + request.otherSans());
        }
        if (request.dnsNames().isEmpty() && request.ipAddresses().isEmpty()) {
            return deny("no DNS or IP SAN: a serving certificate must name the node");
        }
        List<String> foreignNames = new ArrayList<>();
        for (String dns : request.dnsNames()) {
            String name = dns.toLowerCase(Locale.ROOT);
            if (!name.equals(addresses.name().toLowerCase(Locale.ROOT))
                    && addresses.hostnames().stream().noneMatch(h -> h.equalsIgnoreCase(name))) {
                foreignNames.add("DNS:" + dns);
            }
        }
        for (String ip : request.ipAddresses()) {
            if (!addresses.ips().contains(ip)) {
                foreignNames.add("IP:" + ip);
            }
        }
        if (!foreignNames.isEmpty()) {
            return deny("SANs " + foreignNames + " do not belong to node " + nodeName + " (name, hostnames "
                    + addresses.hostnames() + ", addresses " + addresses.ips() + ")");
        }
        if (!csr.usages().contains("server auth")) {
            return deny("usages " + csr.usages() + " lack server auth");
        }
        List<String> extra =
                csr.usages().stream().filter(u -> !ALLOWED_USAGES.contains(u)).toList();
        if (!extra.isEmpty()) {
            return deny("usages " + extra + " are not for a serving certificate");
        }
        if (csr.expirationSeconds().isPresent() && csr.expirationSeconds().getAsLong() > maxExpiration.toSeconds()) {
            return deny("requested duration "
                    + Duration.ofSeconds(csr.expirationSeconds().getAsLong()).toDays() + "d exceeds the cap of "
                    + maxExpiration.toDays() + "d");
        }
        return new CsrVerdict.Approve("node " + nodeName + " asks for its own names " + request.dnsNames()
                + " and addresses " + request.ipAddresses() + " with serving usages");
    }

    /** The Node name a requester stands for, if it is a node. */
    public static Optional<String> nodeOf(String username) {
        return username.startsWith(NODE_PREFIX) && username.length() > NODE_PREFIX.length()
                ? Optional.of(username.substring(NODE_PREFIX.length()))
                : Optional.empty();
    }

    private static CsrVerdict deny(String reason) {
        return new CsrVerdict.Deny(reason);
    }
}
