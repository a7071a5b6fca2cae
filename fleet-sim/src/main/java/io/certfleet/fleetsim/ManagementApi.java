package io.certfleet.fleetsim;

import io.certfleet.pki.issue.Pem;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SIMULATED management cluster: one Fabric8 mock server for the whole fleet, one namespace
 * per cluster (as Cluster API management clusters are usually laid out). Every namespace holds the
 * cluster's access Secrets ({@code <c>-kubeconfig}, {@code <c>-ssh}, {@code <c>-ca}, {@code
 * <c>-etcd}, {@code <c>-proxy}, {@code <c>-sa}); Cluster API clusters also get their Cluster,
 * KubeadmControlPlane, MachineDeployment, MachineSet and Machines.
 */
final class ManagementApi implements AutoCloseable {

    static final String CAPI_VERSION = "cluster.x-k8s.io/v1beta1";
    static final String KCP_VERSION = "controlplane.cluster.x-k8s.io/v1beta1";
    static final String CLUSTER_NAME_LABEL = "cluster.x-k8s.io/cluster-name";
    static final String SIMULATED_LABEL = "certfleet.io/simulated";

    private static final List<CustomResourceDefinitionContext> CLUSTER_API_KINDS = List.of(
            kind("cluster.x-k8s.io", "Cluster", "clusters"),
            kind("cluster.x-k8s.io", "Machine", "machines"),
            kind("cluster.x-k8s.io", "MachineSet", "machinesets"),
            kind("cluster.x-k8s.io", "MachineDeployment", "machinedeployments"),
            kind("controlplane.cluster.x-k8s.io", "KubeadmControlPlane", "kubeadmcontrolplanes"));

    private final MockApiServer api;

    private ManagementApi(MockApiServer api) {
        this.api = api;
    }

    static ManagementApi start() {
        return new ManagementApi(MockApiServer.start(CLUSTER_API_KINDS, "v1.30.6"));
    }

    KubernetesClient client() {
        return api.client();
    }

