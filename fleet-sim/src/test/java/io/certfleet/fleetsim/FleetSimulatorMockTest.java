package io.certfleet.fleetsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.certfleet.pki.issue.KeyAlgorithm;
import io.certfleet.pki.issue.Pem;
import io.certfleet.pki.kubeadm.CertificateAuthority;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateExpiredException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulated Kubernetes APIs: the management API for the fleet and each cluster's own API. */
class FleetSimulatorMockTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @TempDir
    static Path root;

    private static SimulatedFleet fleet;
    private static SimulatedCluster capi;
    private static SimulatedCluster plain;

    @BeforeAll
    static void buildFleet() {
        fleet = FleetSimulator.create(
                FleetSpec.builder(2024)
                        .cluster(c -> c.name("capi")
                                .flavour(ClusterFlavour.CLUSTER_API)
                                .kubernetesVersion("v1.30.6")
                                .controlPlaneNodes(3)
                                .workers(3)
                                .fault(Fault.nodeNeverReady(NodeSelector.worker(0)))
                                .fault(Fault.drainBlockedByPodDisruptionBudget(NodeSelector.worker(1))))
                        .cluster(c -> c.name("plain")
                                .flavour(ClusterFlavour.KUBEADM)
                                .kubernetesVersion("v1.29.10")
                                .controlPlaneNodes(1)
                                .workers(1)
                                .fault(Fault.apiserverCertificateExpired()))
                        .build(),
                root,
                Clock.fixed(NOW, ZoneOffset.UTC));
        capi = fleet.cluster("capi").orElseThrow();
        plain = fleet.cluster("plain").orElseThrow();
    }

    @AfterAll
    static void closeFleet() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void management_api_has_a_namespace_and_access_secrets_per_cluster() throws Exception {
        KubernetesClient management = fleet.managementApi();

        assertThat(management
                        .namespaces()
                        .withLabel(ManagementApi.SIMULATED_LABEL, "true")
                        .list()
                        .getItems())
                .extracting(n -> n.getMetadata().getName())
                .containsExactlyInAnyOrder("capi", "plain");
        for (SimulatedCluster cluster : fleet.clusters()) {
            List<Secret> secrets =
                    management.secrets().inNamespace(cluster.namespace()).list().getItems();
            assertThat(secrets)
                    .extracting(s -> s.getMetadata().getName())
                    .containsExactlyInAnyOrder(
                            cluster.name() + "-kubeconfig",
                            cluster.name() + "-ssh",
                            cluster.name() + "-ca",
                            cluster.name() + "-etcd",
                            cluster.name() + "-proxy",
                            cluster.name() + "-sa");

            Secret ca = secret(management, cluster, "ca");
            assertThat(Pem.decodeCertificate(data(ca, "tls.crt")))
                    .isEqualTo(Pem.decodeCertificate(Files.readString(
                            cluster.controlPlaneNodes().get(0).certDir().resolve("ca.crt"))));
            assertThat(KeyAlgorithm.of(Pem.decodePrivateKey(data(ca, "tls.key"))))
                    .isEqualTo(KeyAlgorithm.EC_P256);

            Secret ssh = secret(management, cluster, "ssh");
            assertThat(ssh.getType()).isEqualTo("kubernetes.io/ssh-auth");
            assertThat(data(ssh, "ssh-privatekey")).startsWith("-----BEGIN EC PRIVATE KEY-----");
            Pem.decodePrivateKey(data(ssh, "ssh-privatekey"));
            assertThat(data(ssh, "ssh-publickey")).startsWith("ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTY");

            JsonNode kubeconfig = new YAMLMapper().readTree(data(secret(management, cluster, "kubeconfig"), "value"));
            assertThat(kubeconfig.at("/clusters/0/cluster/server").asText()).isEqualTo(cluster.apiserverUrl());
            assertThat(kubeconfig.at("/users/0/name").asText()).isEqualTo(cluster.name() + "-admin");
            X509Certificate admin = Pem.decodeCertificate(new String(
                    Base64.getDecoder()
                            .decode(kubeconfig
                                    .at("/users/0/user/client-certificate-data")
                                    .asText()),
                    StandardCharsets.US_ASCII));
            admin.verify(cluster.authorityCertificate(CertificateAuthority.CA).getPublicKey());
            assertThat(admin.getSubjectX500Principal().getName()).isEqualTo("CN=kubernetes-admin,O=system:masters");
        }
    }

    @Test
    void cluster_api_objects_describe_the_capi_cluster_only() {
        KubernetesClient management = fleet.managementApi();

        List<GenericKubernetesResource> clusters = generic(management, "cluster.x-k8s.io/v1beta1", "Cluster", null);
        assertThat(clusters).extracting(c -> c.getMetadata().getName()).containsExactly("capi");

        GenericKubernetesResource kcp = generic(
                        management, "controlplane.cluster.x-k8s.io/v1beta1", "KubeadmControlPlane", "capi")
                .get(0);
        assertThat(kcp.getMetadata().getName()).isEqualTo("capi-control-plane");
        assertThat(kcp.<String>get("spec", "version")).isEqualTo("v1.30.6");
        assertThat(kcp.<Integer>get("spec", "replicas")).isEqualTo(3);
        assertThat(kcp.<Object>get("spec", "rolloutAfter")).isNull();

        List<GenericKubernetesResource> machines = generic(management, "cluster.x-k8s.io/v1beta1", "Machine", "capi");
        assertThat(machines)
                .extracting(m -> m.<String>get("status", "nodeRef", "name"))
                .containsExactlyInAnyOrderElementsOf(
                        capi.nodes().stream().map(SimulatedNode::name).toList());
        assertThat(machines.stream()
                        .filter(m -> m.getMetadata().getLabels().containsKey("cluster.x-k8s.io/control-plane"))
                        .count())
                .isEqualTo(3);
        for (GenericKubernetesResource machine : machines) {
            SimulatedNode node = capi.node(machine.getMetadata().getName()).orElseThrow();
            assertThat(machine.<String>get("spec", "failureDomain")).isEqualTo(node.zone());
        }
        assertThat(generic(management, "cluster.x-k8s.io/v1beta1", "Machine", "plain"))
                .isEmpty();
        assertThat(generic(management, "cluster.x-k8s.io/v1beta1", "MachineDeployment", "capi"))
                .extracting(m -> m.<Integer>get("spec", "replicas"))
                .containsExactly(3);
    }

    @Test
    void workload_api_holds_the_nodes_with_roles_zones_addresses_and_versions() {
        List<Node> nodes = capi.workloadApi().nodes().list().getItems();

        assertThat(nodes).hasSize(6);
        assertThat(capi.workloadApi()
                        .nodes()
                        .withLabel("node-role.kubernetes.io/control-plane")
                        .list()
                        .getItems())
                .extracting(n -> n.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(capi.controlPlaneNodes().stream()
                        .map(SimulatedNode::name)
                        .toList());
        for (Node node : nodes) {
            SimulatedNode simulated = capi.node(node.getMetadata().getName()).orElseThrow();
            assertThat(node.getMetadata().getLabels())
                    .containsEntry("topology.kubernetes.io/zone", simulated.zone())
                    .containsEntry("kubernetes.io/hostname", simulated.name());
            assertThat(node.getStatus().getAddresses()).anySatisfy(a -> {
                assertThat(a.getType()).isEqualTo("InternalIP");
                assertThat(a.getAddress()).isEqualTo(simulated.hostIp());
            });
            assertThat(node.getStatus().getNodeInfo().getKubeletVersion()).isEqualTo("v1.30.6");
        }
        assertThat(nodes.stream()
                        .map(n -> n.getMetadata().getLabels().get("topology.kubernetes.io/zone"))
                        .distinct())
                .hasSize(3);
    }

    @Test
    void never_ready_node_stays_not_ready_after_a_kubelet_restart() {
        SimulatedNode stuck = capi.workers().get(0);
        SimulatedNode healthy = capi.workers().get(2);

        assertThat(ready(capi.workloadApi(), stuck)).isEqualTo("False");
        assertThat(ready(capi.workloadApi(), healthy)).isEqualTo("True");

        stuck.restartKubelet();
        healthy.upgradeKubelet("v1.31.2");

        assertThat(ready(capi.workloadApi(), stuck)).isEqualTo("False");
        assertThat(ready(capi.workloadApi(), healthy)).isEqualTo("True");
        assertThat(capi.workloadApi()
                        .nodes()
                        .withName(healthy.name())
                        .get()
                        .getStatus()
                        .getNodeInfo()
                        .getKubeletVersion())
                .isEqualTo("v1.31.2");
    }

    @Test
    void pod_disruption_budget_blocks_evicting_the_guarded_pod() {
        SimulatedNode guarded = capi.workers().get(1);
        KubernetesClient api = capi.workloadApi();

        PodDisruptionBudget budget = api.policy()
                .v1()
                .podDisruptionBudget()
                .inNamespace(WorkloadApi.GUARDED_NAMESPACE)
                .withName("guarded")
                .get();
        assertThat(budget.getStatus().getDisruptionsAllowed()).isZero();
        assertThat(api.pods()
                        .inAnyNamespace()
                        .withField("spec.nodeName", guarded.name())
                        .list()
                        .getItems())
                .isNotEmpty();
        assertThat(api.pods()
                        .inNamespace(WorkloadApi.GUARDED_NAMESPACE)
                        .withName("guarded-" + guarded.name())
                        .evict())
                .as("eviction refused with 429")
                .isFalse();
        assertThat(api.pods()
                        .inNamespace(WorkloadApi.GUARDED_NAMESPACE)
                        .withName("guarded-" + guarded.name())
                        .get())
                .isNotNull();
    }

    @Test
    void pods_are_listed_by_node_and_unguarded_pods_are_evicted() {
        SimulatedNode node = capi.workers().get(2);
        KubernetesClient api = capi.workloadApi();
        api.pods()
                .inNamespace("default")
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName("web-1")
                        .addToLabels("app", "web")
                        .endMetadata()
                        .withNewSpec()
                        .withNodeName(node.name())
                        .addNewContainer()
                        .withName("web")
                        .withImage("nginx")
                        .endContainer()
                        .endSpec()
                        .build())
                .create();

        assertThat(api.pods()
                        .inAnyNamespace()
                        .withField("spec.nodeName", node.name())
                        .list()
                        .getItems())
                .extracting(p -> p.getMetadata().getName())
                .containsExactly("web-1");
        assertThat(api.pods().inNamespace("default").withName("web-1").evict()).isTrue();
        assertThat(api.pods().inNamespace("default").withName("web-1").get()).isNull();
    }

    @Test
    void the_cluster_kubeconfig_reaches_the_api_through_the_served_certificate() {
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(capi.adminKubeconfig()))
                .build()) {
            assertThat(client.nodes().list().getItems()).hasSize(6);
        }
    }

    @Test
    void apiserver_endpoint_answers_healthz_and_version_from_the_cluster_api() throws Exception {
        TlsEndpoint apiserver =
                capi.controlPlaneNodes().get(1).apiserverEndpoint().orElseThrow();

        assertThat(TlsProbe.get(apiserver.address(), "/healthz"))
                .startsWith("HTTP/1.1 200")
                .endsWith("ok");
        assertThat(TlsProbe.get(apiserver.address(), "/version"))
                .contains("\"gitVersion\"")
                .contains("\"v1.30.6\"");
    }

    @Test
    void an_expired_apiserver_certificate_makes_the_api_unreachable_with_the_kubeconfig() {
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(plain.adminKubeconfig()))
                .build()) {
            assertThatThrownBy(() -> client.nodes().list())
                    .isInstanceOf(KubernetesClientException.class)
                    .rootCause()
                    .isInstanceOf(CertificateExpiredException.class);
        }
        // the simulator's own view still works: the API is there, only its certificate is bad
        assertThat(plain.workloadApi().nodes().list().getItems()).hasSize(2);
    }

    private static String ready(KubernetesClient api, SimulatedNode node) {
        return api.nodes().withName(node.name()).get().getStatus().getConditions().stream()
                .filter(c -> c.getType().equals("Ready"))
                .map(NodeCondition::getStatus)
                .findFirst()
                .orElseThrow();
    }

    private static Secret secret(KubernetesClient management, SimulatedCluster cluster, String suffix) {
        return management
                .secrets()
                .inNamespace(cluster.namespace())
                .withName(cluster.name() + "-" + suffix)
                .get();
    }

    private static String data(Secret secret, String key) {
        Map<String, String> data = secret.getData();
        return new String(Base64.getDecoder().decode(data.get(key)), StandardCharsets.UTF_8);
    }

    private static List<GenericKubernetesResource> generic(
            KubernetesClient client, String apiVersion, String kind, String namespace) {
        var resources = client.genericKubernetesResources(apiVersion, kind);
        return (namespace == null ? resources.inAnyNamespace() : resources.inNamespace(namespace))
                .list()
                .getItems();
    }
}
