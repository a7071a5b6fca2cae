package io.certfleet.scanner.adapter.out;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.certfleet.events.Finding;
import io.certfleet.events.FindingSeverity;
import io.certfleet.events.ScanError;
import io.certfleet.events.SourceKind;
import io.certfleet.fleetsim.ClusterFlavour;
import io.certfleet.fleetsim.Fault;
import io.certfleet.fleetsim.FleetSimulator;
import io.certfleet.fleetsim.FleetSpec;
import io.certfleet.fleetsim.KubeletKubeconfig;
import io.certfleet.fleetsim.NodeSelector;
import io.certfleet.fleetsim.SimulatedCluster;
import io.certfleet.fleetsim.SimulatedFleet;
import io.certfleet.fleetsim.SimulatedNode;
import io.certfleet.nodeagent.FailureReason;
import io.certfleet.nodeagent.LocalNodeExecutor;
import io.certfleet.nodeagent.NodeError;
import io.certfleet.nodeagent.NodeJson;
import io.certfleet.nodeagent.NodeRequest;
import io.certfleet.nodeagent.NodeResponse;
import io.certfleet.nodeagent.NodeTarget;
import io.certfleet.nodeagent.Operation;
import io.certfleet.nodeagent.OperationResult.BackupResult;
import io.certfleet.nodeagent.runtime.ContainerRuntime;
import io.certfleet.nodeagent.runtime.Pause;
import io.certfleet.pki.read.CertificateReader;
import io.certfleet.pki.read.ReadOptions;
import io.certfleet.scanner.domain.inventory.Cluster;
import io.certfleet.scanner.domain.inventory.ClusterNode;
import io.certfleet.scanner.domain.inventory.ClusterOrigin;
import io.certfleet.scanner.domain.inventory.NodeAccess;
import io.certfleet.scanner.domain.inventory.NodeRole;
import io.certfleet.scanner.domain.scan.ObservedCertificate;
import io.certfleet.scanner.domain.scan.ScannerFindings;
import io.certfleet.scanner.domain.scan.SourceReading;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Node files of Job and SSH clusters come from a node-agent SCAN. Here the "remote" node is a fleet-sim node run by
 * node-agent's LocalNodeExecutor (request and answer through JSON, as over a Job or SSH), so the answer can be
 * compared with what {@link LocalNodeFiles} reads from the same node in-process: a kubeadm cluster whose kubelet.conf
 * files embed their client certificate and whose second worker has {@code rotateCertificates: false}.
 */
class NodeAgentFilesTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String KUBELET_CONF = "/etc/kubernetes/kubelet.conf";
    private static final String KUBELET_CLIENT = "/var/lib/kubelet/pki/kubelet-client-current.pem";

    @TempDir
    static Path root;

    private static SimulatedFleet fleet;
    private static SimulatedCluster simulated;
    private static LocalNodeFiles local;

    private final List<NodeRequest> requests = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void fleet() {
        fleet = FleetSimulator.create(
                FleetSpec.builder(23)
                        .tlsEndpoints(false)
                        .managementApi(false)
                        .cluster(c -> c.name("remote")
                                .flavour(ClusterFlavour.KUBEADM)
                                .kubernetesVersion("v1.30.6")
                                .controlPlaneNodes(1)
                                .workers(2)
                                .kubeletKubeconfig(KubeletKubeconfig.EMBEDDED_CERTIFICATE)
                                .fault(Fault.kubeletRotationDisabled(NodeSelector.worker(1))))
                        .build(),
                root,
                CLOCK);
        simulated = fleet.cluster("remote").orElseThrow();
        local = new LocalNodeFiles(new CertificateReader(ReadOptions.defaults()), CLOCK);
    }

    @AfterAll
    static void close() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void a_remote_scan_reads_every_node_as_the_local_reader_does() {
        for (NodeAccess access : List.of(NodeAccess.KUBERNETES_JOB, NodeAccess.SSH)) {
            Cluster cluster = cluster(access);
            NodeAgentFiles files = new NodeAgentFiles(local, this::agentOnTheNode, CLOCK);
            for (SimulatedNode node : simulated.nodes()) {
                ClusterNode inventoryNode = cluster.node(node.name()).orElseThrow();

                SourceReading remote = files.read(cluster, inventoryNode);
                SourceReading inProcess = local.read(cluster(NodeAccess.LOCAL), inventoryNode);

                assertThat(remote.complete()).isTrue();
                assertThat(remote.unreachable()).isEmpty();
                assertThat(remote.errors()).as("errors on %s", node.name()).isEmpty();
                assertThat(remote.certificates())
                        .extracting(c -> c.at().location())
                        .contains(
                                "/var/lib/kubelet/pki/kubelet-client-current.pem",
                                "/etc/kubernetes/pki/ca.crt",
                                KUBELET_CONF);
                assertSameReading(remote, inProcess, node.name() + " via " + access);
            }
        }
        assertThat(requests)
                .allSatisfy(r ->
                        assertThat(r).as("a scan with the scanner's clock").isEqualTo(new NodeRequest.Scan(null, NOW)));
    }

    @Test
    void the_embedded_kubelet_conf_certificate_and_disabled_rotation_are_read_remotely() {
        Cluster cluster = cluster(NodeAccess.SSH);
        NodeAgentFiles files = new NodeAgentFiles(local, this::agentOnTheNode, CLOCK);
        SimulatedNode rotating = simulated.workers().get(0);
        SimulatedNode frozen = simulated.workers().get(1);

        List<ObservedCertificate> frozenNode =
                files.read(cluster, cluster.node(frozen.name()).orElseThrow()).certificates();
        List<ObservedCertificate> rotatingNode =
                files.read(cluster, cluster.node(rotating.name()).orElseThrow()).certificates();

        ObservedCertificate kubeletConf = find(frozenNode, KUBELET_CONF);
        assertThat(kubeletConf.kubeadmName()).contains("kubelet.conf");
        assertThat(kubeletConf.certificateAuthority()).contains("ca");
        assertThat(kubeletConf.at().kind()).isEqualTo(SourceKind.KUBECONFIG);
        assertThat(kubeletConf.facts().subject()).contains("system:node:" + frozen.name());
        assertThat(find(frozenNode, KUBELET_CLIENT).findings())
                .filteredOn(f -> f.code().equals(ScannerFindings.KUBELET_ROTATION_DISABLED))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(FindingSeverity.WARNING);
                    assertThat(f.message())
                            .isEqualTo("rotateCertificates: false in /var/lib/kubelet/config.yaml: the kubelet client"
                                    + " certificate is not renewed before it expires");
                });
        assertThat(find(rotatingNode, KUBELET_CLIENT).findings())
                .extracting(Finding::code)
                .doesNotContain(ScannerFindings.KUBELET_ROTATION_DISABLED);
        assertThat(find(rotatingNode, KUBELET_CONF).findings())
                .extracting(Finding::code)
                .doesNotContain(ScannerFindings.KUBELET_ROTATION_DISABLED);
    }

    @Test
    void every_kind_of_kubelet_file_reads_the_same_both_ways() throws Exception {
        Cluster cluster = cluster(NodeAccess.KUBERNETES_JOB);
        NodeAgentFiles files = new NodeAgentFiles(local, this::agentOnTheNode, CLOCK);
        SimulatedNode worker = simulated.workers().get(0);
        ClusterNode node = cluster.node(worker.name()).orElseThrow();
        Path kubeletConf = worker.configDir().resolve("kubelet.conf");
        Path config = worker.kubeletConfigFile();
        byte[] originalConf = Files.readAllBytes(kubeletConf);
        byte[] originalConfig = Files.readAllBytes(config);
        String referencing = """
                apiVersion: v1
                kind: Config
                clusters:
                - cluster: {server: "https://10.0.0.1:6443"}
                  name: kubernetes
                contexts:
                - context: {cluster: kubernetes, user: default-auth}
                  name: default-auth@kubernetes
                current-context: default-auth@kubernetes
                users:
                - name: default-auth
                  user:
                    client-certificate: /var/lib/kubelet/pki/kubelet-client-current.pem
                    client-key: /var/lib/kubelet/pki/kubelet-client-current.pem
                """;
        Map<String, Runnable> variations = new LinkedHashMap<>();
        variations.put("kubelet.conf references kubelet-client-current.pem", () -> write(kubeletConf, referencing));
        variations.put("no kubelet.conf", () -> delete(kubeletConf));
        variations.put("kubelet.conf is not a kubeconfig", () -> write(kubeletConf, "{ not: [ yaml"));
        variations.put("rotateCertificates is not set", () -> write(config, "kind: KubeletConfiguration\n"));
        variations.put("rotateCertificates: true", () -> write(config, "rotateCertificates: true\n"));
        variations.put("the KubeletConfiguration is not YAML", () -> write(config, "{ rotateCertificates: [\n"));
        variations.put("no KubeletConfiguration", () -> delete(config));
        try {
            for (var variation : variations.entrySet()) {
                Files.write(kubeletConf, originalConf);
                Files.write(config, originalConfig);
                variation.getValue().run();

                SourceReading remote = files.read(cluster, node);
                SourceReading inProcess = local.read(cluster(NodeAccess.LOCAL), node);

                assertSameReading(remote, inProcess, variation.getKey());
            }
        } finally {
            Files.write(kubeletConf, originalConf);
            Files.write(config, originalConfig);
        }
        // spot checks of what the variations read as
        delete(kubeletConf);
        write(config, "kind: KubeletConfiguration\n");
        try {
            SourceReading reading = files.read(cluster, node);
            assertThat(reading.errors())
                    .singleElement()
                    .isEqualTo(new ScanError(KUBELET_CONF, "missing: kubelet.conf is expected on a worker node"));
            assertThat(find(reading.certificates(), KUBELET_CLIENT).findings())
                    .extracting(Finding::message)
                    .contains("rotateCertificates is not set in /var/lib/kubelet/config.yaml (it defaults to false):"
                            + " the kubelet client certificate is not renewed before it expires");
        } finally {
            Files.write(kubeletConf, originalConf);
            Files.write(config, originalConfig);
        }
    }

    @Test
    void an_older_agent_without_the_kubelet_part_still_reads() {
        Cluster cluster = cluster(NodeAccess.SSH);
        SimulatedNode frozen = simulated.workers().get(1);
        NodeAgentFiles files = new NodeAgentFiles(
                local,
                (c, n, r) -> {
                    ObjectNode json = (ObjectNode) NodeJson.readTree(NodeJson.write(agentOnTheNode(c, n, r)));
                    ((ObjectNode) json.path("result")).remove("kubelet");
                    return NodeJson.readResponse(json.toString());
                },
                CLOCK);

        SourceReading reading = files.read(cluster, cluster.node(frozen.name()).orElseThrow());

        assertThat(reading.complete()).isTrue();
        assertThat(reading.errors()).isEmpty();
        assertThat(reading.certificates())
                .extracting(c -> c.at().location())
                .contains("/var/lib/kubelet/pki/kubelet-client-current.pem")
                .doesNotContain(KUBELET_CONF);
        assertThat(find(reading.certificates(), KUBELET_CLIENT).findings())
                .extracting(Finding::code)
                .doesNotContain(ScannerFindings.KUBELET_ROTATION_DISABLED);
    }

    @Test
    void missing_files_are_errors_by_the_same_rules_as_in_process() {
        NodeAgentFiles files = new NodeAgentFiles(local, this::agentOnTheNode, CLOCK);
        Cluster cluster = cluster(NodeAccess.KUBERNETES_JOB);
        ClusterNode worker = cluster.node(simulated.workers().get(0).name()).orElseThrow();
        ClusterNode asControlPlane =
                new ClusterNode(worker.name(), NodeRole.CONTROL_PLANE, worker.address(), worker.localRoot(), List.of());

        SourceReading asWorker = files.read(cluster, worker);
        SourceReading wrongRole = files.read(cluster, asControlPlane);

        assertThat(asWorker.errors()).isEmpty();
        assertThat(wrongRole.errors())
                .extracting(ScanError::location)
                .contains("/etc/kubernetes/pki/apiserver.crt", "/etc/kubernetes/admin.conf")
                .doesNotContain("/etc/kubernetes/super-admin.conf");
        assertThat(wrongRole.errors()).allSatisfy(e -> assertThat(e.reason()).contains("expected on a control-plane"));
    }

    @Test
    void a_node_the_executor_cannot_reach_keeps_its_rows_and_says_why() {
        Cluster cluster = cluster(NodeAccess.SSH);
        ClusterNode node = cluster.nodes().get(0);
        Map<FailureReason, String> messages = Map.of(
                FailureReason.UNREACHABLE, "cannot reach node remote/cp-1 at 10.0.0.1:22 over SSH (ConnectException)",
                FailureReason.TRANSIENT, "did not answer within PT5M",
                FailureReason.POLICY, "host key SHA256:abc of node remote/cp-1 is unknown",
                FailureReason.INVALID_INPUT, "answered no JSON from the node agent");

        for (var failure : messages.entrySet()) {
            NodeAgentFiles files = new NodeAgentFiles(
                    local,
                    (c, n, r) ->
                            new NodeResponse.Failed(Operation.SCAN, NodeError.of(failure.getKey(), failure.getValue())),
                    CLOCK);

            SourceReading reading = files.read(cluster, node);

            assertThat(reading.complete()).isFalse();
            assertThat(reading.certificates()).isEmpty();
            assertThat(reading.errors())
                    .singleElement()
                    .satisfies(e -> assertThat(e.reason()).isEqualTo("SSH: " + failure.getValue()));
            boolean retryHelps = failure.getKey().retryHelps();
            assertThat(reading.unreachable().isPresent())
                    .as("%s is unreachable", failure.getKey())
                    .isEqualTo(retryHelps);
        }
        NodeAgentFiles wrongAnswer = new NodeAgentFiles(
                local, (c, n, r) -> new NodeResponse.Completed(new BackupResult("/b", 1, NOW)), CLOCK);
        assertThat(wrongAnswer.read(cluster, node).errors())
                .singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("answered BACKUP to a SCAN"));
    }

    @Test
    void local_and_unscanned_clusters_never_reach_the_executors() {
        NodeAgentFiles files = new NodeAgentFiles(
                local,
                (c, n, r) -> {
                    throw new AssertionError("no remote execution for " + c.nodeAccess());
                },
                CLOCK);
        ClusterNode controlPlane = cluster(NodeAccess.LOCAL)
                .node(simulated.controlPlaneNodes().get(0).name())
                .orElseThrow();

        SourceReading localReading = files.read(cluster(NodeAccess.LOCAL), controlPlane);
        SourceReading none = files.read(cluster(NodeAccess.NONE), controlPlane);

        assertThat(localReading.certificates())
                .extracting(c -> c.at().location())
                .contains(KUBELET_CONF);
        assertThat(none.certificates()).isEmpty();
        assertThat(none.errors()).isEmpty();
    }

    /** What the node agent on the node answers: node-agent's local executor on the fleet-sim node's directory. */
    private NodeResponse agentOnTheNode(Cluster cluster, ClusterNode node, NodeRequest request) {
        requests.add(request);
        LocalNodeExecutor executor = new LocalNodeExecutor(
                target -> cluster.node(target.nodeName())
                        .flatMap(ClusterNode::localRoot)
                        .map(Path::of),
                target -> new ContainerRuntime() {
                    @Override
                    public List<String> runningContainers(String name) {
                        return List.of();
                    }

                    @Override
                    public void stop(String containerId) {}
                },
                CLOCK,
                Pause.NONE);
        return executor.execute(new NodeTarget(cluster.id(), node.name()), request);
    }

    /** The same certificates (location, kind, names, facts, findings with their messages) and the same errors. */
    private static void assertSameReading(SourceReading remote, SourceReading inProcess, String what) {
        assertThat(remote.complete()).as(what).isEqualTo(inProcess.complete());
        assertThat(remote.certificates()).as(what).containsExactlyInAnyOrderElementsOf(inProcess.certificates());
        assertThat(remote.errors()).as(what).containsExactlyInAnyOrderElementsOf(inProcess.errors());
    }

    private static ObservedCertificate find(List<ObservedCertificate> certificates, String location) {
        return certificates.stream()
                .filter(c -> c.at().location().equals(location) && c.at().index() == 0)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no certificate at " + location + " in " + certificates));
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Cluster cluster(NodeAccess access) {
        List<ClusterNode> nodes = simulated.nodes().stream()
                .map(n -> new ClusterNode(
                        n.name(),
                        n.role() == io.certfleet.fleetsim.NodeRole.CONTROL_PLANE
                                ? NodeRole.CONTROL_PLANE
                                : NodeRole.WORKER,
                        Optional.of(n.hostIp()),
                        Optional.of(n.root().toString()),
                        List.of()))
                .toList();
        return new Cluster(
                "remote",
                io.certfleet.scanner.domain.inventory.ClusterFlavour.KUBEADM,
                Map.of(),
                Optional.empty(),
                Optional.empty(),
                false,
                access,
                ClusterOrigin.API,
                Optional.empty(),
                nodes,
                List.of());
    }
}