    void register(SimulatedCluster cluster) {
        KubernetesClient client = client();
        String namespace = cluster.namespace();
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(namespace)
                        .addToLabels(SIMULATED_LABEL, "true")
                        .addToLabels(
                                "certfleet.io/flavour", cluster.flavour().name().toLowerCase())
                        .endMetadata()
                        .build())
                .create();
        ClusterSecrets secrets = cluster.secrets();
        secret(client, cluster, "kubeconfig", "cluster.x-k8s.io/secret", Map.of("value", secrets.kubeconfig()));
        secret(
                client,
                cluster,
                "ssh",
                "kubernetes.io/ssh-auth",
                Map.of("ssh-privatekey", secrets.sshPrivateKeyPem(), "ssh-publickey", secrets.sshPublicKey()));
        secret(client, cluster, "ca", "cluster.x-k8s.io/secret", tls(secrets.ca()));
        secret(client, cluster, "etcd", "cluster.x-k8s.io/secret", tls(secrets.etcdCa()));
        secret(client, cluster, "proxy", "cluster.x-k8s.io/secret", tls(secrets.frontProxyCa()));
        secret(
                client,
                cluster,
                "sa",
                "cluster.x-k8s.io/secret",
                Map.of(
                        "tls.crt", Pem.encodePublicKey(secrets.serviceAccount().getPublic()),
                        "tls.key",
                                Pem.encodePrivateKeyTraditional(
                                        secrets.serviceAccount().getPrivate())));
        if (cluster.flavour() == ClusterFlavour.CLUSTER_API) {
            clusterApiObjects(client, cluster);
        }
    }

    private static Map<String, String> tls(io.certfleet.pki.issue.CertifiedKey ca) {
        return Map.of(
                "tls.crt", Pem.encodeCertificate(ca.certificate()),
                "tls.key", Pem.encodePrivateKeyTraditional(ca.privateKey()));
    }

    private static void secret(
            KubernetesClient client, SimulatedCluster cluster, String suffix, String type, Map<String, String> data) {
        Map<String, String> encoded = new LinkedHashMap<>();
        data.forEach((key, value) ->
                encoded.put(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        client.secrets()
                .inNamespace(cluster.namespace())
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName(cluster.name() + "-" + suffix)
                        .withNamespace(cluster.namespace())
                        .addToLabels(CLUSTER_NAME_LABEL, cluster.name())
                        .addToLabels(SIMULATED_LABEL, "true")
                        .endMetadata()
                        .withType(type)
                        .withData(encoded)
                        .build())
                .create();
    }

    private void clusterApiObjects(KubernetesClient client, SimulatedCluster cluster) {
        String name = cluster.name();
        String namespace = cluster.namespace();
        String version = cluster.kubernetesVersion();
        String kcpName = name + "-control-plane";
        String mdName = name + "-md-0";
        List<SimulatedNode> controlPlanes = cluster.controlPlaneNodes();
        List<SimulatedNode> workers = cluster.workers();
        String msName = workers.isEmpty()
                ? mdName + "-none"
                : machineSetOf(workers.get(0).name());
        String endpointHost =
                cluster.apiserverUrl().replaceFirst("^https://", "").replaceFirst(":\\d+$", "");
        int endpointPort = Integer.parseInt(cluster.apiserverUrl().replaceFirst(".*:", ""));
        long readyControlPlanes =
                controlPlanes.stream().filter(SimulatedNode::ready).count();
        long readyWorkers = workers.stream().filter(SimulatedNode::ready).count();

        create(
                client,
                resource(CAPI_VERSION, "Cluster", name, namespace, cluster)
                        .withAdditionalProperties(Map.of(
                                "spec",
                                Map.of(
                                        "controlPlaneEndpoint", Map.of("host", endpointHost, "port", endpointPort),
                                        "controlPlaneRef",
                                                Map.of(
                                                        "apiVersion",
                                                        KCP_VERSION,
                                                        "kind",
                                                        "KubeadmControlPlane",
                                                        "name",
                                                        kcpName),
                                        "clusterNetwork",
                                                Map.of(
                                                        "services",
                                                        Map.of("cidrBlocks", List.of("10.96.0.0/12")),
                                                        "serviceDomain",
                                                        "cluster.local")),
                                "status",
                                Map.of(
                                        "phase", "Provisioned",
                                        "controlPlaneReady", true,
                                        "infrastructureReady", true)))
                        .build());

        create(
                client,
                resource(KCP_VERSION, "KubeadmControlPlane", kcpName, namespace, cluster)
                        .withAdditionalProperties(Map.of(
                                "spec",
                                Map.of(
                                        "replicas", controlPlanes.size(),
                                        "version", version,
                                        "kubeadmConfigSpec",
                                                Map.of(
                                                        "clusterConfiguration",
                                                        Map.of("certificatesDir", "/etc/kubernetes/pki")),
                                        "machineTemplate",
                                                Map.of(
                                                        "infrastructureRef",
                                                        Map.of("kind", "SimulatedMachineTemplate", "name", kcpName))),
                                "status",
                                Map.of(
                                        "replicas",
                                        controlPlanes.size(),
                                        "readyReplicas",
                                        readyControlPlanes,
                                        "updatedReplicas",
                                        controlPlanes.size(),
                                        "unavailableReplicas",
                                        controlPlanes.size() - readyControlPlanes,
                                        "version",
                                        version,
                                        "initialized",
                                        true,
                                        "ready",
                                        readyControlPlanes > 0)))
                        .build());

        create(
                client,
                resource(CAPI_VERSION, "MachineDeployment", mdName, namespace, cluster)
                        .withAdditionalProperties(Map.of(
                                "spec",
                                Map.of(
                                        "clusterName", name,
                                        "replicas", workers.size(),
                                        "template", Map.of("spec", Map.of("clusterName", name, "version", version))),
                                "status",
                                Map.of(
                                        "replicas",
                                        workers.size(),
                                        "readyReplicas",
                                        readyWorkers,
                                        "updatedReplicas",
                                        workers.size(),
                                        "phase",
                                        "Running")))
                        .build());
        create(
                client,
                resource(CAPI_VERSION, "MachineSet", msName, namespace, cluster)
                        .editMetadata()
                        .addToLabels("cluster.x-k8s.io/deployment-name", mdName)
                        .endMetadata()
                        .withAdditionalProperties(Map.of(
                                "spec", Map.of("clusterName", name, "replicas", workers.size()),
                                "status", Map.of("replicas", workers.size(), "readyReplicas", readyWorkers)))
                        .build());

        for (SimulatedNode node : cluster.nodes()) {
            GenericKubernetesResourceBuilder machine =
                    resource(CAPI_VERSION, "Machine", node.name(), namespace, cluster);
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("clusterName", name);
            spec.put("version", node.kubeletVersion());
            spec.put("failureDomain", node.zone());
            spec.put("providerID", "simulated://" + name + "/" + node.name());
            if (node.role() == NodeRole.CONTROL_PLANE) {
                machine.editMetadata()
                        .addToLabels("cluster.x-k8s.io/control-plane", "")
                        .addToLabels("cluster.x-k8s.io/control-plane-name", kcpName)
                        .addNewOwnerReference()
                        .withApiVersion(KCP_VERSION)
                        .withKind("KubeadmControlPlane")
                        .withName(kcpName)
                        .withUid("kcp-" + name)
                        .withController(true)
                        .endOwnerReference()
                        .endMetadata();
            } else {
                machine.editMetadata()
                        .addToLabels("cluster.x-k8s.io/deployment-name", mdName)
                        .addToLabels("cluster.x-k8s.io/set-name", msName)
                        .addNewOwnerReference()
                        .withApiVersion(CAPI_VERSION)
                        .withKind("MachineSet")
                        .withName(msName)
                        .withUid("ms-" + name)
                        .withController(true)
                        .endOwnerReference()
                        .endMetadata();
            }
            List<Map<String, Object>> conditions = new ArrayList<>();
            conditions.add(Map.of("type", "Ready", "status", "True"));
            conditions.add(Map.of(
                    "type", "NodeHealthy",
                    "status", node.ready() ? "True" : "False",
                    "reason", node.ready() ? "" : "NodeConditionsFailed"));
            create(
                    client,
                    machine.withAdditionalProperties(Map.of(
                                    "spec",
                                    spec,
                                    "status",
                                    Map.of(
                                            "phase", "Running",
                                            "nodeRef", Map.of("apiVersion", "v1", "kind", "Node", "name", node.name()),
                                            "addresses",
                                                    List.of(
                                                            Map.of("type", "InternalIP", "address", node.hostIp()),
                                                            Map.of("type", "Hostname", "address", node.name())),
                                            "nodeInfo", Map.of("kubeletVersion", node.kubeletVersion()),
                                            "conditions", conditions)))
                            .build());
        }
    }

    /** CAPI machine names are {@code <machineset>-<5 chars>}. */
    private static String machineSetOf(String machineName) {
        return machineName.substring(0, machineName.lastIndexOf('-'));
    }

    private static GenericKubernetesResourceBuilder resource(
            String apiVersion, String kind, String name, String namespace, SimulatedCluster cluster) {
        return new GenericKubernetesResourceBuilder()
                .withApiVersion(apiVersion)
                .withKind(kind)
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .addToLabels(CLUSTER_NAME_LABEL, cluster.name())
                .endMetadata();
    }

    private static void create(KubernetesClient client, GenericKubernetesResource resource) {
        client.genericKubernetesResources(resource.getApiVersion(), resource.getKind())
                .inNamespace(resource.getMetadata().getNamespace())
                .resource(resource)
                .create();
    }

    private static CustomResourceDefinitionContext kind(String group, String kind, String plural) {
        return new CustomResourceDefinitionContext.Builder()
                .withGroup(group)
                .withVersion("v1beta1")
                .withKind(kind)
                .withPlural(plural)
                .withName(plural + "." + group)
                .withScope("Namespaced")
                .build();
    }

    @Override
    public void close() {
        api.close();
    }
}
