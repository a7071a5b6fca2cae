package io.certfleet.nodeaccess;

import static org.assertj.core.api.Assertions.assertThat;

import io.certfleet.fleetsim.MockServers;
import io.certfleet.nodeagent.FailureReason;
import io.certfleet.nodeagent.NodeAgentMain;
import io.certfleet.nodeagent.NodeError;
import io.certfleet.nodeagent.NodeRequest;
import io.certfleet.nodeagent.NodeResponse;
import io.certfleet.nodeagent.NodeTarget;
import io.certfleet.nodeagent.Operation;
import io.certfleet.nodeagent.OperationResult.Presence;
import io.certfleet.nodeagent.OperationResult.ScanResult;
import io.certfleet.nodeagent.OperationResult.ScannedCertificate;
import io.certfleet.nodeagent.runtime.Pause;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Job adapter against a Fabric8 mock API server in CRUD mode. The test plays the kubelet and the Job
 * controller: when a Job appears it creates its pod with the template's labels, runs the REAL node agent on a
 * temporary node tree with the request the pod would have read from its downward-API file, serves the output as
 * the pod log, and sets the Job's status.
 */
class KubernetesJobNodeExecutorMockTest {
    private static final String NS = NodeAgentJobSettings.DEFAULT_NAMESPACE;
    private static final NodeTarget TARGET = new NodeTarget("prod-1", "cp-1");
    private static final Pattern LOG_PATH = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)/log.*");

    @TempDir
    Path nodeRoot;

    private KubernetesMockServer server;
    private KubernetesClient api;
    private final Map<String, String> podLogs = new ConcurrentHashMap<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    private Kubelet kubelet;

    @BeforeEach
    void apiServer() {
        KubernetesMixedDispatcher crud = new KubernetesMixedDispatcher(expectations);
        Dispatcher withLogs = new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.add(request);
                Matcher log = LOG_PATH.matcher(request.getPath());
                if ("GET".equals(request.getMethod()) && log.matches()) {
                    String text = podLogs.get(log.group(2));
                    return text == null
                            ? new MockResponse().setResponseCode(404).setBody("{}")
                            : new MockResponse().setResponseCode(200).setBody(text);
                }
                return crud.dispatch(request);
            }
        };
        server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations, withLogs, false);
        server.init();
        api = server.createClient();
        api.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(NS)
                        .endMetadata()
                        .build())
                .create();
    }

    @AfterEach
    void stop() {
        if (kubelet != null) {
            kubelet.close();
        }
        api.close();
        MockServers.destroy(server);
    }

    @Test
    void a_scan_runs_in_a_job_pinned_to_the_node_and_returns_the_agents_answer() {
        TestNode node = TestNode.create(nodeRoot);
        kubelet = new Kubelet(api, podLogs, this::runAgent);
        KubernetesJobNodeExecutor executor =
                executor(NodeAgentJobSettings.defaults(), Clock.systemUTC(), kubelet.pause());

        NodeResponse response = executor.execute(TARGET, NodeRequest.Scan.defaults());

        assertThat(response).isInstanceOf(NodeResponse.Completed.class);
        ScanResult scan = (ScanResult) ((NodeResponse.Completed) response).result();
        assertThat(present(scan.certificates(), "apiserver").facts().sha256()).isEqualTo(node.apiserverSha256());
        assertThat(present(scan.authorities(), "ca").facts().sha256()).isEqualTo(node.caSha256());
        assertThat(present(scan.certificates(), "apiserver").path()).isEqualTo("/etc/kubernetes/pki/apiserver.crt");

        Job job = kubelet.jobs.get(0);
        assertThat(job.getMetadata().getName())
                .matches("certfleet-scan-cp-1-[a-z0-9]{6}")
                .hasSizeLessThanOrEqualTo(63);
        assertThat(job.getMetadata().getNamespace()).isEqualTo(NS);
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(600);
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(120L + 300L);
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getNodeName()).isEqualTo("cp-1");
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getTolerations())
                .extracting(t -> t.getKey() + " " + t.getOperator())
                .contains("node-role.kubernetes.io/control-plane Exists", "node-role.kubernetes.io/master Exists");
        assertThat(pod.getHostNetwork()).isNull();
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        Map<String, String> hostPaths = new HashMap<>();
        for (Volume volume : pod.getVolumes()) {
            if (volume.getHostPath() != null) {
                hostPaths.put(volume.getName(), volume.getHostPath().getPath());
            }
        }
        assertThat(hostPaths.values()).containsExactlyInAnyOrder("/etc/kubernetes", "/var/lib/kubelet/pki");
        List<VolumeMount> mounts = pod.getContainers().get(0).getVolumeMounts();
        assertThat(mounts)
                .filteredOn(m -> hostPaths.containsKey(m.getName()))
                .allSatisfy(m -> {
                    assertThat(m.getReadOnly())
                            .as("read-only for a scan: %s", m.getMountPath())
                            .isTrue();
                    assertThat(m.getMountPath()).isEqualTo(hostPaths.get(m.getName()));
                })
                .hasSize(2);
        assertThat(pod.getContainers().get(0).getImage()).startsWith("certfleet/node-agent:");
        assertThat(pod.getContainers().get(0).getEnv())
                .as("no environment for a scan")
                .isEmpty();
        assertThat(pod.getContainers().get(0).getEnvFrom()).isEmpty();
        assertThat(pod.getVolumes()).allSatisfy(v -> assertThat(v.getSecret()).isNull());
        assertThat(pod.getContainers().get(0).getSecurityContext().getReadOnlyRootFilesystem())
                .isTrue();
        assertThat(pod.getContainers().get(0).getSecurityContext().getPrivileged())
                .isFalse();
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry(NodeAgentJobTemplate.JOB_LABEL, job.getMetadata().getName())
                .containsEntry(NodeAgentJobTemplate.OPERATION_LABEL, "scan");

        assertDeletedInBackground(job);
    }

    @Test
    void renewing_mounts_the_config_directory_writable() {
        TestNode.create(nodeRoot);
        kubelet = new Kubelet(api, podLogs, this::runAgent);
        KubernetesJobNodeExecutor executor =
                executor(NodeAgentJobSettings.defaults(), Clock.systemUTC(), kubelet.pause());

        NodeResponse response = executor.execute(TARGET, new NodeRequest.Backup(null, null));

        assertThat(response.exitCode()).isZero();
        assertThat(Files.isDirectory(nodeRoot.resolve("etc/kubernetes/tmp"))).isTrue();
        PodSpec pod = kubelet.jobs.get(0).getSpec().getTemplate().getSpec();
        String configVolume = pod.getVolumes().stream()
                .filter(v ->
                        v.getHostPath() != null && v.getHostPath().getPath().equals("/etc/kubernetes"))
                .findFirst()
                .orElseThrow()
                .getName();
        assertThat(pod.getContainers().get(0).getVolumeMounts())
                .filteredOn(m -> m.getName().equals(configVolume))
                .singleElement()
                .satisfies(m -> assertThat(m.getReadOnly()).isFalse());
    }

    @Test
    void a_failed_pod_still_answers_and_its_answer_keeps_the_agents_reason() {
        TestNode.create(nodeRoot);
        kubelet = new Kubelet(api, podLogs, this::runAgent);
        KubernetesJobNodeExecutor executor =
                executor(NodeAgentJobSettings.defaults(), Clock.systemUTC(), kubelet.pause());

        NodeResponse response = executor.execute(TARGET, new NodeRequest.Restore(null, "no-such-backup"));

        assertThat(kubelet.phases).containsExactly("Failed");
        assertThat(response).isInstanceOfSatisfying(NodeResponse.Failed.class, failed -> {
            assertThat(failed.operation()).isEqualTo(Operation.RESTORE);
            assertThat(failed.error().message()).contains("no-such-backup");
        });
        assertDeletedInBackground(kubelet.jobs.get(0));
    }

    @Test
    void output_without_a_json_answer_is_invalid() {
        kubelet = new Kubelet(
                api,
                podLogs,
                job -> Outcome.terminated(128, "exec /usr/local/bin/certfleet-node-agent: exec format error\n"));
        KubernetesJobNodeExecutor executor =
                executor(NodeAgentJobSettings.defaults(), Clock.systemUTC(), kubelet.pause());

        NodeResponse response = executor.execute(TARGET, NodeRequest.Scan.defaults());

        assertThat(error(response).reason()).isEqualTo(FailureReason.INVALID_INPUT);
        assertThat(error(response).retryable()).isFalse();
        assertThat(error(response).message()).contains("no JSON answer", "exit code 128");
        assertDeletedInBackground(kubelet.jobs.get(0));
    }

    @Test
    void a_pod_still_pending_after_the_start_deadline_is_transient() {
        kubelet = new Kubelet(api, podLogs, job -> Outcome.pending("ImagePullBackOff"));
        MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
        NodeAgentJobSettings settings = NodeAgentJobSettings.defaults()
                .withTimings(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMinutes(1));
        Pause pause = duration -> {
            kubelet.awaitActed();
            clock.advance(duration);
        };
        KubernetesJobNodeExecutor executor = executor(settings, clock, pause);

        NodeResponse response = executor.execute(TARGET, NodeRequest.Scan.defaults());

        assertThat(error(response).reason()).isEqualTo(FailureReason.TRANSIENT);
        assertThat(error(response).retryable()).isTrue();
        assertThat(error(response).message()).contains("did not start within PT5S", "ImagePullBackOff");
        assertDeletedInBackground(kubelet.jobs.get(0));
    }

    @Test
    void an_api_server_that_does_not_answer_is_unreachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (KubernetesClient down = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder()
                        .withMasterUrl("http://127.0.0.1:" + closedPort)
                        .withRequestRetryBackoffLimit(0)
                        .withConnectionTimeout(2_000)
                        .build())
                .withHttpClientFactory(new JdkHttpClientFactory())
                .build()) {
            KubernetesJobNodeExecutor executor = new KubernetesJobNodeExecutor(
                    clusterId -> down,
                    new NodeAgentJobTemplate(NodeAgentJobSettings.defaults(), new Random()),
                    Clock.systemUTC(),
                    Pause.NONE);

            NodeResponse response = executor.execute(TARGET, NodeRequest.Scan.defaults());

            assertThat(error(response).reason()).as(error(response).message()).isEqualTo(FailureReason.UNREACHABLE);
            assertThat(error(response).retryable()).isTrue();
            assertThat(error(response).message()).contains("creating Job", "did not answer");
        }
    }

    @Test
    void a_cluster_without_api_credentials_and_a_forbidden_job_are_policy_failures() {
        KubernetesJobNodeExecutor noClient = new KubernetesJobNodeExecutor(
                clusterId -> {
                    throw new NodeAccessException(FailureReason.POLICY, "no kubeconfig for " + clusterId);
                },
                new NodeAgentJobTemplate(NodeAgentJobSettings.defaults(), new Random()),
                Clock.systemUTC(),
                Pause.NONE);
        assertThat(error(noClient.execute(TARGET, NodeRequest.Scan.defaults())))
                .isEqualTo(NodeError.of(FailureReason.POLICY, "no kubeconfig for prod-1"));

        server.expect()
                .post()
                .withPath("/apis/batch/v1/namespaces/" + NS + "/jobs")
                .andReturn(
                        403,
                        new StatusBuilder()
                                .withCode(403)
                                .withReason("Forbidden")
                                .withMessage("jobs.batch is forbidden")
                                .build())
                .once();
        NodeResponse forbidden = executor(NodeAgentJobSettings.defaults(), Clock.systemUTC(), Pause.NONE)
                .execute(TARGET, NodeRequest.Scan.defaults());

        assertThat(error(forbidden).reason()).isEqualTo(FailureReason.POLICY);
        assertThat(error(forbidden).message()).contains("forbidden (HTTP 403)");
        assertThat(api.batch().v1().jobs().inNamespace(NS).list().getItems()).isEmpty();
    }

    private KubernetesJobNodeExecutor executor(NodeAgentJobSettings settings, Clock clock, Pause pause) {
        return new KubernetesJobNodeExecutor(
                clusterId -> {
                    assertThat(clusterId).isEqualTo("prod-1");
                    return api;
                },
                new NodeAgentJobTemplate(settings, new Random()),
                clock,
                pause);
    }

    private void assertDeletedInBackground(Job job) {
        String path =
                "/apis/batch/v1/namespaces/" + NS + "/jobs/" + job.getMetadata().getName();
        assertThat(api.batch()
                        .v1()
                        .jobs()
                        .inNamespace(NS)
                        .withName(job.getMetadata().getName())
                        .get())
                .isNull();
        assertThat(requests)
                .filteredOn(r -> "DELETE".equals(r.getMethod()) && r.getPath().startsWith(path))
                .singleElement()
                .satisfies(r -> assertThat(r.getUtf8Body()).contains("\"propagationPolicy\":\"Background\""));
    }

    /** What the pod would do: the real agent, on the test's node tree, with the request from its annotation. */
    private Outcome runAgent(Job job) {
        String request =
                job.getSpec().getTemplate().getMetadata().getAnnotations().get(NodeAgentJobTemplate.REQUEST_ANNOTATION);
        List<String> args = new ArrayList<>(
                job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs());
        assertThat(args).containsExactly("--request", NodeAgentJobTemplate.REQUEST_FILE, "--root", "/");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        int exit = NodeAgentMain.run(
                new String[] {"--request", "-", "--root", nodeRoot.toString()},
                new ByteArrayInputStream(request.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        String log = "WARNING: A restricted method in java.lang.System has been called\n"
                + stdout.toString(StandardCharsets.UTF_8);
        return Outcome.terminated(exit, log);
    }

    private static ScannedCertificate present(List<ScannedCertificate> rows, String name) {
        return rows.stream()
                .filter(r -> r.name().equals(name) && r.presence() == Presence.PRESENT)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + rows));
    }

    private static NodeError error(NodeResponse response) {
        assertThat(response).isInstanceOf(NodeResponse.Failed.class);
        return ((NodeResponse.Failed) response).error();
    }

    /** What the pod of a Job does: still waiting for a reason, or terminated with an exit code and a log. */
    record Outcome(String waitingReason, Integer exitCode, String log) {
        static Outcome pending(String reason) {
            return new Outcome(reason, null, null);
        }

        static Outcome terminated(int exitCode, String log) {
            return new Outcome(null, exitCode, log);
        }
    }

    /** The kubelet and the Job controller of the test: acts once per new Job. */
    static final class Kubelet implements Watcher<Job>, AutoCloseable {
        final List<Job> jobs = new CopyOnWriteArrayList<>();
        final List<String> phases = new CopyOnWriteArrayList<>();
        private final KubernetesClient api;
        private final Map<String, String> logs;
        private final Function<Job, Outcome> behaviour;
        private final ExecutorService worker = Executors.newSingleThreadExecutor();
        private final CountDownLatch acted = new CountDownLatch(1);
        private final Watch watch;

        Kubelet(KubernetesClient api, Map<String, String> logs, Function<Job, Outcome> behaviour) {
            this.api = api;
            this.logs = logs;
            this.behaviour = behaviour;
            this.watch = api.batch().v1().jobs().inNamespace(NS).watch(this);
        }

        /** Polls of the executor wait for the kubelet rather than for time. */
        Pause pause() {
            return duration -> awaitActed();
        }

        void awaitActed() throws InterruptedException {
            assertThat(acted.await(10, TimeUnit.SECONDS))
                    .as("the kubelet acted")
                    .isTrue();
        }

        @Override
        public void eventReceived(Action action, Job job) {
            if (action == Action.ADDED) {
                worker.submit(() -> act(job));
            }
        }

        private void act(Job job) {
            try {
                jobs.add(job);
                Outcome outcome = behaviour.apply(job);
                String podName = job.getMetadata().getName() + "-x7k2p";
                if (outcome.log() != null) {
                    logs.put(podName, outcome.log());
                }
                String phase =
                        outcome.exitCode() == null ? "Pending" : outcome.exitCode() == 0 ? "Succeeded" : "Failed";
                phases.add(phase);
                ContainerState state = outcome.exitCode() == null
                        ? new ContainerStateBuilder()
                                .withNewWaiting()
                                .withReason(outcome.waitingReason())
                                .endWaiting()
                                .build()
                        : new ContainerStateBuilder()
                                .withNewTerminated()
                                .withExitCode(outcome.exitCode())
                                .withReason(outcome.exitCode() == 0 ? "Completed" : "Error")
                                .endTerminated()
                                .build();
                Pod pod = new PodBuilder()
                        .withNewMetadata()
                        .withName(podName)
                        .withNamespace(NS)
                        .withLabels(job.getSpec().getTemplate().getMetadata().getLabels())
                        .withCreationTimestamp(Instant.now().toString())
                        .endMetadata()
                        .withSpec(job.getSpec().getTemplate().getSpec())
                        .withNewStatus()
                        .withPhase(phase)
                        .withContainerStatuses(new ContainerStatusBuilder()
                                .withName(NodeAgentJobTemplate.CONTAINER)
                                .withState(state)
                                .build())
                        .endStatus()
                        .build();
                api.pods().inNamespace(NS).resource(pod).create();
                if (outcome.exitCode() != null) {
                    Job finished = api.batch()
                            .v1()
                            .jobs()
                            .inNamespace(NS)
                            .withName(job.getMetadata().getName())
                            .get();
                    finished.setStatus(
                            outcome.exitCode() == 0
                                    ? new JobStatusBuilder().withSucceeded(1).build()
                                    : new JobStatusBuilder()
                                            .withFailed(1)
                                            .withConditions(new JobConditionBuilder()
                                                    .withType("Failed")
                                                    .withStatus("True")
                                                    .withReason("BackoffLimitExceeded")
                                                    .build())
                                            .build());
                    api.batch().v1().jobs().inNamespace(NS).resource(finished).updateStatus();
                }
            } finally {
                acted.countDown();
            }
        }

        @Override
        public void onClose(WatcherException cause) {}

        @Override
        public void close() {
            watch.close();
            worker.shutdownNow();
        }
    }
}
