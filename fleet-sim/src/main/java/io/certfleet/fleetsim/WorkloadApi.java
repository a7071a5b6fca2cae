package io.certfleet.fleetsim;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SIMULATED API of one workload cluster: Nodes (roles, zones, addresses, kubelet versions,
 * Ready), the {@code kubeadm-config} ConfigMap, and the PodDisruptionBudget fault. Started on
 * first use.
 */
final class WorkloadApi implements AutoCloseable {

    /** Namespace of the pods that a PodDisruptionBudget fault protects. */
    static final String GUARDED_NAMESPACE = "guarded";

    private final MockApiServer api;
    private final SimulatedCluster cluster;

    private WorkloadApi(MockApiServer api, SimulatedCluster cluster) {
        this.api = api;
        this.cluster = cluster;
    }

    static WorkloadApi start(SimulatedCluster cluster) {
        WorkloadApi workload = new WorkloadApi(MockApiServer.start(List.of(), cluster.kubernetesVersion()), cluster);
        try {
            workload.populate();
        } catch (RuntimeException e) {
            workload.close();
            throw e;
        }
        return workload;
    }

    KubernetesClient client() {
        return api.client();
    }

    InetSocketAddress address() {
        return api.address();
    }

    synchronized void updateNode(SimulatedNode node) {
        client().nodes().resource(node(node)).update();
    }

    private void populate() {
        KubernetesClient client = client();
        for (String namespace : List.of("default", "kube-system", "kube-public", "kube-node-lease")) {
            client.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(namespace)
                            .endMetadata()
                            .build())
                    .create();
        }
        cluster.nodes().forEach(node -> client.nodes().resource(node(node)).create());
        client.configMaps()
                .inNamespace("kube-system")
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("kubeadm-config")
                        .withNamespace("kube-system")
                        .endMetadata()
                        .addToData("ClusterConfiguration", clusterConfiguration())
                        .build())
                .create();
        List<SimulatedNode> guarded =
                cluster.nodes().stream().filter(SimulatedNode::drainBlocked).toList();
        if (!guarded.isEmpty()) {
            blockDrains(client, guarded);
        }
    }

    private String clusterConfiguration() {
        String endpoint = cluster.apiserverUrl().substring("https://".length());
        return """
                apiVersion: kubeadm.k8s.io/v1beta3
                kind: ClusterConfiguration
                certificatesDir: /etc/kubernetes/pki
                clusterName: %s
                controlPlaneEndpoint: %s
                kubernetesVersion: %s
                networking:
                  dnsDomain: cluster.local
                  serviceSubnet: 10.96.0.0/12
                """.formatted(cluster.name(), endpoint, cluster.kubernetesVersion());
    }

    /**
     * One pod per guarded node, owned by a ReplicaSet (so a drain may not simply skip it), and a
     * PodDisruptionBudget with no disruption allowed: {@link PodAwareDispatcher} then answers the
     * eviction with 429, as the API server does.
     */
    private void blockDrains(KubernetesClient client, List<SimulatedNode> guarded) {
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(GUARDED_NAMESPACE)
                        .endMetadata()
                        .build())
                .create();
        for (SimulatedNode node : guarded) {
            String pod = "guarded-" + node.name();
            client.pods()
                    .inNamespace(GUARDED_NAMESPACE)
                    .resource(new PodBuilder()
                            .withNewMetadata()
                            .withName(pod)
                            .withNamespace(GUARDED_NAMESPACE)
                            .addToLabels("app", "guarded")
                            .addNewOwnerReference()
                            .withApiVersion("apps/v1")
                            .withKind("ReplicaSet")
                            .withName("guarded-7d4b9c")
                            .withUid("00000000-0000-4000-8000-00000000d1a9")
                            .withController(true)
                            .endOwnerReference()
                            .endMetadata()
                            .withNewSpec()
                            .withNodeName(node.name())
                            .addNewContainer()
                            .withName("app")
                            .withImage("registry.k8s.io/pause:3.10")
                            .endContainer()
                            .endSpec()
                            .withNewStatus()
                            .withPhase("Running")
                            .endStatus()
                            .build())
                    .create();
        }
        client.policy()
                .v1()
                .podDisruptionBudget()
                .inNamespace(GUARDED_NAMESPACE)
                .resource(new PodDisruptionBudgetBuilder()
                        .withNewMetadata()
                        .withName("guarded")
                        .withNamespace(GUARDED_NAMESPACE)
                        .endMetadata()
                        .withNewSpec()
                        .withNewMinAvailable(guarded.size())
                        .withNewSelector()
                        .addToMatchLabels("app", "guarded")
                        .endSelector()
                        .endSpec()
                        .withNewStatus()
                        .withCurrentHealthy(guarded.size())
                        .withDesiredHealthy(guarded.size())
                        .withExpectedPods(guarded.size())
                        .withDisruptionsAllowed(0)
                        .endStatus()
                        .build())
                .create();
    }

    private Node node(SimulatedNode node) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("kubernetes.io/hostname", node.name());
        labels.put("kubernetes.io/os", "linux");
        labels.put("kubernetes.io/arch", "amd64");
        labels.put("topology.kubernetes.io/zone", node.zone());
        labels.put("topology.kubernetes.io/region", "sim-region");
        KubeadmConventions conventions = KubeadmConventions.of(cluster.spec());
        NodeBuilder builder = new NodeBuilder()
                .withNewMetadata()
                .withName(node.name())
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .endSpec();
        if (node.role() == NodeRole.CONTROL_PLANE) {
            labels.put("node-role.kubernetes.io/control-plane", "");
            if (conventions.labelsMasterRole()) {
                labels.put("node-role.kubernetes.io/master", "");
            }
            builder.editSpec()
                    .addToTaints(new TaintBuilder()
                            .withKey("node-role.kubernetes.io/control-plane")
                            .withEffect("NoSchedule")
                            .build())
                    .endSpec();
        }
        builder.editMetadata().withLabels(labels).endMetadata();
        boolean ready = node.ready();
        String now = cluster.clock().instant().toString();
        NodeCondition readyCondition = new NodeConditionBuilder()
                .withType("Ready")
                .withStatus(ready ? "True" : "False")
                .withReason(ready ? "KubeletReady" : "KubeletNotReady")
                .withMessage(
                        ready
                                ? "kubelet is posting ready status"
                                : "container runtime network not ready: NetworkReady=false (simulated fault)")
                .withLastHeartbeatTime(now)
                .withLastTransitionTime(now)
                .build();
        return builder.withNewStatus()
                .addNewAddress()
                .withType("InternalIP")
                .withAddress(node.hostIp())
                .endAddress()
                .addNewAddress()
                .withType("Hostname")
                .withAddress(node.name())
                .endAddress()
                .withConditions(readyCondition)
                .withNewNodeInfo()
                .withKubeletVersion(node.kubeletVersion())
                .withKubeProxyVersion(node.kubeletVersion())
                .withContainerRuntimeVersion("containerd://1.7.22")
                .withOperatingSystem("linux")
                .withArchitecture("amd64")
                .withOsImage("certfleet simulated node")
                .endNodeInfo()
                .endStatus()
                .build();
    }

    @Override
    public void close() {
        api.close();
    }
}
