package io.certfleet.scanner.adapter.out;

import static org.assertj.core.api.Assertions.assertThat;

import io.certfleet.events.ScanError;
import io.certfleet.events.SourceKind;
import io.certfleet.fleetsim.MockServers;
import io.certfleet.pki.issue.BouncyCastleCertificateIssuer;
import io.certfleet.pki.issue.CertificateSpec;
import io.certfleet.pki.issue.CertifiedKey;
import io.certfleet.pki.issue.KeyAlgorithm;
import io.certfleet.pki.issue.Pem;
import io.certfleet.pki.issue.Validity;
import io.certfleet.pki.kubeadm.Usage;
import io.certfleet.pki.read.CertificateReader;
import io.certfleet.pki.read.ReadOptions;
import io.certfleet.scanner.TestSettings;
import io.certfleet.scanner.config.ManagementClusterSettings;
import io.certfleet.scanner.domain.inventory.Cluster;
import io.certfleet.scanner.domain.inventory.ClusterFlavour;
import io.certfleet.scanner.domain.inventory.ClusterNode;
import io.certfleet.scanner.domain.inventory.ClusterOrigin;
import io.certfleet.scanner.domain.inventory.EndpointComponent;
import io.certfleet.scanner.domain.inventory.NodeAccess;
import io.certfleet.scanner.domain.inventory.NodeRole;
import io.certfleet.scanner.domain.scan.ObservedCertificate;
import io.certfleet.scanner.domain.scan.SourceReading;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Discovery and management-side sources against a Fabric8 mock API server (CRUD mode) shaped like a TKG Supervisor:
 * Cluster API objects, the cluster's Secrets, a TkgServiceConfiguration with additionalTrustedCAs (seed 002), and the
 * workload cluster's CSRs (the kubeconfig Secret points back at the same mock server).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Fabric8ManagementMockTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final String NS = "tkg-cluster-ns";
    private static final String SSH_KEY_TEXT =
            "-----BEGIN OPENSSH PRIVATE KEY-----\nc2VjcmV0LXNzaC1rZXk=\n" + "-----END OPENSSH PRIVATE KEY-----\n";
    private static final CustomResourceDefinitionContext CLUSTERS = context("cluster.x-k8s.io", "Cluster", "clusters");
    private static final CustomResourceDefinitionContext MACHINES = context("cluster.x-k8s.io", "Machine", "machines");

    private KubernetesMockServer server;
    private KubernetesClient api;
    private ManagementClients clients;
    private Fabric8ClusterDiscovery discovery;
    private Fabric8ManagementSources sources;
    private CertifiedKey ca;
    private CertifiedKey ingress;
    private CertifiedKey registryCa;
    private CertifiedKey kubeletServing;

    @BeforeAll
    void apiServer() {
        server = new KubernetesMockServer(
                new Context(),
                new MockWebServer(),
                new HashMap<>(),
                new KubernetesCrudDispatcher(List.of(CLUSTERS, MACHINES)),
                false);
        server.init();
        api = server.createClient();
        BouncyCastleCertificateIssuer issuer = new BouncyCastleCertificateIssuer(Clock.fixed(NOW, ZoneOffset.UTC));
        Validity year = Validity.between(NOW.minus(Duration.ofDays(300)), NOW.plus(Duration.ofDays(65)));
        ca = issuer.createAuthority(
                CertificateSpec.authority("kubernetes").validity(year).build(), KeyAlgorithm.EC_P256);
        ingress = issuer.issue(
                CertificateSpec.leaf("ingress.example.com")
                        .usage(Usage.SERVER)
                        .validity(year)
                        .build(),
                KeyAlgorithm.EC_P256,
                ca);
        registryCa = issuer.createAuthority(
                CertificateSpec.authority("harbor-ca").validity(year).build(), KeyAlgorithm.EC_P256);
        kubeletServing = issuer.issue(
                CertificateSpec.leaf("system:node:tkg-1-md-0-abcde")
                        .usage(Usage.SERVER)
                        .validity(year)
                        .build(),
                KeyAlgorithm.EC_P256,
                ca);
        populate();
        ManagementClusterSettings supervisor = new ManagementClusterSettings(
                "supervisor", null, api.getMasterUrl().toString(), List.of(NS), true, NodeAccess.SSH, null, true);
        clients = new ManagementClients(List.of(supervisor), TestSettings.scanner());
        CertificateReader reader = new CertificateReader(ReadOptions.defaults());
        discovery = new Fabric8ClusterDiscovery(clients);
        sources = new Fabric8ManagementSources(clients, reader);
    }

    @AfterAll
    void stop() {
        if (clients != null) {
            clients.close();
        }
        if (api != null) {
            api.close();
        }
        if (server != null) {
            MockServers.destroy(server);
        }
    }

    private void populate() {
        for (String namespace : List.of(NS, "elsewhere")) {
            api.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(namespace)
                            .endMetadata()
                            .build())
                    .create();
        }
        api.genericKubernetesResources(CLUSTERS)
                .inNamespace(NS)
                .resource(new GenericKubernetesResourceBuilder()
                        .withApiVersion("cluster.x-k8s.io/v1beta1")
                        .withKind("Cluster")
                        .withNewMetadata()
                        .withName("tkg-1")
                        .withNamespace(NS)
                        .addToLabels("team", "payments")
                        .addToLabels("environment", "prod")
                        .addToAnnotations("run.tanzu.vmware.com/resolve-tkr", "")
                        .endMetadata()
                        .withAdditionalProperties(Map.of(
                                "spec", Map.of("controlPlaneEndpoint", Map.of("host", "10.0.0.11", "port", 6443))))
                        .build())
                .create();
        api.genericKubernetesResources(CLUSTERS)
                .inNamespace("elsewhere")
                .resource(new GenericKubernetesResourceBuilder()
                        .withApiVersion("cluster.x-k8s.io/v1beta1")
                        .withKind("Cluster")
                        .withNewMetadata()
                        .withName("not-watched")
                        .withNamespace("elsewhere")
                        .endMetadata()
                        .build())
                .create();
        machine("tkg-1-control-plane-k8bqh", true, "10.0.0.11");
        machine("tkg-1-md-0-abcde", false, "10.0.0.21");

        // the workload API is this same mock server (its CSRs are created below)
        String kubeconfig = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: tkg-1
                  cluster:
                    server: %s
                    certificate-authority-data: %s
                users:
                - name: tkg-1-admin
                  user:
                    client-certificate-data: %s
                    client-key-data: %s
                contexts:
                - name: tkg-1-admin@tkg-1
                  context: {cluster: tkg-1, user: tkg-1-admin}
                current-context: tkg-1-admin@tkg-1
                """.formatted(
                        api.getMasterUrl().toString(),
                        b64(Pem.encodeCertificate(ca.certificate())),
                        b64(Pem.encodeCertificate(ingress.certificate())),
                        b64(Pem.encodePrivateKeyTraditional(ingress.privateKey())));
        secret("tkg-1-kubeconfig", "cluster.x-k8s.io/secret", Map.of("value", kubeconfig), false);
        secret("tkg-1-ssh", "kubernetes.io/ssh-auth", Map.of("ssh-privatekey", SSH_KEY_TEXT), false);
        secret(
                "tkg-1-ca",
                "cluster.x-k8s.io/secret",
                Map.of(
                        "tls.crt", Pem.encodeCertificate(ca.certificate()),
                        "tls.key", Pem.encodePrivateKeyTraditional(ca.privateKey())),
                false);
        secret(
                "tkg-1-sa",
                "cluster.x-k8s.io/secret",
                Map.of(
                        "tls.crt", Pem.encodePublicKey(ca.certificate().getPublicKey()),
                        "tls.key", Pem.encodePrivateKeyTraditional(ca.privateKey())),
                false);
        secret(
                "ingress-tls",
                "kubernetes.io/tls",
                Map.of(
                        "tls.crt", Pem.encodeCertificate(ingress.certificate()),
                        "tls.key", Pem.encodePrivateKeyTraditional(ingress.privateKey())),
                true);
        secret("broken-tls", "kubernetes.io/tls", Map.of("tls.crt", "-----BEGIN CERTIFICATE-----\nAAAA\n"), true);

        api.apiextensions()
                .v1()
                .customResourceDefinitions()
                .resource(new CustomResourceDefinitionBuilder()
                        .withNewMetadata()
                        .withName("tkgserviceconfigurations.run.tanzu.vmware.com")
                        .endMetadata()
                        .withNewSpec()
                        .withGroup("run.tanzu.vmware.com")
                        .withScope("Cluster")
                        .withNewNames()
                        .withKind("TkgServiceConfiguration")
                        .withPlural("tkgserviceconfigurations")
                        .withSingular("tkgserviceconfiguration")
                        .endNames()
                        .addNewVersion()
                        .withName("v1alpha1")
                        .withServed(true)
                        .withStorage(true)
                        .endVersion()
                        .endSpec()
                        .build())
                .create();
        Map<String, Object> harbor = new LinkedHashMap<>();
        harbor.put("name", "harbor-ca");
        harbor.put("data", b64(Pem.encodeCertificate(registryCa.certificate())));
        api.genericKubernetesResources(ClusterApiKinds.tkgServiceConfiguration("v1alpha1"))
                .resource(new GenericKubernetesResourceBuilder()
                        .withApiVersion("run.tanzu.vmware.com/v1alpha1")
                        .withKind("TkgServiceConfiguration")
                        .withNewMetadata()
                        .withName("tkg-service-configuration")
                        .endMetadata()
                        .withAdditionalProperties(Map.of(
                                "spec",
                                Map.of(
                                        "defaultCNI",
                                        "antrea",
                                        "trust",
                                        Map.of(
                                                "additionalTrustedCAs",
                                                List.of(harbor, Map.of("name", "broken", "data", "%%%"))))))
                        .build())
                .create();

        api.certificates()
                .v1()
                .certificateSigningRequests()
                .resource(new CertificateSigningRequestBuilder()
                        .withNewMetadata()
                        .withName("csr-kubelet-serving-abcde")
                        .endMetadata()
                        .withNewSpec()
                        .withSignerName("kubernetes.io/kubelet-serving")
                        .withRequest(b64("request"))
                        .withUsages("server auth")
                        .endSpec()
                        .withNewStatus()
                        .withCertificate(b64(Pem.encodeCertificate(kubeletServing.certificate())))
                        .endStatus()
                        .build())
                .create();
        api.certificates()
                .v1()
                .certificateSigningRequests()
                .resource(new CertificateSigningRequestBuilder()
                        .withNewMetadata()
                        .withName("csr-pending")
                        .endMetadata()
                        .withNewSpec()
                        .withSignerName("kubernetes.io/kube-apiserver-client-kubelet")
                        .withRequest(b64("request"))
                        .endSpec()
                        .build())
                .create();
    }

    @Test
    void discoversClusterApiClustersOfTheConfiguredNamespaces() {
        List<Cluster> clusters = discovery.discover("supervisor");

        assertThat(clusters).singleElement().satisfies(cluster -> {
            assertThat(cluster.id()).isEqualTo("tkg-1");
            assertThat(cluster.flavour()).isEqualTo(ClusterFlavour.TKG);
            assertThat(cluster.origin()).isEqualTo(ClusterOrigin.DISCOVERED);
            assertThat(cluster.labels()).containsEntry("team", "payments").containsEntry("environment", "prod");
            assertThat(cluster.apiEndpoint()).contains(api.getMasterUrl().toString());
            assertThat(cluster.sshSecretAvailable()).isTrue();
            assertThat(cluster.nodeAccess()).isEqualTo(NodeAccess.SSH);
            assertThat(cluster.management()).hasValueSatisfying(m -> {
                assertThat(m.managementCluster()).isEqualTo("supervisor");
                assertThat(m.namespace()).isEqualTo(NS);
            });
            assertThat(cluster.nodes())
                    .extracting(ClusterNode::name, ClusterNode::role)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("tkg-1-control-plane-k8bqh", NodeRole.CONTROL_PLANE),
                            org.assertj.core.groups.Tuple.tuple("tkg-1-md-0-abcde", NodeRole.WORKER));
            ClusterNode controlPlane = cluster.nodes().get(0);
            assertThat(controlPlane.address()).contains("10.0.0.11");
            assertThat(controlPlane.endpoints())
                    .extracting(e -> e.component() + " " + e.url())
                    .containsExactly(
                            EndpointComponent.APISERVER + " https://10.0.0.11:6443",
                            EndpointComponent.ETCD + " https://10.0.0.11:2379",
                            EndpointComponent.KUBELET + " https://10.0.0.11:10250");
            assertThat(cluster.nodes().get(1).endpoints())
                    .extracting(e -> e.url())
                    .containsExactly("https://10.0.0.21:10250");
            assertThat(cluster.toString()).doesNotContain("c2VjcmV0LXNzaC1rZXk", "PRIVATE KEY");
        });
    }

    @Test
    void readsTheClustersSecretsWithoutTheirKeys() {
        Cluster cluster = discovery.discover("supervisor").get(0);

        SourceReading reading = sources.secrets(cluster);

        assertThat(reading.complete()).isTrue();
        assertThat(reading.certificates())
                .extracting(c -> c.at().location() + "#" + c.at().index())
                .containsExactlyInAnyOrder(
                        "secret:" + NS + "/ingress-tls/tls.crt#0",
                        "secret:" + NS + "/tkg-1-ca/tls.crt#0",
                        "secret:" + NS + "/tkg-1-kubeconfig/value#0",
                        "secret:" + NS + "/tkg-1-kubeconfig/value#1");
        assertThat(reading.certificates())
                .allSatisfy(c -> assertThat(c.at().kind()).isEqualTo(SourceKind.SECRET));
        ObservedCertificate caSecret = reading.certificates().stream()
                .filter(c -> c.at().location().endsWith("/tkg-1-ca/tls.crt"))
                .findFirst()
                .orElseThrow();
        assertThat(caSecret.kubeadmName()).contains("ca");
        assertThat(reading.errors())
                .extracting(ScanError::location)
                .containsExactly("secret:" + NS + "/broken-tls/tls.crt");
        assertThat(reading.toString()).doesNotContain("-ssh", "PRIVATE KEY", "c2VjcmV0LXNzaC1rZXk");
    }

    @Test
    void readsTkgAdditionalTrustedCas() {
        Cluster cluster = discovery.discover("supervisor").get(0);

        SourceReading reading = sources.trustBundles(cluster);

        assertThat(reading.certificates()).singleElement().satisfies(c -> {
            assertThat(c.at().kind()).isEqualTo(SourceKind.TRUST_BUNDLE);
            assertThat(c.at().location())
                    .isEqualTo("tkgserviceconfiguration:tkg-service-configuration/additionalTrustedCAs/harbor-ca");
            assertThat(c.facts().subject()).isEqualTo("CN=harbor-ca");
        });
        assertThat(reading.errors())
                .singleElement()
                .satisfies(e -> assertThat(e.location()).endsWith("/broken"));
    }

    @Test
    void readsIssuedCsrsOfTheWorkloadCluster() {
        Cluster cluster = discovery.discover("supervisor").get(0);

        SourceReading reading = sources.certificateSigningRequests(cluster);

        assertThat(reading.errors()).isEmpty();
        assertThat(reading.certificates()).singleElement().satisfies(c -> {
            assertThat(c.at().kind()).isEqualTo(SourceKind.CSR);
            assertThat(c.at().location()).isEqualTo("csr:csr-kubelet-serving-abcde");
            assertThat(c.facts().subject()).isEqualTo("CN=system:node:tkg-1-md-0-abcde");
        });
    }

    @Test
    void unknownManagementClusterIsAnErrorNotAnException() {
        Cluster cluster = discovery.discover("supervisor").get(0);
        Cluster elsewhere = new Cluster(
                cluster.id(),
                cluster.flavour(),
                cluster.labels(),
                cluster.apiEndpoint(),
                java.util.Optional.of(new io.certfleet.scanner.domain.inventory.ManagementRef("gone", NS, "tkg-1")),
                false,
                NodeAccess.NONE,
                ClusterOrigin.API,
                java.util.Optional.empty(),
                List.of(),
                List.of());

        SourceReading reading = sources.secrets(elsewhere);

        assertThat(reading.complete()).isFalse();
        assertThat(reading.errors())
                .singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("not configured"));
    }

    private void machine(String name, boolean controlPlane, String ip) {
        GenericKubernetesResourceBuilder machine = new GenericKubernetesResourceBuilder()
                .withApiVersion("cluster.x-k8s.io/v1beta1")
                .withKind("Machine")
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .addToLabels(ClusterApiKinds.CLUSTER_NAME_LABEL, "tkg-1")
                .endMetadata();
        if (controlPlane) {
            machine.editMetadata()
                    .addToLabels(ClusterApiKinds.CONTROL_PLANE_LABEL, "")
                    .endMetadata();
        }
        api.genericKubernetesResources(MACHINES)
                .inNamespace(NS)
                .resource(machine.withAdditionalProperties(Map.of(
                                "status",
                                Map.of(
                                        "nodeRef", Map.of("kind", "Node", "name", name),
                                        "addresses",
                                                List.of(
                                                        Map.of("type", "Hostname", "address", name),
                                                        Map.of("type", "InternalIP", "address", ip)))))
                        .build())
                .create();
    }

    private void secret(String name, String type, Map<String, String> data, boolean labelled) {
        Map<String, String> encoded = new LinkedHashMap<>();
        data.forEach((k, v) -> encoded.put(k, b64(v)));
        SecretBuilder secret = new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .endMetadata()
                .withType(type)
                .withData(encoded);
        if (labelled) {
            secret.editMetadata()
                    .addToLabels(ClusterApiKinds.CLUSTER_NAME_LABEL, "tkg-1")
                    .endMetadata();
        }
        api.secrets().inNamespace(NS).resource(secret.build()).create();
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static CustomResourceDefinitionContext context(String group, String kind, String plural) {
        return new CustomResourceDefinitionContext.Builder()
                .withGroup(group)
                .withVersion("v1beta1")
                .withKind(kind)
                .withPlural(plural)
                .withName(plural + "." + group)
                .withScope("Namespaced")
                .build();
    }
}
