package io.certfleet.renewal.adapter.out;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.certfleet.renewal.application.ClusterDirectory;
import io.certfleet.renewal.application.ClusterProfile;
import io.certfleet.renewal.config.RenewalSettings;
import io.certfleet.renewal.domain.policy.ClusterFlavour;
import io.certfleet.renewal.domain.policy.NodeAccessMode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ClusterDirectory} from the inventory file the scanner reads too ({@code certfleet.renewal.inventory-file}), so
 * one file describes the fleet to both services:
 *
 * <pre>
 * clusters:
 *   - id: prod-euw1-01
 *     flavour: KUBEADM                       # CLUSTER_API, TKG, ANTHOS_BARE_METAL, OTHER
 *     labels: {team: payments, environment: prod}
 *     apiEndpoint: https://10.0.0.10:6443
 *     management: {cluster: mgmt, namespace: prod-euw1-01, name: prod-euw1-01}
 *     nodeAccess: KUBERNETES_JOB                 # LOCAL (default), KUBERNETES_JOB, SSH or NONE
 *     localRoot: /var/lib/certfleet/fleet/prod-euw1-01     # local node access: one directory per node
 *     nodes:
 *       - {name: cp-1, role: CONTROL_PLANE, address: 10.0.0.11,
 *          endpoints: [{component: APISERVER, url: "https://10.0.0.11:6443"}, {component: ETCD, url: "https://10.0.0.11:2379"}]}
 * </pre>
 *
 * Re-read when the file changes. A file that cannot be read keeps the last good inventory (and says why in the log).
 */
@Singleton
final class InventoryFileClusters implements ClusterDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(InventoryFileClusters.class);
    private static final YAMLMapper YAML = new YAMLMapper();

    private final Optional<Path> file;
    private Map<String, ClusterProfile> clusters = Map.of();
    private FileTime readAt;

    InventoryFileClusters(RenewalSettings settings) {
        this.file = settings.inventoryFilePath().map(Path::of);
        if (file.isEmpty()) {
            LOG.warn("No inventory file (certfleet.renewal.inventory-file): renewals can be decided, not run");
        }
    }

    @Override
    public Optional<ClusterProfile> find(String clusterId) {
        return Optional.ofNullable(current().get(clusterId));
    }

    @Override
    public List<ClusterProfile> all() {
        return List.copyOf(current().values());
    }

    private synchronized Map<String, ClusterProfile> current() {
        if (file.isEmpty()) {
            return clusters;
        }
        try {
            FileTime modified = Files.getLastModifiedTime(file.get());
            if (!modified.equals(readAt)) {
                clusters = read(file.get());
                readAt = modified;
                LOG.info("Inventory {}: {} clusters", file.get(), clusters.size());
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("Inventory {} cannot be read, keeping the last one read: {}", file.get(), e.getMessage());
        }
        return clusters;
    }

    static Map<String, ClusterProfile> read(Path file) throws IOException {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readAllBytes(file));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not valid YAML at line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()));
        }
        Map<String, ClusterProfile> clusters = new LinkedHashMap<>();
        if (root == null || root.isNull() || root.isMissingNode()) {
            return clusters;
        }
        for (JsonNode item : root.path("clusters")) {
            ClusterProfile cluster = cluster(item);
            if (clusters.putIfAbsent(cluster.id(), cluster) != null) {
                throw new IllegalArgumentException("cluster " + cluster.id() + " is listed twice");
            }
        }
        return clusters;
    }

    private static ClusterProfile cluster(JsonNode item) {
        String id = text(item, "id").orElseThrow(() -> new IllegalArgumentException("a cluster needs an id"));
        Map<String, String> labels = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = item.path("labels").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> label = it.next();
            labels.put(label.getKey(), label.getValue().asText());
        }
        Optional<ClusterProfile.ManagementRef> management = Optional.empty();
        JsonNode m = item.path("management");
        if (m.isObject()) {
            String cluster = text(m, "cluster")
                    .orElseThrow(() -> new IllegalArgumentException("cluster " + id + ": management needs cluster"));
            String namespace = text(m, "namespace")
                    .orElseThrow(() -> new IllegalArgumentException("cluster " + id + ": management needs namespace"));
            management = Optional.of(new ClusterProfile.ManagementRef(
                    cluster, namespace, text(m, "name").orElse(id)));
        }
        Optional<String> localRoot = text(item, "localRoot");
        List<ClusterProfile.Node> nodes = new ArrayList<>();
        for (JsonNode node : item.path("nodes")) {
            String name = text(node, "name")
                    .orElseThrow(() -> new IllegalArgumentException("cluster " + id + ": every node needs a name"));
            List<ClusterProfile.Endpoint> endpoints = new ArrayList<>();
            for (JsonNode endpoint : node.path("endpoints")) {
                endpoints.add(new ClusterProfile.Endpoint(
                        parse(
                                ClusterProfile.Component.class,
                                text(endpoint, "component").orElse(""),
                                "component"),
                        text(endpoint, "url")
                                .orElseThrow(() -> new IllegalArgumentException("an endpoint needs a url"))));
            }
            nodes.add(new ClusterProfile.Node(
                    name,
                    text(node, "role")
                            .map(r -> parse(ClusterProfile.Role.class, r, "role"))
                            .orElse(ClusterProfile.Role.WORKER),
                    text(node, "address"),
                    text(node, "localRoot")
                            .or(() -> localRoot.map(r -> Path.of(r, name).toString())),
                    endpoints));
        }
        return new ClusterProfile(
                id,
                text(item, "flavour")
                        .map(f -> parse(ClusterFlavour.class, f, "flavour"))
                        .orElse(ClusterFlavour.KUBEADM),
                labels,
                text(item, "apiEndpoint"),
                management,
                nodes,
                text(item, "nodeAccess")
                        .map(a -> parse(NodeAccessMode.class, a, "nodeAccess"))
                        .orElse(NodeAccessMode.LOCAL));
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.asText().isBlank() ? Optional.of(value.asText()) : Optional.empty();
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
