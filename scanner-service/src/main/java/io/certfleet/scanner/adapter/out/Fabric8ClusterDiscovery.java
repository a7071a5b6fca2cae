package io.certfleet.scanner.adapter.out;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.certfleet.scanner.application.ClusterDiscovery;
import io.certfleet.scanner.config.ManagementClusterSettings;
import io.certfleet.scanner.domain.inventory.Cluster;
import io.certfleet.scanner.domain.inventory.ClusterFlavour;
import io.certfleet.scanner.domain.inventory.ClusterNode;
import io.certfleet.scanner.domain.inventory.ClusterOrigin;
import io.certfleet.scanner.domain.inventory.Endpoint;
import io.certfleet.scanner.domain.inventory.EndpointComponent;
import io.certfleet.scanner.domain.inventory.ManagementRef;
import io.certfleet.scanner.domain.inventory.NodeAccess;
import io.certfleet.scanner.domain.inventory.NodeRole;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ClusterDiscovery} with Fabric8, as seed 000 does by hand: {@code kubectl get clusters -n <ns>}, the
 * {@code <c>-kubeconfig} Secret for the API endpoint, the {@code <c>-ssh} Secret's existence, and the Machines
 * (InternalIP, control-plane label) as the cluster's nodes. The kubeconfig's credentials and the SSH key are never
 * kept: only the server URL is taken from the one, only the existence of the other.
 */
@Singleton
final class Fabric8ClusterDiscovery implements ClusterDiscovery {
    private static final Logger LOG = LoggerFactory.getLogger(Fabric8ClusterDiscovery.class);
    private static final YAMLMapper YAML = new YAMLMapper();

    private final ManagementClients clients;

    Fabric8ClusterDiscovery(ManagementClients clients) {
        this.clients = clients;
    }

    @Override
    public List<String> managementClusters() {
        return clients.all().stream()
                .filter(ManagementClusterSettings::discover)
                .map(ManagementClusterSettings::name)
                .toList();
    }

    @Override
    public List<Cluster> discover(String managementCluster) {
        ManagementClusterSettings settings = clients.settings(managementCluster)
                .orElseThrow(() -> new DiscoveryException(
                        "management cluster '" + managementCluster + "' is not configured", false, null));
        try {
            KubernetesClient client = clients.client(managementCluster);
            List<GenericKubernetesResource> found = new ArrayList<>();
            if (settings.namespaces().isEmpty()) {
                found.addAll(client.genericKubernetesResources(ClusterApiKinds.CLUSTER)
                        .inAnyNamespace()
                        .list()
                        .getItems());
            } else {
                for (String namespace : settings.namespaces()) {
                    found.addAll(client.genericKubernetesResources(ClusterApiKinds.CLUSTER)
                            .inNamespace(namespace)
                            .list()
                            .getItems());
                }
            }
            found.sort(Comparator.comparing(
                    r -> r.getMetadata().getNamespace() + "/" + r.getMetadata().getName()));
            List<Cluster> clusters = new ArrayList<>();
            for (GenericKubernetesResource resource : found) {
                try {
                    clusters.add(cluster(client, settings, resource));
                } catch (IllegalArgumentException e) {
                    LOG.warn(
                            "discovered cluster {}/{} in {} is skipped: {}",
                            resource.getMetadata().getNamespace(),
                            resource.getMetadata().getName(),
                            managementCluster,
                            e.getMessage());
                }
            }
            return clusters;
        } catch (KubernetesClientException e) {
            boolean retryable = e.getCode() == 0 || e.getCode() >= 500 || e.getCode() == 429;
            throw new DiscoveryException(
                    "listing Cluster API clusters in " + managementCluster + " failed (HTTP " + e.getCode() + ")",
                    retryable,
                    e);
        } catch (RuntimeException e) {
            throw new DiscoveryException(
                    "listing Cluster API clusters in " + managementCluster + " failed ("
                            + e.getClass().getSimpleName() + ")",
                    true,
                    e);
        }
    }

    private Cluster cluster(
            KubernetesClient client, ManagementClusterSettings settings, GenericKubernetesResource resource) {
        String name = resource.getMetadata().getName();
        String namespace = resource.getMetadata().getNamespace();
        Map<String, String> labels = new LinkedHashMap<>();
        if (resource.getMetadata().getLabels() != null) {
            labels.putAll(resource.getMetadata().getLabels());
        }
        Optional<String> server = kubeconfigServer(client, namespace, name).or(() -> controlPlaneEndpoint(resource));
        boolean ssh = exists(client, namespace, name + "-ssh");
        List<Machine> machines = machines(client, namespace, name);
        Optional<Endpoint> api = server.flatMap(Fabric8ClusterDiscovery::endpoint);
        List<ClusterNode> nodes = new ArrayList<>();
        boolean apiOnNode = false;
        for (Machine machine : machines) {
            List<Endpoint> endpoints = new ArrayList<>();
            if (api.isPresent()
                    && machine.address().equals(Optional.of(api.get().host()))) {
                endpoints.add(api.get());
                apiOnNode = true;
            }
            if (settings.defaultPorts() && machine.address().isPresent()) {
                String ip = machine.address().get();
                if (machine.role() == NodeRole.CONTROL_PLANE) {
                    addDefault(endpoints, EndpointComponent.APISERVER, ip);
                    addDefault(endpoints, EndpointComponent.ETCD, ip);
                }
                addDefault(endpoints, EndpointComponent.KUBELET, ip);
            }
            Optional<String> localRoot = settings.nodeAccess() == NodeAccess.LOCAL
                    ? settings.localRoot()
                            .map(root -> Path.of(root, name, machine.nodeName()).toString())
                    : Optional.empty();
            nodes.add(new ClusterNode(machine.nodeName(), machine.role(), machine.address(), localRoot, endpoints));
        }
        return new Cluster(
                name,
                flavour(resource),
                labels,
                server,
                Optional.of(new ManagementRef(settings.name(), namespace, name)),
                ssh,
                settings.nodeAccess(),
                ClusterOrigin.DISCOVERED,
                Optional.empty(),
                nodes,
                apiOnNode || api.isEmpty() ? List.of() : List.of(api.get()));
    }

