package io.certfleet.scanner.adapter.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certfleet.fleetsim.MockServers;
import io.certfleet.nodeaccess.NodeAccessException;
import io.certfleet.nodeaccess.NodeAgentJobTemplate;
import io.certfleet.nodeaccess.SshPrivateKey;
import io.certfleet.nodeagent.FailureReason;
import io.certfleet.nodeagent.NodeAgentMain;
import io.certfleet.pki.issue.BouncyCastleCertificateIssuer;
import io.certfleet.pki.issue.CertificateSpec;
import io.certfleet.pki.issue.CertifiedKey;
import io.certfleet.pki.issue.KeyAlgorithm;
import io.certfleet.pki.issue.PkiFileWriter;
import io.certfleet.pki.issue.Validity;
import io.certfleet.pki.kubeadm.Usage;
import io.certfleet.pki.read.CertificateReader;
import io.certfleet.pki.read.ReadOptions;
import io.certfleet.scanner.TestSettings;
import io.certfleet.scanner.config.ManagementClusterSettings;
import io.certfleet.scanner.config.NodeAccessSettings;
import io.certfleet.scanner.domain.inventory.Cluster;
import io.certfleet.scanner.domain.inventory.ClusterFlavour;
import io.certfleet.scanner.domain.inventory.ClusterNode;
import io.certfleet.scanner.domain.inventory.ClusterOrigin;
import io.certfleet.scanner.domain.inventory.ManagementRef;
import io.certfleet.scanner.domain.inventory.NodeAccess;
import io.certfleet.scanner.domain.inventory.NodeRole;
import io.certfleet.scanner.domain.scan.SourceReading;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scanner's wiring of node-access on a Fabric8 mock server that is both the management cluster (holding the
 * cluster's {@code -kubeconfig} and {@code -ssh} Secrets) and, through that kubeconfig, the workload cluster where
 * the node-agent Job runs. The test plays the kubelet: it runs the real node agent for the Job's pod.
 */
class RemoteNodeExecutorsMockTest {
    private static final String MANAGEMENT_NS = "tkg-cluster-ns";
    private static final String AGENT_NS = "certfleet-node-agent";
    private static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");
    private static final Pattern LOG_PATH = Pattern.compile("/api/v1/namespaces/[^/]+/pods/([^/?]+)/log.*");

    @TempDir
    Path nodeRoot;

    @TempDir
    Path kubeconfigs;

    private KubernetesMockServer server;
    private KubernetesClient api;
    private ManagementClients clients;
    private RemoteNodeExecutors executors;
    private final Map<String, String> podLogs = new ConcurrentHashMap<>();
    private final ExecutorService kubelet = Executors.newSingleThreadExecutor();
    private Watch watch;
    private String apiserverSha256;

