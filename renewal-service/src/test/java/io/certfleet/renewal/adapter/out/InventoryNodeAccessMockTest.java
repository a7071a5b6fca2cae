package io.certfleet.renewal.adapter.out;

import static org.assertj.core.api.Assertions.assertThat;

import io.certfleet.events.CertificateRef;
import io.certfleet.events.ExpirySeverity;
import io.certfleet.events.RenewalStrategy;
import io.certfleet.fleetsim.MockServers;
import io.certfleet.nodeaccess.NodeAgentJobTemplate;
import io.certfleet.nodeagent.FailureReason;
import io.certfleet.nodeagent.NodeAgentMain;
import io.certfleet.nodeagent.NodeRequest;
import io.certfleet.nodeagent.NodeResponse;
import io.certfleet.nodeagent.NodeTarget;
import io.certfleet.pki.issue.BouncyCastleCertificateIssuer;
import io.certfleet.pki.issue.CertificateSpec;
import io.certfleet.pki.issue.CertifiedKey;
import io.certfleet.pki.issue.KeyAlgorithm;
import io.certfleet.pki.issue.PkiFileWriter;
import io.certfleet.pki.issue.Validity;
import io.certfleet.pki.kubeadm.Usage;
import io.certfleet.renewal.application.ClusterDirectory;
import io.certfleet.renewal.application.ClusterProfile;
import io.certfleet.renewal.application.KubeadmSteps;
import io.certfleet.renewal.config.NodeAccessSettings;
import io.certfleet.renewal.config.TestSettings;
import io.certfleet.renewal.domain.execution.Renewal;
import io.certfleet.renewal.domain.execution.RenewalState;
import io.certfleet.renewal.domain.execution.RenewalStep;
import io.certfleet.renewal.domain.execution.StepKind;
import io.certfleet.renewal.domain.execution.StepOutcome;
import io.certfleet.renewal.domain.execution.StepResult;
import io.certfleet.renewal.domain.execution.StepState;
import io.certfleet.renewal.domain.policy.ClusterFlavour;
import io.certfleet.renewal.domain.policy.NodeAccessMode;
import io.certfleet.renewal.domain.policy.NodeAccessPath;
import io.certfleet.renewal.domain.policy.NodeExecutorChoice;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * renewal-service's node access on a Fabric8 mock server that is both the management cluster (holding the cluster's
 * {@code -kubeconfig} and {@code -ssh} Secrets) and, through that kubeconfig, the workload cluster where node-agent
 * Jobs run. The test plays the kubelet: it runs the real node agent on a temporary node tree for each Job's pod.
 */
class InventoryNodeAccessMockTest {
    private static final String MANAGEMENT_NS = "tkg-cluster-ns";
    private static final String AGENT_NS = "certfleet-node-agent";
    private static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant NOW = ISSUED.plus(Duration.ofDays(300));
    private static final Pattern LOG_PATH = Pattern.compile("/api/v1/namespaces/[^/]+/pods/([^/?]+)/log.*");

    @TempDir
    Path nodeRoot;

