package io.certfleet.scanner.domain.inventory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A node of a cluster as the inventory knows it.
 *
 * @param name the Node name
 * @param role control plane or worker
 * @param address the InternalIP, when known
 * @param localRoot for {@link NodeAccess#LOCAL}: the directory holding the node's {@code etc/kubernetes} and {@code
 *     var/lib/kubelet}
 * @param endpoints TLS endpoints served by this node (apiserver, etcd, kubelet)
 */
public record ClusterNode(
        String name, NodeRole role, Optional<String> address, Optional<String> localRoot, List<Endpoint> endpoints) {
    public ClusterNode {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(localRoot, "localRoot");
        endpoints = List.copyOf(endpoints);
        if (name.isBlank()) {
            throw new IllegalArgumentException("a node needs a name");
        }
    }
}
