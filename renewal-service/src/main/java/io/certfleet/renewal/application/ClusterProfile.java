package io.certfleet.renewal.application;

import io.certfleet.renewal.domain.policy.ClusterFacts;
import io.certfleet.renewal.domain.policy.ClusterFlavour;
import io.certfleet.renewal.domain.policy.NodeAccessMode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What renewal-service knows about a cluster from its inventory: how it is built, its labels, where it is managed and
 * its nodes with their TLS endpoints. No credentials.
 *
 * @param id the cluster id (as the scanner reports it)
 * @param flavour how it is built
 * @param labels its labels
 * @param apiEndpoint the API server URL, when known
 * @param management where its Secrets and Cluster API objects are, when it has a management cluster
 * @param nodes its nodes, in inventory order (control-plane nodes are renewed in this order)
 * @param nodeAccess how its nodes are reached (inventory {@code nodeAccess}, default {@code LOCAL})
 */
public record ClusterProfile(
        String id,
        ClusterFlavour flavour,
        Map<String, String> labels,
        Optional<String> apiEndpoint,
        Optional<ManagementRef> management,
        List<Node> nodes,
        NodeAccessMode nodeAccess) {
    public ClusterProfile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(flavour, "flavour");
        labels = Map.copyOf(labels);
        Objects.requireNonNull(apiEndpoint, "apiEndpoint");
        Objects.requireNonNull(management, "management");
        nodes = List.copyOf(nodes);
        Objects.requireNonNull(nodeAccess, "nodeAccess");
    }

    /** A cluster whose nodes are reached locally (fleet-sim, the demo, tests). */
    public ClusterProfile(
            String id,
            ClusterFlavour flavour,
            Map<String, String> labels,
            Optional<String> apiEndpoint,
            Optional<ManagementRef> management,
            List<Node> nodes) {
        this(id, flavour, labels, apiEndpoint, management, nodes, NodeAccessMode.LOCAL);
    }

    /**
     * Where a cluster is managed.
     *
     * @param cluster the configured management cluster's name ({@code certfleet.renewal.management-clusters.<name>})
     * @param namespace the namespace of its objects there
     * @param name its name there ({@code <name>-kubeconfig}, {@code <name>-control-plane})
     */
    public record ManagementRef(String cluster, String namespace, String name) {
        public ManagementRef {
            Objects.requireNonNull(cluster, "cluster");
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(name, "name");
        }
    }

    /** A node's role. */
    public enum Role {
        CONTROL_PLANE,
        WORKER
    }

    /** Which component serves a TLS endpoint. */
    public enum Component {
        APISERVER,
        ETCD,
        KUBELET
    }

    /** A TLS endpoint a node serves. */
    public record Endpoint(Component component, String url) {
        public Endpoint {
            Objects.requireNonNull(component, "component");
            Objects.requireNonNull(url, "url");
        }
    }

    /**
     * A node.
     *
     * @param name the Node name
     * @param role its role
     * @param address its InternalIP
     * @param localRoot for local node access: the directory standing for its root file system
     * @param endpoints its TLS endpoints; control-plane nodes default to {@code https://<address>:6443} and {@code
     *     :2379} when none are listed
     */
    public record Node(
            String name, Role role, Optional<String> address, Optional<String> localRoot, List<Endpoint> endpoints) {
        public Node {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(localRoot, "localRoot");
            endpoints = List.copyOf(endpoints);
        }

        /** The endpoint of a component: listed, or the kubeadm default port on the node's address. */
        public Optional<String> endpoint(Component component) {
            Optional<String> listed = endpoints.stream()
                    .filter(e -> e.component() == component)
                    .map(Endpoint::url)
                    .findFirst();
            if (listed.isPresent() || role != Role.CONTROL_PLANE) {
                return listed;
            }
            return switch (component) {
                case APISERVER -> address.map(a -> "https://" + hostForUrl(a) + ":6443");
                case ETCD -> address.map(a -> "https://" + hostForUrl(a) + ":2379");
                case KUBELET -> address.map(a -> "https://" + hostForUrl(a) + ":10250");
            };
        }

        private static String hostForUrl(String address) {
            return address.contains(":") ? "[" + address + "]" : address;
        }
    }

    /** The control-plane nodes, in inventory order. */
    public List<Node> controlPlaneNodes() {
        return nodes.stream().filter(n -> n.role() == Role.CONTROL_PLANE).toList();
    }

    public Optional<Node> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    /** What the policy needs to know. */
    public ClusterFacts facts() {
        return new ClusterFacts(id, true, flavour, labels);
    }
}