    private KubernetesMockServer server;
    private KubernetesClient api;
    private final Map<String, String> podLogs = new ConcurrentHashMap<>();
    private final List<Job> jobs = new CopyOnWriteArrayList<>();
    private final ExecutorService kubelet = Executors.newSingleThreadExecutor();
    private final Map<String, ClusterProfile> inventory = new ConcurrentHashMap<>();
    private Watch watch;
    private InventoryNodeAccess access;

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
        watch = api.batch().v1().jobs().inNamespace(AGENT_NS).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Job job) {
                if (action == Action.ADDED) {
                    jobs.add(job);
                    kubelet.submit(() -> runPod(job));
                }
            }

            @Override
            public void onClose(WatcherException cause) {}
        });
        inventory.put("tkg-1", cluster(NodeAccessMode.KUBERNETES_JOB));
        Fabric8Clusters fabric8 = Fabric8Clusters.with(name -> api, kubeconfig -> {
            Config config = Config.fromKubeconfig(kubeconfig);
            config.setHttp2Disable(true);
            return new KubernetesClientBuilder().withConfig(config).build();
        });
        ClusterDirectory directory = new ClusterDirectory() {
            @Override
            public Optional<ClusterProfile> find(String clusterId) {
                return Optional.ofNullable(inventory.get(clusterId));
            }

            @Override
            public List<ClusterProfile> all() {
                return new ArrayList<>(inventory.values());
            }
        };
        access = new InventoryNodeAccess(
                directory,
                path -> (target, request) -> {
                    throw new AssertionError("a KUBERNETES_JOB cluster is never reached locally");
                },
                name -> api,
                fabric8::workloadClient,
                NodeAccessSettings.defaults(Duration.ofMillis(50), Duration.ofSeconds(30)),
                Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        watch.close();
        kubelet.shutdownNow();
        access.close();
        api.close();
        MockServers.destroy(server);
    }

    @Test
    void the_renew_step_of_a_job_cluster_runs_the_node_agent_in_a_job_pinned_to_the_node() throws Exception {
        String apiserverBefore = writeNode();
        // KubeadmSteps' BACKUP and RENEW use only node access; the cluster APIs are not touched by them
        KubeadmSteps steps = new KubeadmSteps(
                access, null, null, null, null, TestSettings.renewal(), Clock.fixed(NOW, ZoneOffset.UTC));
        Renewal renewal = renewal(NodeAccessPath.API);
        RenewalStep backup = running(RenewalStep.planned(renewal.id(), 1, Optional.of("cp-1"), StepKind.BACKUP));
        StepOutcome backedUp = steps.run(renewal, inventory.get("tkg-1"), List.of(backup), backup);
        assertThat(backedUp).as(backedUp.toString()).isInstanceOf(StepOutcome.Done.class);
        RenewalStep backupDone = done(backup, ((StepOutcome.Done) backedUp).result());
        RenewalStep renew = running(RenewalStep.planned(renewal.id(), 2, Optional.of("cp-1"), StepKind.RENEW));

        StepOutcome renewed = steps.run(renewal, inventory.get("tkg-1"), List.of(backupDone, renew), renew);

        assertThat(renewed)
                .as(renewed.toString())
                .isInstanceOfSatisfying(
                        StepOutcome.Done.class,
                        done -> assertThat(done.result())
                                .isInstanceOfSatisfying(
                                        StepResult.CertificatesRenewed.class,
                                        r -> assertThat(r.renewed())
                                                .singleElement()
                                                .satisfies(c -> {
                                                    assertThat(c.name()).isEqualTo("apiserver");
                                                    assertThat(c.sha256()).isNotEqualTo(apiserverBefore);
                                                })));
        assertThat(Files.readString(nodeRoot.resolve("etc/kubernetes/pki/apiserver.crt")))
                .as("the agent in the Job rewrote the node's file")
                .isNotEqualTo(apiserverBeforePem);
        assertThat(jobs)
                .extracting(j -> j.getMetadata().getLabels().get(NodeAgentJobTemplate.OPERATION_LABEL))
                .as("SCAN + BACKUP, then RENEW, each in its own Job")
                .hasSize(3)
                .last()
                .asString()
                .contains("renew");
        Job renewJob = jobs.get(2);
        assertThat(renewJob.getSpec().getTemplate().getSpec().getNodeName()).isEqualTo("cp-1");
        assertThat(renewJob.getSpec().getTemplate().getMetadata().getAnnotations())
                .extractingByKey(NodeAgentJobTemplate.REQUEST_ANNOTATION)
                .asString()
                .contains("RENEW", "certfleet-renew-");
        assertThat(api.batch().v1().jobs().inNamespace(AGENT_NS).list().getItems())
                .as("every Job is deleted")
                .isEmpty();
    }

    @Test
    void break_glass_on_a_job_cluster_goes_over_ssh_when_its_ssh_secret_exists() {
        secret("tkg-1-ssh", "ssh-privatekey", "not a key");

        NodeExecutorChoice choice = access.choose(inventory.get("tkg-1"), NodeAccessPath.BREAK_GLASS);
        NodeResponse response = access.executor(NodeAccessPath.BREAK_GLASS)
                .execute(new NodeTarget("tkg-1", "cp-1"), NodeRequest.Scan.defaults());

        assertThat(choice).isInstanceOf(NodeExecutorChoice.Ssh.class);
        assertThat(choice.reason()).contains("tkg-cluster-ns/tkg-1-ssh");
        // the SSH executor read the Secret's (unusable) key: the answer is SSH's, and no Job was created
        assertThat(response)
                .isInstanceOfSatisfying(
                        NodeResponse.Failed.class,
                        f -> assertThat(f.error().reason()).isEqualTo(FailureReason.INVALID_INPUT));
        assertThat(jobs).isEmpty();
        assertThat(access.choose(inventory.get("tkg-1"), NodeAccessPath.API))
                .isInstanceOf(NodeExecutorChoice.KubernetesJob.class);
    }

    @Test
    void break_glass_without_the_ssh_secret_fails_with_a_policy_reason_naming_it() {
        NodeResponse response = access.executor(NodeAccessPath.BREAK_GLASS)
                .execute(new NodeTarget("tkg-1", "cp-1"), NodeRequest.Scan.defaults());

        assertThat(response).isInstanceOfSatisfying(NodeResponse.Failed.class, f -> {
            assertThat(f.error().reason()).isEqualTo(FailureReason.POLICY);
            assertThat(f.error().message())
                    .contains("break-glass", "tkg-cluster-ns/tkg-1-ssh", "supervisor", "is missing");
        });
        assertThat(jobs).isEmpty();
    }

    @Test
    void the_break_glass_refusal_fails_the_renew_step_without_retry() {
        KubeadmSteps steps = new KubeadmSteps(
                access, null, null, null, null, TestSettings.renewal(), Clock.fixed(NOW, ZoneOffset.UTC));
        Renewal renewal = renewal(NodeAccessPath.BREAK_GLASS);
        RenewalStep backup = running(RenewalStep.planned(renewal.id(), 1, Optional.of("cp-1"), StepKind.BACKUP));

        StepOutcome outcome = steps.run(renewal, inventory.get("tkg-1"), List.of(backup), backup);

        assertThat(outcome).isInstanceOfSatisfying(StepOutcome.Failed.class, f -> {
            assertThat(f.reason()).isEqualTo(io.certfleet.renewal.domain.execution.FailureReason.POLICY);
            assertThat(f.reason().retryHelps()).isFalse();
            assertThat(f.message()).contains("tkg-1-ssh");
        });
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

    private String apiserverBeforePem;

    /** A control-plane node with the cluster CA (and its key) and an API server certificate; its sha256. */
    private String writeNode() throws Exception {
        BouncyCastleCertificateIssuer issuer = new BouncyCastleCertificateIssuer(Clock.fixed(ISSUED, ZoneOffset.UTC));
        PkiFileWriter files = new PkiFileWriter();
        Path pki = nodeRoot.resolve("etc/kubernetes/pki");
        CertifiedKey ca = issuer.createAuthority(
                CertificateSpec.authority("kubernetes")
                        .validity(Validity.between(ISSUED, ISSUED.plus(Duration.ofDays(3650))))
                        .build(),
                KeyAlgorithm.EC_P256);
        files.writeCertificates(pki.resolve("ca.crt"), List.of(ca.certificate()));
        files.writePrivateKey(pki.resolve("ca.key"), ca.privateKey());
        CertifiedKey apiserver = issuer.issue(
                CertificateSpec.leaf("kube-apiserver")
                        .usage(Usage.SERVER)
                        .validity(Validity.between(ISSUED, ISSUED.plus(Duration.ofDays(365))))
                        .build(),
                KeyAlgorithm.EC_P256,
                ca);
        files.writeCertificates(pki.resolve("apiserver.crt"), List.of(apiserver.certificate()));
        files.writePrivateKey(pki.resolve("apiserver.key"), apiserver.privateKey());
        apiserverBeforePem = Files.readString(pki.resolve("apiserver.crt"));
        return java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(apiserver.certificate().getEncoded()));
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

    private static ClusterProfile cluster(NodeAccessMode mode) {
        return new ClusterProfile(
                "tkg-1",
                ClusterFlavour.TKG,
                Map.of(),
                Optional.empty(),
                Optional.of(new ClusterProfile.ManagementRef("supervisor", MANAGEMENT_NS, "tkg-1")),
                List.of(new ClusterProfile.Node(
                        "cp-1",
                        ClusterProfile.Role.CONTROL_PLANE,
                        Optional.of("10.0.0.11"),
                        Optional.empty(),
                        List.of())),
                mode);
    }

    private static Renewal renewal(NodeAccessPath path) {
        return Renewal.requested(
                        UUID.randomUUID(),
                        "tkg-1",
                        new CertificateRef("cp-1", "/etc/kubernetes/pki/apiserver.crt", "apiserver", "0".repeat(64)),
                        ExpirySeverity.CRITICAL,
                        ISSUED.plus(Duration.ofDays(365)),
                        RenewalStrategy.KUBEADM_IN_PLACE,
                        path,
                        "test",
                        false,
                        "policy",
                        "event-1",
                        NOW.minusSeconds(5),
                        Map.of())
                .toBuilder()
                .state(RenewalState.RUNNING)
                .startedAt(Optional.of(NOW.minusSeconds(1)))
                .build();
    }

    private static RenewalStep running(RenewalStep step) {
        return new RenewalStep(
                step.renewalId(),
                step.seq(),
                step.node(),
                step.kind(),
                StepState.RUNNING,
                step.attempts() + 1,
                Optional.of(NOW),
                Optional.empty(),
                step.result(),
                step.note());
    }

    private static RenewalStep done(RenewalStep step, StepResult result) {
        return new RenewalStep(
                step.renewalId(),
                step.seq(),
                step.node(),
                step.kind(),
                StepState.DONE,
                1,
                Optional.of(NOW),
                Optional.of(NOW),
                Optional.of(result),
                Optional.empty());
    }
}
