package io.certfleet.scanner.adapter.in;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.certfleet.scanner.domain.inventory.Cluster;
import io.certfleet.scanner.domain.inventory.ClusterOrigin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The declarative inventory file: YAML with a {@code clusters} list of {@link ClusterDocument}s.
 *
 * <pre>{@code
 * clusters:
 *   - id: prod-euw1-01
 *     labels: {team: payments, environment: prod, ring: "1"}
 *     nodeAccess: KUBERNETES_JOB
 *     nodes:
 *       - {name: cp-1, role: CONTROL_PLANE, address: 10.0.0.11,
 *          endpoints: [{component: APISERVER, url: "https://10.0.0.11:6443"}]}
 * }</pre>
 */
final class InventoryFile {
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private InventoryFile() {}

    /**
     * @throws IllegalArgumentException naming the cluster or the line that is wrong; nothing is applied then
     */
    static List<Cluster> read(Path file) throws IOException {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readAllBytes(file));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not valid YAML at line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()));
        }
        List<Cluster> clusters = new ArrayList<>();
        if (root == null || root.isNull() || root.isMissingNode()) {
            return clusters;
        }
        if (!root.path("clusters").isArray()) {
            throw new IllegalArgumentException("the file needs a 'clusters' list");
        }
        Set<String> ids = new HashSet<>();
        for (JsonNode item : root.path("clusters")) {
            ClusterDocument document;
            try {
                document = YAML.treeToValue(item, ClusterDocument.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException("cluster entry " + (clusters.size() + 1) + " is malformed");
            }
            Cluster cluster = document.toCluster(ClusterOrigin.FILE);
            if (!ids.add(cluster.id())) {
                throw new IllegalArgumentException("cluster " + cluster.id() + " is listed twice");
            }
            clusters.add(cluster);
        }
        return clusters;
    }
}
