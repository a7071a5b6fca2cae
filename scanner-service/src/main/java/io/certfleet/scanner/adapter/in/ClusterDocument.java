package io.certfleet.scanner.adapter.in;

import io.certfleet.scanner.domain.expiry.ExpiryThresholds;
import io.certfleet.scanner.domain.inventory.Cluster;
import io.certfleet.scanner.domain.inventory.ClusterFlavour;
import io.certfleet.scanner.domain.inventory.ClusterNode;
import io.certfleet.scanner.domain.inventory.ClusterOrigin;
import io.certfleet.scanner.domain.inventory.Endpoint;
import io.certfleet.scanner.domain.inventory.EndpointComponent;
import io.certfleet.scanner.domain.inventory.ManagementRef;
import io.certfleet.scanner.domain.inventory.NodeAccess;
import io.certfleet.scanner.domain.inventory.NodeRole;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A cluster as registered by {@code POST /clusters} and listed in the inventory file: the same document in both.
 *
 * @param id the cluster id
 * @param flavour KUBEADM (default), CLUSTER_API, TKG, ANTHOS_BARE_METAL, OTHER
 * @param labels labels, e.g. {@code team}, {@code environment}, {@code ring}, {@code certfleet.io/thresholds}
 * @param apiEndpoint the API server URL
 * @param management the management cluster holding its Secrets
 * @param nodeAccess LOCAL, KUBERNETES_JOB, SSH or NONE; LOCAL by default when {@code localRoot} is given, else NONE
 * @param localRoot for LOCAL: the directory holding one directory per node, named after the node
 * @param scanInterval its own interval ({@code 1h}, {@code PT30M})
 * @param nodes its nodes
 * @param endpoints endpoints not tied to a node (a load balancer)
 */
@Serdeable
public record ClusterDocument(
        String id,
        @Nullable String flavour,
        @Nullable Map<String, String> labels,
        @Nullable String apiEndpoint,
        @Nullable Management management,
        @Nullable String nodeAccess,
        @Nullable String localRoot,
        @Nullable String scanInterval,
        @Nullable List<Node> nodes,
        @Nullable List<EndpointDocument> endpoints) {

    /**
     * Where the cluster is managed.
     *
     * @param cluster the configured management cluster's name
     * @param namespace the namespace of its objects there
     * @param name its name there, when not the id
     */
    @Serdeable
    public record Management(
            String cluster, String namespace, @Nullable String name) {}

    /**
     * A node.
     *
     * @param name the Node name
     * @param role CONTROL_PLANE or WORKER (default)
     * @param address its InternalIP
     * @param localRoot for LOCAL: its own directory, when not {@code <cluster localRoot>/<name>}
     * @param endpoints the TLS endpoints it serves
     */
    @Serdeable
    public record Node(
            String name,
            @Nullable String role,
            @Nullable String address,
            @Nullable String localRoot,
            @Nullable List<EndpointDocument> endpoints) {}

    /**
     * A TLS endpoint.
     *
     * @param component APISERVER, ETCD or KUBELET
     * @param url {@code https://host:port}
     */
    @Serdeable
    public record EndpointDocument(String component, String url) {}

    /**
     * The cluster this document describes.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public Cluster toCluster(ClusterOrigin origin) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a cluster needs an id");
        }
        NodeAccess access = nodeAccess == null
                ? (localRoot != null ? NodeAccess.LOCAL : NodeAccess.NONE)
                : parse(NodeAccess.class, nodeAccess, "nodeAccess");
        List<ClusterNode> clusterNodes = new ArrayList<>();
        for (Node node : nodes == null ? List.<Node>of() : nodes) {
            if (node == null || node.name() == null || node.name().isBlank()) {
                throw new IllegalArgumentException("cluster " + id + ": every node needs a name");
            }
            Optional<String> root = Optional.ofNullable(node.localRoot())
                    .or(() -> Optional.ofNullable(localRoot)
                            .map(r -> Path.of(r, node.name()).toString()));
            clusterNodes.add(new ClusterNode(
                    node.name(),
                    node.role() == null ? NodeRole.WORKER : parse(NodeRole.class, node.role(), "role"),
                    Optional.ofNullable(node.address()).filter(a -> !a.isBlank()),
                    root,
                    endpoints(node.endpoints())));
        }
        Optional<ManagementRef> ref = Optional.ofNullable(management).map(m -> {
            if (m.cluster() == null || m.namespace() == null) {
                throw new IllegalArgumentException("cluster " + id + ": management needs cluster and namespace");
            }
            return new ManagementRef(m.cluster(), m.namespace(), m.name() == null ? id : m.name());
        });
        return new Cluster(
                id,
                flavour == null ? ClusterFlavour.KUBEADM : parse(ClusterFlavour.class, flavour, "flavour"),
                labels == null ? Map.of() : labels,
                Optional.ofNullable(apiEndpoint).filter(a -> !a.isBlank()),
                ref,
                false,
                access,
                origin,
                Optional.ofNullable(scanInterval).map(ExpiryThresholds::parseDuration),
                clusterNodes,
                endpoints(endpoints));
    }

    private static List<Endpoint> endpoints(@Nullable List<EndpointDocument> documents) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (EndpointDocument e : documents == null ? List.<EndpointDocument>of() : documents) {
            if (e == null || e.component() == null || e.url() == null) {
                throw new IllegalArgumentException("an endpoint needs component and url");
            }
            endpoints.add(new Endpoint(parse(EndpointComponent.class, e.component(), "component"), e.url()));
        }
        return endpoints;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, String field) {
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    field + " '" + value + "' is not one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }
}
