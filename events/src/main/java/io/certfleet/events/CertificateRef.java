package io.certfleet.events;

/**
 * Points at one certificate in a cluster, as observed by a scan.
 *
 * @param nodeName the node holding it; absent for cluster-level sources (Secrets, endpoints)
 * @param location where it lives: a path, {@code secret:<namespace>/<name>}, {@code https://host:port}, ...
 * @param kubeadmName the kubeadm name when it has one, e.g. {@code apiserver}, {@code admin.conf}
 * @param sha256 fingerprint of the certificate seen there (64 lowercase hex characters)
 */
public record CertificateRef(
        @OptionalField String nodeName,
        String location,
        @OptionalField String kubeadmName,
        String sha256) {
    public CertificateRef {
        Fields.optionalText(nodeName, "nodeName");
        Fields.text(location, "location");
        Fields.optionalText(kubeadmName, "kubeadmName");
        Fields.sha256(sha256, "sha256");
    }
}