    @BeforeEach
    void clusters() {
        KubernetesMixedDispatcher crud = new KubernetesMixedDispatcher(new HashMap<>());
        Dispatcher withLogs = new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                Matcher log = LOG_PATH.matcher(request.getPath());
                if ("GET".equals(request.getMethod()) && log.matches() && podLogs.containsKey(log.group(1))) {
                    return new MockResponse().setResponseCode(200).setBody(podLogs.get(log.group(1)));
                }
                return crud.dispatch(request);
            }
        };
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), withLogs, false);
        server.init();
        api = server.createClient();
        for (String ns : List.of(MANAGEMENT_NS, AGENT_NS)) {
            api.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(ns)
                            .endMetadata()
                            .build())
                    .create();
        }
        secret("tkg-1-kubeconfig", "value", kubeconfig());
        secret(
                "tkg-1-ssh",
                "ssh-privatekey",
                "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n");
        clients = new ManagementClients(
                List.of(new ManagementClusterSettings(
                        "supervisor",
                        null,
                        api.getMasterUrl().toString(),
                        List.of(MANAGEMENT_NS),
                        true,
                        NodeAccess.KUBERNETES_JOB,
                        null,
                        true)),
                TestSettings.scanner());
        executors = new RemoteNodeExecutors(clients, settings(null), Clock.systemUTC());
        apiserverSha256 = writeNode();
    }

    @AfterEach
    void stop() {
        if (watch != null) {
            watch.close();
        }
        kubelet.shutdownNow();
        executors.close();
        clients.close();
        api.close();
        MockServers.destroy(server);
    }

    @Test
    void a_job_clusters_node_files_are_read_by_the_agent_in_a_job_in_the_workload_cluster() {
        watch = api.batch().v1().jobs().inNamespace(AGENT_NS).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Job job) {
                if (action == Action.ADDED) {
                    kubelet.submit(() -> runPod(job));
                }
            }

            @Override
            public void onClose(WatcherException cause) {}
        });
        NodeAgentFiles files = new NodeAgentFiles(
                new LocalNodeFiles(new CertificateReader(ReadOptions.defaults()), Clock.systemUTC()),
                executors,
                Clock.fixed(ISSUED.plus(Duration.ofDays(10)), ZoneOffset.UTC));
        Cluster cluster = cluster(NodeAccess.KUBERNETES_JOB, true);

        SourceReading reading = files.read(cluster, cluster.nodes().get(0));

        assertThat(reading.unreachable()).as(reading.errors().toString()).isEmpty();
        assertThat(reading.certificates())
                .filteredOn(c -> c.at().location().equals("/etc/kubernetes/pki/apiserver.crt"))
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.sha256()).isEqualTo(apiserverSha256);
                    assertThat(c.at().nodeName()).contains("cp-1");
                    assertThat(c.kubeadmName()).contains("apiserver");
                });
        assertThat(api.batch().v1().jobs().inNamespace(AGENT_NS).list().getItems())
                .as("the Job is deleted")
                .isEmpty();
    }

    @Test
    void the_workload_client_comes_from_the_kubeconfig_secret_and_is_reused_until_it_changes() {
        executors.remember(cluster(NodeAccess.KUBERNETES_JOB, true));

        KubernetesClient first = executors.workloadClient("tkg-1");
        KubernetesClient second = executors.workloadClient("tkg-1");

        assertThat(first.getMasterUrl()).isEqualTo(api.getMasterUrl());
        assertThat(second).isSameAs(first);
        assertThat(first.namespaces().withName(AGENT_NS).get()).isNotNull();
    }

    @Test
    void without_a_kubeconfig_the_workload_api_cannot_be_reached_for_a_stated_reason() throws Exception {
        executors.remember(cluster(NodeAccess.KUBERNETES_JOB, false));
        assertThatThrownBy(() -> executors.workloadClient("tkg-1"))
                .isInstanceOfSatisfying(NodeAccessException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.POLICY);
                    assertThat(e.getMessage()).contains("kubeconfig-dir is not set");
                });

        RemoteNodeExecutors withDirectory = new RemoteNodeExecutors(clients, settings(kubeconfigs), Clock.systemUTC());
        try {
            withDirectory.remember(cluster(NodeAccess.KUBERNETES_JOB, false));
            assertThatThrownBy(() -> withDirectory.workloadClient("tkg-1"))
                    .isInstanceOfSatisfying(
                            NodeAccessException.class,
                            e -> assertThat(e.getMessage()).contains("tkg-1.kubeconfig"));
            Files.writeString(kubeconfigs.resolve("tkg-1.kubeconfig"), kubeconfig());
            assertThat(withDirectory.workloadClient("tkg-1").getMasterUrl()).isEqualTo(api.getMasterUrl());
        } finally {
            withDirectory.close();
        }

        api.secrets().inNamespace(MANAGEMENT_NS).withName("tkg-1-kubeconfig").delete();
        executors.remember(cluster(NodeAccess.KUBERNETES_JOB, true));
        assertThatThrownBy(() -> executors.workloadClient("tkg-1"))
                .isInstanceOfSatisfying(NodeAccessException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.POLICY);
                    assertThat(e.getMessage()).contains("tkg-cluster-ns/tkg-1-kubeconfig");
                });
    }

    @Test
    void ssh_keys_come_from_the_clusters_ssh_secret_in_its_management_cluster() throws Exception {
        executors.remember(cluster(NodeAccess.SSH, true));

        try (SshPrivateKey key = executors.sshCredentials().privateKey("tkg-1")) {
            assertThat(key.source()).isEqualTo("Secret tkg-cluster-ns/tkg-1-ssh");
            assertThat(new String(key.open().readAllBytes(), StandardCharsets.US_ASCII))
                    .contains("OPENSSH PRIVATE KEY");
        }
        executors.remember(cluster(NodeAccess.SSH, false));
        assertThatThrownBy(() -> executors.sshCredentials().privateKey("tkg-1"))
                .isInstanceOfSatisfying(
                        NodeAccessException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.POLICY));
    }

    /** The pod of a node-agent Job: the real agent on the test's node tree, its output as the pod log. */
    private void runPod(Job job) {
        String request =
                job.getSpec().getTemplate().getMetadata().getAnnotations().get(NodeAgentJobTemplate.REQUEST_ANNOTATION);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        int exit = NodeAgentMain.run(
                new String[] {"--root", nodeRoot.toString()},
                new ByteArrayInputStream(request.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        String pod = job.getMetadata().getName() + "-abcde";
        podLogs.put(pod, stdout.toString(StandardCharsets.UTF_8));
        api.pods()
                .inNamespace(AGENT_NS)
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName(pod)
                        .withNamespace(AGENT_NS)
                        .withLabels(job.getSpec().getTemplate().getMetadata().getLabels())
                        .endMetadata()
                        .withSpec(job.getSpec().getTemplate().getSpec())
                        .withNewStatus()
                        .withPhase(exit == 0 ? "Succeeded" : "Failed")
                        .endStatus()
                        .build())
                .create();
        Job finished = api.batch()
                .v1()
                .jobs()
                .inNamespace(AGENT_NS)
                .withName(job.getMetadata().getName())
                .get();
        finished.setStatus(new JobStatusBuilder()
                .withSucceeded(exit == 0 ? 1 : 0)
                .withFailed(exit == 0 ? 0 : 1)
                .build());
        api.batch().v1().jobs().inNamespace(AGENT_NS).resource(finished).updateStatus();
    }

    private NodeAccessSettings settings(Path kubeconfigDir) {
        NodeAccessSettings d = NodeAccessSettings.defaults();
        return new NodeAccessSettings(
                kubeconfigDir == null ? null : kubeconfigDir.toString(),
                d.kubeconfigRefresh(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                Duration.ofMillis(50),
                Duration.ofSeconds(30),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                false);
    }

    private String kubeconfig() {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: tkg-1
                  cluster: {server: "%s"}
                users:
                - name: admin
                  user: {}
                contexts:
                - name: admin@tkg-1
                  context: {cluster: tkg-1, user: admin}
                current-context: admin@tkg-1
                """.formatted(api.getMasterUrl());
    }

    private void secret(String name, String key, String value) {
        api.secrets()
                .inNamespace(MANAGEMENT_NS)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(MANAGEMENT_NS)
                        .endMetadata()
                        .withData(
                                Map.of(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))))
                        .build())
                .create();
    }

    private String writeNode() {
        BouncyCastleCertificateIssuer issuer = new BouncyCastleCertificateIssuer(Clock.fixed(ISSUED, ZoneOffset.UTC));
        PkiFileWriter files = new PkiFileWriter();
        Path pki = nodeRoot.resolve("etc/kubernetes/pki");
        CertifiedKey ca = issuer.createAuthority(
                CertificateSpec.authority("kubernetes")
                        .validity(Validity.between(ISSUED, ISSUED.plus(Duration.ofDays(3650))))
                        .build(),
                KeyAlgorithm.EC_P256);
        files.writeCertificates(pki.resolve("ca.crt"), List.of(ca.certificate()));
        CertifiedKey apiserver = issuer.issue(
                CertificateSpec.leaf("kube-apiserver")
                        .usage(Usage.SERVER)
                        .validity(Validity.between(ISSUED, ISSUED.plus(Duration.ofDays(365))))
                        .build(),
                KeyAlgorithm.EC_P256,
                ca);
        files.writeCertificates(pki.resolve("apiserver.crt"), List.of(apiserver.certificate()));
        try {
            return java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(apiserver.certificate().getEncoded()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Cluster cluster(NodeAccess access, boolean managed) {
        return new Cluster(
                "tkg-1",
                ClusterFlavour.CLUSTER_API,
                Map.of(),
                Optional.empty(),
                managed ? Optional.of(new ManagementRef("supervisor", MANAGEMENT_NS, "tkg-1")) : Optional.empty(),
                managed,
                access,
                ClusterOrigin.DISCOVERED,
                Optional.empty(),
                List.of(new ClusterNode(
                        "cp-1", NodeRole.CONTROL_PLANE, Optional.of("10.0.0.11"), Optional.empty(), List.of())),
                List.of());
    }
}