    private static void addDefault(List<Endpoint> endpoints, EndpointComponent component, String ip) {
        String host = ip.contains(":") ? "[" + ip + "]" : ip;
        Endpoint endpoint = new Endpoint(component, "https://" + host + ":" + component.defaultPort());
        if (endpoints.stream().noneMatch(e -> e.url().equals(endpoint.url()))) {
            endpoints.add(endpoint);
        }
    }

    private static ClusterFlavour flavour(GenericKubernetesResource resource) {
        Map<String, String> labels = resource.getMetadata().getLabels() == null
                ? Map.of()
                : resource.getMetadata().getLabels();
        Map<String, String> annotations = resource.getMetadata().getAnnotations() == null
                ? Map.of()
                : resource.getMetadata().getAnnotations();
        boolean tanzu = labels.keySet().stream().anyMatch(k -> k.contains("tanzu.vmware.com"))
                || annotations.keySet().stream().anyMatch(k -> k.contains("tanzu.vmware.com"));
        return tanzu ? ClusterFlavour.TKG : ClusterFlavour.CLUSTER_API;
    }

    /** The server of the {@code <c>-kubeconfig} Secret; nothing else of it is kept. */
    private static Optional<String> kubeconfigServer(KubernetesClient client, String namespace, String name) {
        Secret secret = client.secrets()
                .inNamespace(namespace)
                .withName(name + "-kubeconfig")
                .get();
        if (secret == null || secret.getData() == null || secret.getData().get("value") == null) {
            return Optional.empty();
        }
        try {
            JsonNode config = YAML.readTree(
                    Base64.getMimeDecoder().decode(secret.getData().get("value")));
            String context = config.path("current-context").asText("");
            String clusterName = "";
            for (JsonNode c : config.path("contexts")) {
                if (context.equals(c.path("name").asText())) {
                    clusterName = c.path("context").path("cluster").asText("");
                }
            }
            for (JsonNode c : config.path("clusters")) {
                if (clusterName.isEmpty() || clusterName.equals(c.path("name").asText())) {
                    String server = c.path("cluster").path("server").asText("");
                    return server.isBlank() ? Optional.empty() : Optional.of(server);
                }
            }
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            // the message of a YAML error may quote key material: say nothing of it
            LOG.warn("the kubeconfig Secret {}/{}-kubeconfig cannot be read as a kubeconfig", namespace, name);
            return Optional.empty();
        }
    }

    private static Optional<String> controlPlaneEndpoint(GenericKubernetesResource cluster) {
        Optional<String> host = ResourceFields.text(cluster, "spec", "controlPlaneEndpoint", "host");
        Optional<String> port = ResourceFields.text(cluster, "spec", "controlPlaneEndpoint", "port");
        return host.map(h -> "https://" + h + ":" + port.orElse("6443"));
    }

    private static Optional<Endpoint> endpoint(String server) {
        try {
            URI uri = URI.create(server);
            int port = uri.getPort() > 0 ? uri.getPort() : 443;
            return Optional.of(new Endpoint(EndpointComponent.APISERVER, "https://" + uri.getHost() + ":" + port));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether a Secret exists. Its data is never looked at (for {@code -ssh}: the node key); where RBAC denies
     * reading it, as it should once no break-glass is needed, it counts as absent.
     */
    private static boolean exists(KubernetesClient client, String namespace, String name) {
        try {
            return client.secrets().inNamespace(namespace).withName(name).get() != null;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403) {
                return false;
            }
            throw e;
        }
    }

    private record Machine(String nodeName, NodeRole role, Optional<String> address) {}

    private static List<Machine> machines(KubernetesClient client, String namespace, String cluster) {
        List<Machine> machines = new ArrayList<>();
        for (GenericKubernetesResource machine : client.genericKubernetesResources(ClusterApiKinds.MACHINE)
                .inNamespace(namespace)
                .withLabel(ClusterApiKinds.CLUSTER_NAME_LABEL, cluster)
                .list()
                .getItems()) {
            String nodeName = ResourceFields.text(machine, "status", "nodeRef", "name")
                    .orElse(machine.getMetadata().getName());
            Map<String, String> labels = machine.getMetadata().getLabels() == null
                    ? Map.of()
                    : machine.getMetadata().getLabels();
            NodeRole role =
                    labels.containsKey(ClusterApiKinds.CONTROL_PLANE_LABEL) ? NodeRole.CONTROL_PLANE : NodeRole.WORKER;
            Optional<String> address = Optional.empty();
            for (Object entry : ResourceFields.list(machine, "status", "addresses")) {
                if (ResourceFields.text(entry, "type").equals(Optional.of("InternalIP"))) {
                    address = ResourceFields.text(entry, "address");
                    break;
                }
            }
            machines.add(new Machine(nodeName, role, address));
        }
        machines.sort(Comparator.comparing(Machine::nodeName));
        return machines;
    }
}
