package io.certfleet.cli.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.certfleet.fleetsim.SimulatedCluster;
import io.certfleet.fleetsim.SimulatedFleet;
import io.certfleet.fleetsim.SimulatedNode;
import io.certfleet.fleetsim.TlsEndpoint;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Registers the simulated clusters with scanner-service through its REST API, as a platform team
 * registers clusters that no management cluster knows, and asks for a scan of each.
 */
final class DemoScan {
    /** The name scanner-service knows the simulated management cluster by (see {@link #scannerProperties}). */
    static final String MANAGEMENT_CLUSTER = "demo-management";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final SimulatedFleet fleet;

    DemoScan(ServiceProcess scanner, SimulatedFleet fleet) {
        this.base = scanner.baseUri();
        this.fleet = fleet;
    }

    /** What scanner-service needs to read the simulated management cluster; clusters are registered, not discovered. */
    static Map<String, String> scannerProperties(SimulatedFleet fleet) {
        String prefix = "certfleet.scanner.management-clusters." + MANAGEMENT_CLUSTER + ".";
        return Map.of(
                prefix + "url",
                fleet.managementApi().getMasterUrl().toString(),
                prefix + "discover",
                "false",
                prefix + "node-access",
                "LOCAL",
                "certfleet.scanner.dispatch-interval",
                "500ms");
    }

    /**
     * What renewal-service needs: the same cluster documents as an inventory file (it learns nodes, labels and
     * endpoints from it), the management cluster for the kubeconfig Secrets it refreshes, and the demo's policy —
     * prod clusters wait for a person's approval, the others renew at once. The simulator has no Cluster API
     * controller to roll Machines, so every cluster renews in place.
     */
    static Map<String, String> renewalProperties(SimulatedFleet fleet, Path inventoryFile) {
        writeInventory(fleet, inventoryFile);
        Map<String, String> properties = new java.util.LinkedHashMap<>();
        properties.put("certfleet.renewal.inventory-file", inventoryFile.toString());
        properties.put(
                "certfleet.renewal.management-clusters." + MANAGEMENT_CLUSTER + ".url",
                fleet.managementApi().getMasterUrl().toString());
        properties.put("certfleet.renewal.worker-interval", "500ms");
        properties.put("certfleet.renewal.rules.prod.order", "1");
        properties.put("certfleet.renewal.rules.prod.selector", "environment=prod");
        properties.put("certfleet.renewal.rules.prod.approval-required", "true");
        properties.put("certfleet.renewal.rules.prod.strategy", "KUBEADM_IN_PLACE");
        properties.put("certfleet.renewal.rules.other.order", "2");
        properties.put("certfleet.renewal.rules.other.approval-required", "false");
        properties.put("certfleet.renewal.rules.other.strategy", "KUBEADM_IN_PLACE");
        return properties;
    }

    private static void writeInventory(SimulatedFleet fleet, Path file) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode clusters = root.putArray("clusters");
        fleet.clusters().forEach(cluster -> clusters.add(registration(cluster)));
        try {
            Files.createDirectories(file.getParent());
            // JSON is YAML: the inventory-file format of both services
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
        } catch (IOException e) {
            throw new DemoException("cannot write the inventory file " + file + ": " + e.getMessage(), e);
        }
    }

    void registerAndScan() {
        for (SimulatedCluster cluster : fleet.clusters()) {
            post("/clusters", registration(cluster));
        }
        for (SimulatedCluster cluster : fleet.clusters()) {
            post("/clusters/" + cluster.name() + "/scans", JSON.createObjectNode());
        }
    }

    private static ObjectNode registration(SimulatedCluster cluster) {
        ObjectNode body = JSON.createObjectNode()
                .put("id", cluster.name())
                .put("flavour", cluster.spec().flavour().name())
                .put("nodeAccess", "LOCAL");
        body.putObject("labels")
                .put("team", "platform")
                .put("environment", cluster.name().split("-")[0]);
        // its Secrets (<c>-kubeconfig, -ca, -etcd, -proxy, -sa) live in the simulated management cluster
        body.putObject("management").put("cluster", MANAGEMENT_CLUSTER).put("namespace", cluster.namespace());
        ArrayNode nodes = body.putArray("nodes");
        for (SimulatedNode node : cluster.nodes()) {
            ObjectNode entry = nodes.addObject()
                    .put("name", node.name())
                    .put("role", node.role().name())
                    .put("address", node.hostIp())
                    .put("localRoot", node.root().toString());
            ArrayNode endpoints = entry.putArray("endpoints");
            node.apiserverEndpoint().ifPresent(e -> endpoint(endpoints, "APISERVER", e));
            node.etcdEndpoint().ifPresent(e -> endpoint(endpoints, "ETCD", e));
        }
        return body;
    }

    private static void endpoint(ArrayNode endpoints, String component, TlsEndpoint endpoint) {
        endpoints.addObject().put("component", component).put("url", endpoint.url());
    }

    private void post(String path, ObjectNode body) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(base.resolve(path))
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new DemoException("scanner-service answered " + response.statusCode() + " to POST " + path + ": "
                        + response.body());
            }
        } catch (IOException e) {
            throw new DemoException("cannot reach scanner-service: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoException("interrupted", e);
        }
    }
}
