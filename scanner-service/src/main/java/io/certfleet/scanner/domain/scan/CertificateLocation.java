package io.certfleet.scanner.domain.scan;

import io.certfleet.events.SourceKind;
import java.util.Objects;
import java.util.Optional;

/**
 * One place a certificate is kept: the key of the inventory. A bundle holds several certificates at one location, told
 * apart by {@code index}.
 *
 * @param nodeName the node for node-local sources; empty for cluster-level sources (Secrets, CSRs, trust bundles)
 * @param kind what kind of source
 * @param location a path on the node, {@code secret:<namespace>/<name>/<key>}, {@code https://host:port}, ...
 * @param index 0 for the first certificate of the source, 1.. for further bundle or chain members
 */
public record CertificateLocation(Optional<String> nodeName, SourceKind kind, String location, int index) {
    public CertificateLocation {
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(location, "location");
        if (location.isBlank()) {
            throw new IllegalArgumentException("location must not be blank");
        }
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative");
        }
    }

    public static CertificateLocation onNode(String node, SourceKind kind, String location, int index) {
        return new CertificateLocation(Optional.of(node), kind, location, index);
    }

    public static CertificateLocation inCluster(SourceKind kind, String location, int index) {
        return new CertificateLocation(Optional.empty(), kind, location, index);
    }

    @Override
    public String toString() {
        return nodeName.map(n -> n + ":").orElse("") + location + (index == 0 ? "" : "[" + index + "]");
    }
}
