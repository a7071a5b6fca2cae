package io.certfleet.renewal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.certfleet.events.ApprovalGranted;
import io.certfleet.events.ApprovalSubjectKind;
import io.certfleet.events.CloudEvent;
import io.certfleet.events.EventCodec;
import io.certfleet.events.ExpiryDetected;
import io.certfleet.events.ExpirySeverity;
import io.certfleet.events.NodeCertificatesRenewed;
import io.certfleet.events.RenewalCompleted;
import io.certfleet.events.RenewalFailed;
import io.certfleet.events.RenewalRequested;
import io.certfleet.events.RenewalStarted;
import io.certfleet.events.RenewalStrategy;
import io.certfleet.events.RenewedCertificate;
import io.certfleet.events.Topics;
import io.certfleet.fleetsim.CertificateAges;
import io.certfleet.fleetsim.ClusterFlavour;
import io.certfleet.fleetsim.FleetSimulator;
import io.certfleet.fleetsim.FleetSpec;
import io.certfleet.fleetsim.SimulatedCluster;
import io.certfleet.fleetsim.SimulatedFleet;
import io.certfleet.fleetsim.SimulatedKubelets;
import io.certfleet.fleetsim.SimulatedNode;
import io.certfleet.fleetsim.TlsEndpoint;
import io.certfleet.messaging.testing.KafkaProbe;
import io.certfleet.messaging.testing.ServiceUnderTest;
import io.certfleet.pki.issue.CertifiedKey;
import io.certfleet.pki.issue.Pem;
import io.certfleet.pki.kubeadm.CertificateAuthority;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.io.file.PathUtils;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;

/**
 * renewal-service renewing a SIMULATED kubeadm fleet for real: real broker, real PostgreSQL, fleet-sim node
 * directories with real certificates, TLS endpoints that serve what they read at their last restart, and the
 * simulated kubelets answering the service's file-signalled restarts (the same protocol the demo uses across
 * processes). Three clusters of three control-plane nodes whose certificates expire in 5 days.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RenewalFleetIT {
    private static final String MANAGEMENT = "sim";
    private static final String RENEWED = "renew-a";
    private static final String KILLED = "renew-b";
    private static final String APPROVED = "renew-c";
    private static final String EXTERNAL = "renew-x";
    private static final String RETRIED = "renew-s";
    private static final String EXTERNAL_SIGNER = "example.com/kubernetes-ca";
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.regex.Pattern PRIVATE_KEY_BLOCK =
            java.util.regex.Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----([^-]+)-----END");

    private Path root;
    private SimulatedFleet fleet;
    private SimulatedKubelets kubelets;
    private KafkaProbe kafka;
    private ServiceUnderTest service;
    private ListAppender<ILoggingEvent> logs;
    private final List<String> apiResponses = new CopyOnWriteArrayList<>();

    @BeforeAll
    void start() throws IOException {
        root = Files.createTempDirectory("renewal-fleet-it");
        FleetSpec spec = FleetSpec.builder(4)
                .cluster(c -> c.name(RENEWED).controlPlaneNodes(3).workers(0).ages(expiring()))
                .cluster(c -> c.name(KILLED).controlPlaneNodes(3).workers(0).ages(expiring()))
                .cluster(c -> c.name(APPROVED).controlPlaneNodes(3).workers(0).ages(expiring()))
                .cluster(c -> c.name(EXTERNAL)
                        .controlPlaneNodes(3)
                        .workers(0)
                        .ages(expiring())
                        .externalAuthorities(Set.of(CertificateAuthority.CA)))
                .cluster(c -> c.name(RETRIED).controlPlaneNodes(1).workers(0).ages(expiring()))
                .build();
        fleet = FleetSimulator.create(spec, root.resolve("fleet"), Clock.systemUTC());
        // seed 001: etcd-defrag keeps the apiserver-etcd-client certificate in memory until restarted
        cluster(RENEWED)
                .workloadApi()
                .apps()
                .daemonSets()
                .inNamespace("kube-system")
                .resource(etcdDefrag())
                .create();
        kubelets = new SimulatedKubelets(fleet.clusters().stream()
                .flatMap(c -> c.controlPlaneNodes().stream())
                .toList());

        Path inventory = root.resolve("inventory.yaml");
        new YAMLMapper()
                .writeValue(
                        inventory.toFile(),
                        Map.of(
                                "clusters",
                                fleet.clusters().stream()
                                        .map(this::inventoryEntry)
                                        .toList()));

        logs = new ListAppender<>();
        logs.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);

        kafka = KafkaProbe.onSharedBroker();
        service = ServiceUnderTest.start("renewal", properties("renewal-a", inventory));
    }

    @AfterAll
    void stop() throws IOException {
        if (service != null) {
            service.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (kubelets != null) {
            kubelets.close();
        }
        if (fleet != null) {
            fleet.close();
        }
        if (logs != null) {
            ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        }
        if (root != null) {
            PathUtils.deleteDirectory(root);
        }
    }

    // --- the tests -----------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void everyControlPlaneNodeIsRenewedInTurnAndServesItsNewCertificates() throws Exception {
        SimulatedCluster cluster = cluster(RENEWED);
        Map<String, String> servedBefore = served(cluster);
        Instant started = Instant.now();

        for (SimulatedNode node : cluster.controlPlaneNodes()) {
            kafka.send(expiry(node, "apiserver", "pki/apiserver.crt"));
        }

        eventually().until(() -> kafka.events(RenewalCompleted.class, RENEWED).size() == 1);
        RenewalRequested requested = only(RenewalRequested.class, RENEWED);
        assertThat(requested.approvalRequired()).isFalse();
        List<String> order = names(cluster.controlPlaneNodes());
        assertThat(only(RenewalStarted.class, RENEWED).nodes()).containsExactlyElementsOf(order);

        // one NodeCertificatesRenewed per node, in order, each verified by TLS handshake and /healthz
        List<NodeCertificatesRenewed> renewed = events(NodeCertificatesRenewed.class, RENEWED);
        assertThat(renewed).extracting(NodeCertificatesRenewed::nodeName).containsExactlyElementsOf(order);
        for (NodeCertificatesRenewed node : renewed) {
            assertThat(node.renewalId()).isEqualTo(requested.renewalId());
            assertThat(node.verification().servedCertificateChanged()).isTrue();
            assertThat(node.verification().apiReachable()).isTrue();
            assertThat(node.verification().restartedComponents())
                    .containsExactlyInAnyOrder("kube-apiserver", "kube-controller-manager", "kube-scheduler", "etcd");
            assertThat(node.backupLocation()).startsWith("/etc/kubernetes/tmp/certfleet-backup-");
            assertThat(node.renewed())
                    .extracting(RenewedCertificate::name)
                    .contains("apiserver", "etcd-server", "admin.conf", "front-proxy-client");
            assertThat(node.renewed())
                    .allSatisfy(c -> assertThat(c.newNotAfter())
                            .isBetween(
                                    started.plus(Duration.ofDays(364)),
                                    Instant.now().plus(Duration.ofDays(366))));
        }
        assertThat(only(RenewalCompleted.class, RENEWED).nodes()).containsExactlyElementsOf(order);

        // the sim's endpoints serve the renewed files (they only re-read them on a static pod restart)
        for (SimulatedNode node : cluster.controlPlaneNodes()) {
            X509Certificate apiserver =
                    node.apiserverEndpoint().orElseThrow().servedCertificate().orElseThrow();
            X509Certificate etcd =
                    node.etcdEndpoint().orElseThrow().servedCertificate().orElseThrow();
            assertThat(sha256(apiserver))
                    .isNotEqualTo(servedBefore.get(node.name() + "/apiserver"))
                    .isEqualTo(fileSha(node.certDir().resolve("apiserver.crt")));
            assertThat(sha256(etcd))
                    .isNotEqualTo(servedBefore.get(node.name() + "/etcd"))
                    .isEqualTo(fileSha(node.certDir().resolve("etcd/server.crt")));
            assertThat(apiserver.getNotAfter().toInstant()).isAfter(started.plus(Duration.ofDays(364)));
        }

        // never two nodes at once: each node's steps end before the next node's begin; each step ran once
        List<Map<String, Object>> steps = steps(requested.renewalId());
        assertThat(steps).hasSize(14).allSatisfy(step -> {
            assertThat(step.get("state")).isEqualTo("DONE");
            assertThat(step.get("attempts")).isEqualTo(1);
        });
        for (int i = 0; i + 1 < order.size(); i++) {
            assertThat(lastFinished(steps, order.get(i))).isBefore(firstStarted(steps, order.get(i + 1)));
        }
        // and the simulated kubelets saw the restarts node by node
        List<String> restartedNodes = kubelets.restarts().stream()
                .filter(r -> order.contains(r.node()))
                .map(SimulatedKubelets.Restart::node)
                .distinct()
                .toList();
        assertThat(restartedNodes).containsExactlyElementsOf(order);

        // seed 001 after the nodes: the management cluster's kubeconfig Secret carries new admin credentials — a key
        // renewal-service made, certified by the cluster's CA on the node as admin.conf's identity — and etcd-defrag
        // was restarted
        SimulatedNode first = cluster.controlPlaneNodes().get(0);
        X509Certificate secretCertificate = Pem.decodeCertificate(
                new String(Base64.getDecoder().decode(secretClientCertificate(cluster)), StandardCharsets.US_ASCII));
        X509Certificate adminConf = Pem.decodeCertificate(new String(
                Base64.getDecoder().decode(clientCertificate(first.configDir().resolve("admin.conf"))),
                StandardCharsets.US_ASCII));
        assertThat(secretCertificate.getSubjectX500Principal()).isEqualTo(adminConf.getSubjectX500Principal());
        assertThat(secretCertificate.getNotAfter().toInstant()).isAfter(started.plus(Duration.ofDays(364)));
        secretCertificate.verify(
                cluster.authorityCertificate(CertificateAuthority.CA).getPublicKey());
        assertThat(secretCertificate.getPublicKey()).isNotEqualTo(adminConf.getPublicKey());
        DaemonSet defrag = cluster.workloadApi()
                .apps()
                .daemonSets()
                .inNamespace("kube-system")
                .withName("etcd-defrag")
                .get();
        assertThat(defrag.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("certfleet.io/restarted-for", requested.renewalId())
                .containsKey("kubectl.kubernetes.io/restartedAt");

        // the API tells the same story
        JsonNode detail = getJson("/renewals/" + requested.renewalId());
        assertThat(detail.path("renewal").path("state").asText()).isEqualTo("COMPLETED");
        assertThat(detail.path("steps")).hasSize(14);
        assertThat(detail.path("certificates")).hasSize(3);
        assertThat(getJson("/renewals?clusterId=" + RENEWED).findValuesAsText("id"))
                .containsExactly(requested.renewalId());
    }

    @Test
    @Order(2)
    void killedBetweenTwoNodesTheRenewalResumesWithoutRedoingTheFinishedNode() throws Exception {
        SimulatedCluster cluster = cluster(KILLED);
        SimulatedNode first = cluster.controlPlaneNodes().get(0);
        SimulatedNode second = cluster.controlPlaneNodes().get(1);
        // the second node's kubelet does not answer: the service is stopped while it restarts that node's pods
        kubelets.hold(second.name());

        kafka.send(expiry(first, "apiserver", "pki/apiserver.crt"));

        eventually()
                .until(() -> outboxCount(KILLED, NodeCertificatesRenewed.class) == 1
                        && service.count(
                                        "SELECT count(*) FROM renewal_step WHERE cluster_id = ? AND node_name = ?"
                                                + " AND kind = 'RESTART_STATIC_PODS' AND state = 'RUNNING'",
                                        KILLED,
                                        second.name())
                                == 1);
        String renewalId = (String) service.rows("SELECT id::text AS id FROM renewal WHERE cluster_id = ?", KILLED)
                .get(0)
                .get("id");
        Map<String, String> firstNodeFiles = fileHashes(first);
        String database = service.database();

        service.close(); // killed between two nodes
        kubelets.release(second.name());
        service = ServiceUnderTest.start("renewal", database, properties("renewal-b", root.resolve("inventory.yaml")));

        eventually().until(() -> kafka.events(RenewalCompleted.class, KILLED).size() == 1);
        assertThat(fileHashes(first))
                .as("the finished node is not renewed again")
                .isEqualTo(firstNodeFiles);
        assertThat(events(NodeCertificatesRenewed.class, KILLED))
                .extracting(NodeCertificatesRenewed::nodeName)
                .containsExactlyElementsOf(names(cluster.controlPlaneNodes()));
        List<Map<String, Object>> steps = steps(renewalId);
        assertThat(steps).allSatisfy(step -> assertThat(step.get("state")).isEqualTo("DONE"));
        assertThat(steps.stream().filter(s -> first.name().equals(s.get("node_name"))))
                .hasSize(4)
                .allSatisfy(step -> assertThat(step.get("attempts")).isEqualTo(1));
        // the second node resumed at its restart step: renewed once, restarted again
        assertThat(step(steps, second.name(), "RENEW").get("attempts")).isEqualTo(1);
        assertThat((Integer) step(steps, second.name(), "RESTART_STATIC_PODS").get("attempts"))
                .isGreaterThan(1);
        for (SimulatedNode node : cluster.controlPlaneNodes()) {
            assertThat(sha256(node.apiserverEndpoint()
                            .orElseThrow()
                            .servedCertificate()
                            .orElseThrow()))
                    .isEqualTo(fileSha(node.certDir().resolve("apiserver.crt")));
        }
    }

    @Test
    @Order(3)
    void clusterWhoseRenewalsNeedApprovalWaitsForApprovalGranted() throws Exception {
        SimulatedCluster cluster = cluster(APPROVED);
        kafka.send(expiry(cluster.controlPlaneNodes().get(0), "apiserver", "pki/apiserver.crt"));

        eventually().until(() -> kafka.events(RenewalRequested.class, APPROVED).size() == 1);
        RenewalRequested requested = only(RenewalRequested.class, APPROVED);
        assertThat(requested.approvalRequired()).isTrue();
        assertThat(requested.reason()).contains("waits for approval (rule needs-approval for approval=required)");
        assertThat(getJson("/renewals?state=AWAITING_APPROVAL").findValuesAsText("id"))
                .contains(requested.renewalId());

        // an approval of another renewal changes nothing here (and is dead-lettered where someone can see it)
        var stray = kafka.send(approval(UUID.randomUUID().toString()));
        eventually().until(() -> kafka.consumed("renewal.approvals", stray));
        assertThat(kafka.deadLetters(Topics.APPROVALS, stray)).hasSize(1);
        assertThat(state(requested.renewalId())).isEqualTo("AWAITING_APPROVAL");
        assertThat(kafka.events(RenewalStarted.class, APPROVED)).isEmpty();

        kafka.send(approval(requested.renewalId()));

        eventually().until(() -> kafka.events(RenewalCompleted.class, APPROVED).size() == 1);
        assertThat(service.rows("SELECT approved_by FROM renewal WHERE id = ?::uuid", requested.renewalId()))
                .singleElement()
                .satisfies(row -> assertThat(row.get("approved_by")).isEqualTo("slack:U024BE7LH"));
        assertThat(events(NodeCertificatesRenewed.class, APPROVED)).hasSize(3);
    }

    @Test
    @Order(4)
    void aClusterWhoseCaKeyIsExternalHasItsCertificatesSignedThroughTheCsrApi() throws Exception {
        SimulatedCluster cluster = cluster(EXTERNAL);
        CertifiedKey externalCa = cluster.externalAuthority(CertificateAuthority.CA);
        Map<String, String> servedBefore = served(cluster);
        X509Certificate secretBefore = Pem.decodeCertificate(
                new String(Base64.getDecoder().decode(secretClientCertificate(cluster)), StandardCharsets.US_ASCII));
        Map<String, String> caFiles = new TreeMap<>();
        for (SimulatedNode node : cluster.controlPlaneNodes()) {
            caFiles.put(node.name(), fileSha(node.certDir().resolve("ca.crt")));
        }
        List<String> signed = new CopyOnWriteArrayList<>();
        // a renewal of yesterday failed at INSTALL on the first node (a busy file) and nobody retried it: its keys are
        // still staged on that node
        String abandoned = abandonedAtInstall(cluster.controlPlaneNodes().get(0));
        Path abandonedDir = cluster.controlPlaneNodes()
                .get(0)
                .configDir()
                .resolve("tmp/certfleet-csr-" + abandoned.substring(0, 8));

        kafka.send(expiry(cluster.controlPlaneNodes().get(0), "apiserver", "pki/apiserver.crt"));

        // the organisation's signer controller for its signerName, holding the CA key the nodes do not have
        eventually().until(() -> {
            signApproved(cluster, externalCa, signed);
            return kafka.events(RenewalCompleted.class, EXTERNAL).size()
                            + kafka.events(RenewalFailed.class, EXTERNAL).size()
                    > 0;
        });
        assertThat(kafka.events(RenewalFailed.class, EXTERNAL)).isEmpty();
        RenewalRequested requested = only(RenewalRequested.class, EXTERNAL);
        assertThat(only(RenewalStarted.class, EXTERNAL).strategy()).isEqualTo(RenewalStrategy.EXTERNAL_CA);
        List<String> order = names(cluster.controlPlaneNodes());
        assertThat(events(NodeCertificatesRenewed.class, EXTERNAL))
                .extracting(NodeCertificatesRenewed::nodeName)
                .containsExactlyElementsOf(order);
        Set<String> byExternalCa = Set.of(
                "apiserver", "apiserver-kubelet-client", "admin.conf", "controller-manager.conf", "scheduler.conf");
        for (NodeCertificatesRenewed node : events(NodeCertificatesRenewed.class, EXTERNAL)) {
            assertThat(node.renewed())
                    .extracting(RenewedCertificate::name)
                    .containsAll(byExternalCa)
                    .contains("etcd-server", "front-proxy-client");
            assertThat(node.skipped()).extracting(c -> c.name()).doesNotContainAnyElementsOf(byExternalCa);
            assertThat(node.verification().servedCertificateChanged()).isTrue();
        }
        // one CSR per certificate and node, and one for the kubeconfig Secret, each approved by certfleet and signed
        // by the external CA
        assertThat(signed).hasSizeGreaterThanOrEqualTo(byExternalCa.size() * order.size() + 1);
        assertThat(cluster.workloadApi()
                        .certificates()
                        .v1()
                        .certificateSigningRequests()
                        .list()
                        .getItems())
                .filteredOn(csr -> EXTERNAL_SIGNER.equals(csr.getSpec().getSignerName()))
                .hasSize(signed.size())
                .allSatisfy(csr -> assertThat(csr.getStatus().getConditions())
                        .anyMatch(c -> "Approved".equals(c.getType()) && "CertfleetRenewal".equals(c.getReason())));

        for (SimulatedNode node : cluster.controlPlaneNodes()) {
            X509Certificate apiserver = certificate(node.certDir().resolve("apiserver.crt"));
            apiserver.verify(externalCa.certificate().getPublicKey());
            assertThat(sha256(servedBy(node.apiserverEndpoint())))
                    .isNotEqualTo(servedBefore.get(node.name() + "/apiserver"))
                    .isEqualTo(sha256(apiserver));
            assertThat(node.certDir().resolve("ca.key")).doesNotExist();
            assertThat(fileSha(node.certDir().resolve("ca.crt"))).isEqualTo(caFiles.get(node.name()));
            // the new keys were made on the node and the staged copies are gone once installed
            try (Stream<Path> staged = Files.walk(node.configDir().resolve("tmp"))) {
                assertThat(staged.filter(p -> p.toString().contains("certfleet-csr-"))
                                .filter(p -> p.getFileName().toString().endsWith(".key")))
                        .isEmpty();
            }
        }
        List<Map<String, Object>> steps = steps(requested.renewalId());
        assertThat(steps).hasSize(7 * order.size() + 2);
        // the later renewal ran: yesterday's can no longer be retried, and what it staged is gone
        assertThat(abandonedDir).doesNotExist();
        assertThat(service.count(
                        "SELECT count(*) FROM renewal_step WHERE renewal_id = ?::uuid AND kind = 'REQUEST_SIGNING'"
                                + " AND staged_discarded_at IS NOT NULL",
                        abandoned))
                .as("recorded, so no later renewal asks the node again")
                .isEqualTo(1);
        HttpResponse<String> retry = post("/renewals/" + abandoned + "/retry", "{\"requestedBy\":\"alice\"}");
        assertThat(retry.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(retry.body()).path("message").asText())
                .contains("superseded by renewal " + requested.renewalId());

        // the management cluster's kubeconfig Secret: a key made by renewal-service, certified by the external CA for
        // the identity the Secret had; the key waited in a Secret of its own, which is gone now
        assertThat(step(steps, null, "REFRESH_KUBECONFIG").get("state")).isEqualTo("DONE");
        X509Certificate secretAfter = Pem.decodeCertificate(
                new String(Base64.getDecoder().decode(secretClientCertificate(cluster)), StandardCharsets.US_ASCII));
        secretAfter.verify(externalCa.certificate().getPublicKey());
        assertThat(secretAfter.getSubjectX500Principal()).isEqualTo(secretBefore.getSubjectX500Principal());
        assertThat(secretAfter.getPublicKey()).isNotEqualTo(secretBefore.getPublicKey());
        assertThat(secretAfter.getNotAfter().toInstant()).isAfter(Instant.now().plus(Duration.ofDays(364)));
        assertThat(secretAfter.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.2");
        assertThat(fleet.managementApi()
                        .secrets()
                        .inNamespace(cluster.namespace())
                        .withName(EXTERNAL + "-kubeconfig-certfleet-pending")
                        .get())
                .isNull();
    }

    @Test
    @Order(5)
    void aCancelStopsAnExternalCaRenewalThatWaitsForTheSignerAndWithdrawsWhatItStaged() throws Exception {
        SimulatedCluster cluster = cluster(EXTERNAL);
        SimulatedNode first = cluster.controlPlaneNodes().get(0);
        Map<String, String> servedBefore = served(cluster);
        int before = events(RenewalRequested.class, EXTERNAL).size();

        // nobody signs this time: the renewal waits for the signer on its first node
        kafka.send(expiry(first, "apiserver", "pki/apiserver.crt"));
        eventually().until(() -> events(RenewalRequested.class, EXTERNAL).size() == before + 1);
        String id = events(RenewalRequested.class, EXTERNAL).get(before).renewalId();
        eventually().until(() -> {
            Map<String, Object> awaiting = step(steps(id), first.name(), "AWAIT_SIGNING");
            return "PENDING".equals(awaiting.get("state")) && ((Number) awaiting.get("attempts")).intValue() >= 1;
        });
        Path staged = first.configDir().resolve("tmp/certfleet-csr-" + id.substring(0, 8));
        assertThat(staged).isDirectory();

        HttpResponse<String> cancel = post("/renewals/" + id + "/cancel", "{\"cancelledBy\":\"alice\"}");
        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(200);
        assertThat(JSON.readTree(cancel.body()).path("message").asText())
                .contains("it stops at the next look at the external signer");

        eventually()
                .until(() -> events(RenewalFailed.class, EXTERNAL).stream()
                        .anyMatch(f -> f.renewalId().equals(id)));
        RenewalFailed cancelled = events(RenewalFailed.class, EXTERNAL).stream()
                .filter(f -> f.renewalId().equals(id))
                .findFirst()
                .orElseThrow();
        assertThat(cancelled.step()).isEqualTo("CANCEL");
        assertThat(cancelled.reason())
                .contains("cancelled by alice while " + first.name() + " waited for the external signer")
                .contains("were removed");
        assertThat(state(id)).isEqualTo("CANCELLED");
        assertThat(staged).doesNotExist();
        assertThat(step(steps(id), first.name(), "INSTALL").get("state")).isEqualTo("PENDING");
        // nothing was restarted: every node serves what it served before
        assertThat(served(cluster)).isEqualTo(servedBefore);
    }

    @Test
    @Order(6)
    void aNodeUnreachableAtStartIsTriedAgainAndTheRenewalRunsOnceItAnswers() throws Exception {
        SimulatedNode node = cluster(RETRIED).controlPlaneNodes().get(0);
        CloudEvent expiry = expiry(node, "apiserver", "pki/apiserver.crt");
        Path away = node.root().resolveSibling(node.name() + ".away");
        Files.move(node.root(), away); // the node does not answer, over either path

        kafka.send(expiry);

        eventually().until(() -> kafka.events(RenewalRequested.class, RETRIED).size() == 1);
        String id = only(RenewalRequested.class, RETRIED).renewalId();
        eventually().until(() -> startAttempts(id) >= 2);
        JsonNode waiting = getJson("/renewals/" + id).path("renewal");
        assertThat(waiting.path("state").asText()).isEqualTo("SCHEDULED");
        assertThat(waiting.path("startNote").asText())
                .contains("START attempt", "of 5 failed", node.name(), "next attempt at");
        assertThat(kafka.events(RenewalFailed.class, RETRIED)).isEmpty();
        assertThat(kafka.events(RenewalStarted.class, RETRIED)).isEmpty();

        Files.move(away, node.root());

        eventually().until(() -> kafka.events(RenewalCompleted.class, RETRIED).size() == 1);
        assertThat(kafka.events(RenewalFailed.class, RETRIED)).isEmpty();
        // what it waited for is said no more; how often it tried stays
        JsonNode completed = getJson("/renewals/" + id).path("renewal");
        assertThat(completed.hasNonNull("startNote")).isFalse();
        assertThat(completed.path("startAttempts").asInt()).isGreaterThanOrEqualTo(2);
    }

    @Test
    @Order(7)
    void apiApprovesCancelsAndRefusesWithReasons() throws Exception {
        String cancelled = requestFor("ghost-1");
        String approved = requestFor("ghost-2");

        HttpResponse<String> cancel =
                post("/renewals/" + cancelled + "/cancel", "{\"cancelledBy\":\"alice\",\"reason\":\"not now\"}");
        assertThat(cancel.statusCode()).isEqualTo(200);
        assertThat(state(cancelled)).isEqualTo("CANCELLED");
        assertThat(post("/renewals/" + cancelled + "/approve", "{\"approvedBy\":\"bob\"}")
                        .statusCode())
                .isEqualTo(409);
        assertThat(post("/renewals/" + UUID.randomUUID() + "/approve", "{\"approvedBy\":\"bob\"}")
                        .statusCode())
                .isEqualTo(404);
        assertThat(get("/renewals/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
        HttpResponse<String> openApi = get("/swagger/certfleet-renewal-1.yml");
        assertThat(openApi.statusCode()).isEqualTo(200);
        assertThat(openApi.body()).contains("/renewals/{id}/approve", "/renewals/{id}/cancel");
        // the bearer token the mutating operations need once tokens are configured is declared for clients
        assertThat(openApi.body()).contains("securitySchemes:", "certfleetApiToken:", "scheme: bearer");
        assertThat(openApi.body().split("certfleetApiToken: \\[]", -1)).hasSize(4); // approve, cancel, retry
        eventually().until(() -> kafka.events(RenewalFailed.class, "ghost-1").size() == 1);
        assertThat(only(RenewalFailed.class, "ghost-1").step()).isEqualTo("CANCEL");

        HttpResponse<String> approve = post("/renewals/" + approved + "/approve", "{\"approvedBy\":\"bob\"}");
        assertThat(approve.statusCode()).isEqualTo(200);
        // approved, claimed, and refused before touching anything: the cluster is not in the inventory
        eventually().until(() -> kafka.events(RenewalFailed.class, "ghost-2").size() == 1);
        RenewalFailed failed = only(RenewalFailed.class, "ghost-2");
        assertThat(failed.step()).isEqualTo("START");
        assertThat(failed.retryable()).isFalse();
        assertThat(failed.reason()).contains("not in renewal-service's inventory");
        assertThat(state(approved)).isEqualTo("FAILED");
    }

    @Test
    @Order(8)
    void noPrivateKeyMaterialInEventsLogsOrApiResponses() throws Exception {
        getJson("/renewals");
        for (String id : service.rows("SELECT id::text AS id FROM renewal").stream()
                .map(r -> (String) r.get("id"))
                .toList()) {
            get("/renewals/" + id);
        }
        List<String> haystack = new ArrayList<>(apiResponses);
        for (String topic : Topics.all()) {
            kafka.records(topic).forEach(r -> haystack.add(new String(r.value(), StandardCharsets.UTF_8)));
        }
        for (ILoggingEvent event : logged()) {
            haystack.add(event.getFormattedMessage());
            if (event.getThrowableProxy() != null) {
                haystack.add(ThrowableProxyUtil.asString(event.getThrowableProxy()));
            }
        }
        Set<String> keys = keyFragments();
        assertThat(keys).hasSizeGreaterThan(50);
        assertThat(haystack).hasSizeGreaterThan(100);
        for (String text : haystack) {
            assertThat(text).doesNotContain("PRIVATE KEY");
            for (String key : keys) {
                assertThat(text).as("a private key fragment leaked").doesNotContain(key);
            }
        }
    }

    // --- the fleet -----------------------------------------------------------------------------------------------

    private static CertificateAges expiring() {
        return CertificateAges.expiringIn(Duration.ofDays(5));
    }

    private Map<String, Object> inventoryEntry(SimulatedCluster cluster) {
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (SimulatedNode node : cluster.nodes()) {
            List<Map<String, String>> endpoints = new ArrayList<>();
            node.apiserverEndpoint().ifPresent(e -> endpoints.add(Map.of("component", "APISERVER", "url", e.url())));
            node.etcdEndpoint().ifPresent(e -> endpoints.add(Map.of("component", "ETCD", "url", e.url())));
            nodes.add(Map.of(
                    "name", node.name(),
                    "role", node.role().name(),
                    "address", node.hostIp(),
                    "endpoints", endpoints));
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", cluster.name());
        entry.put("flavour", cluster.flavour() == ClusterFlavour.CLUSTER_API ? "CLUSTER_API" : "KUBEADM");
        entry.put("labels", cluster.name().equals(APPROVED) ? Map.of("approval", "required") : Map.of("team", "sre"));
        entry.put("apiEndpoint", cluster.apiserverUrl());
        entry.put("management", Map.of("cluster", MANAGEMENT, "namespace", cluster.namespace()));
        entry.put("localRoot", root.resolve("fleet").resolve(cluster.name()).toString());
        entry.put("nodes", nodes);
        return entry;
    }

    private Map<String, Object> properties(String instance, Path inventory) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("certfleet.renewal.instance-id", instance);
        properties.put("certfleet.renewal.inventory-file", inventory.toString());
        properties.put("certfleet.renewal.approval-required", "false");
        properties.put("certfleet.renewal.rules.needs-approval.selector", "approval=required");
        properties.put("certfleet.renewal.rules.needs-approval.approval-required", "true");
        properties.put("certfleet.renewal.worker-interval", "100ms");
        properties.put("certfleet.renewal.lease-duration", "3s");
        properties.put("certfleet.renewal.retry-backoff", "500ms");
        properties.put("certfleet.renewal.verify-interval", "100ms");
        properties.put("certfleet.renewal.restart-timeout", "60s");
        properties.put("certfleet.renewal.api-timeout", "5s");
        properties.put("certfleet.renewal.external-ca.signer-names.ca", EXTERNAL_SIGNER);
        properties.put("certfleet.renewal.external-ca.poll-interval", "100ms");
        properties.put(
                "certfleet.renewal.management-clusters." + MANAGEMENT + ".url",
                fleet.managementApi().getMasterUrl().toString());
        return properties;
    }

    private static DaemonSet etcdDefrag() {
        return new DaemonSetBuilder()
                .withNewMetadata()
                .withName("etcd-defrag")
                .withNamespace("kube-system")
                .endMetadata()
                .withNewSpec()
                .withNewSelector()
                .addToMatchLabels("app", "etcd-defrag")
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", "etcd-defrag")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("etcd-defrag")
                .withImage("registry.k8s.io/etcd:3.5.16-0")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    private SimulatedCluster cluster(String name) {
        return fleet.cluster(name).orElseThrow();
    }

    private static List<String> names(List<SimulatedNode> nodes) {
        return nodes.stream().map(SimulatedNode::name).toList();
    }

    // --- events in and out ---------------------------------------------------------------------------------------

    private static CloudEvent expiry(SimulatedNode node, String kubeadmName, String pkiPath) {
        Path file = node.configDir().resolve(pkiPath);
        X509Certificate certificate = certificate(file);
        Instant notAfter = certificate.getNotAfter().toInstant();
        return CloudEvent.of(
                new ExpiryDetected(
                        node.cluster().name(),
                        node.name(),
                        "/etc/kubernetes/" + pkiPath,
                        kubeadmName,
                        sha256(certificate),
                        notAfter,
                        ExpirySeverity.CRITICAL,
                        ExpirySeverity.WARNING,
                        Duration.between(Instant.now(), notAfter).toSeconds(),
                        Map.of("team", "sre")),
                "/certfleet/scanner",
                Clock.systemUTC());
    }

    private static CloudEvent approval(String renewalId) {
        return CloudEvent.of(
                new ApprovalGranted(
                        UUID.randomUUID().toString(),
                        APPROVED,
                        ApprovalSubjectKind.RENEWAL,
                        renewalId,
                        "slack:U024BE7LH",
                        "slack:#platform-ops",
                        "go"),
                "/certfleet/notifier",
                Clock.systemUTC());
    }

    /** A renewal awaiting approval for a cluster renewal-service does not know. */
    private String requestFor(String clusterId) {
        kafka.send(CloudEvent.of(
                new ExpiryDetected(
                        clusterId,
                        "cp-1",
                        "/etc/kubernetes/pki/apiserver.crt",
                        "apiserver",
                        "51cc8efe6bac2673c04973ca0b0b60b5c13030c3de806c9ea5e7ca4448760f1e",
                        Instant.now().plus(Duration.ofDays(5)),
                        ExpirySeverity.CRITICAL,
                        null,
                        Duration.ofDays(5).toSeconds(),
                        Map.of("approval", "required")),
                "/certfleet/scanner",
                Clock.systemUTC()));
        eventually().until(() -> kafka.events(RenewalRequested.class, clusterId).size() == 1);
        return only(RenewalRequested.class, clusterId).renewalId();
    }

    private <T extends io.certfleet.events.EventData> List<T> events(Class<T> type, String clusterId) {
        return kafka.events(type, clusterId).stream()
                .map(e -> type.cast(e.data()))
                .toList();
    }

    private <T extends io.certfleet.events.EventData> T only(Class<T> type, String clusterId) {
        List<T> events = events(type, clusterId);
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    private long outboxCount(String clusterId, Class<? extends io.certfleet.events.EventData> type) {
        return service.count(
                "SELECT count(*) FROM outbox WHERE kafka_key = ? AND event_type = ?",
                clusterId,
                EventCodec.typeName(type));
    }

    // --- database and API ----------------------------------------------------------------------------------------

    private int startAttempts(String renewalId) {
        return (Integer) service.rows("SELECT start_attempts FROM renewal WHERE id = ?::uuid", renewalId)
                .get(0)
                .get("start_attempts");
    }

    private List<Map<String, Object>> steps(String renewalId) {
        return service.rows(
                "SELECT seq, node_name, kind, state, attempts, started_at, finished_at FROM renewal_step"
                        + " WHERE renewal_id = ?::uuid ORDER BY seq",
                renewalId);
    }

    private static Map<String, Object> step(List<Map<String, Object>> steps, String node, String kind) {
        return steps.stream()
                .filter(s -> java.util.Objects.equals(node, s.get("node_name")) && kind.equals(s.get("kind")))
                .findFirst()
                .orElseThrow();
    }

    private static Instant lastFinished(List<Map<String, Object>> steps, String node) {
        return steps.stream()
                .filter(s -> node.equals(s.get("node_name")))
                .map(s -> instant(s.get("finished_at")))
                .max(Comparator.naturalOrder())
                .orElseThrow();
    }

    private static Instant firstStarted(List<Map<String, Object>> steps, String node) {
        return steps.stream()
                .filter(s -> node.equals(s.get("node_name")))
                .map(s -> instant(s.get("started_at")))
                .min(Comparator.naturalOrder())
                .orElseThrow();
    }

    private static Instant instant(Object value) {
        return switch (value) {
            case java.sql.Timestamp t -> t.toInstant();
            case OffsetDateTime o -> o.toInstant();
            default -> throw new IllegalArgumentException("not a timestamp: " + value);
        };
    }

    private String state(String renewalId) {
        return (String) service.rows("SELECT state FROM renewal WHERE id = ?::uuid", renewalId)
                .get(0)
                .get("state");
    }

    private HttpResponse<String> get(String path) {
        HttpResponse<String> response = service.get(path);
        apiResponses.add(response.body());
        return response;
    }

    private HttpResponse<String> post(String path, String json) {
        HttpResponse<String> response = service.postJson(path, json);
        apiResponses.add(response.body());
        return response;
    }

    private JsonNode getJson(String path) throws IOException {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /**
     * A FAILED {@code EXTERNAL_CA} renewal of the node's cluster, requested a day ago, that staged new keys on the node
     * and failed at INSTALL there; the staged files are made as node-agent makes them.
     *
     * @return its id
     */
    private String abandonedAtInstall(SimulatedNode node) throws IOException {
        String id = UUID.randomUUID().toString();
        Instant yesterday = Instant.now().minus(Duration.ofDays(1));
        service.execute(
                "INSERT INTO renewal (id, cluster_id, node_name, location, kubeadm_name, sha256, severity, not_after,"
                        + " state, strategy, reason, approval_required, requested_by, source_event_id, requested_at,"
                        + " updated_at, nodes, started_at, finished_at, failed_step, failed_node, failure_reason,"
                        + " failure_retryable) VALUES (?::uuid, ?, ?, '/etc/kubernetes/pki/apiserver.crt', 'apiserver',"
                        + " ?, 'WARNING', ?, 'FAILED', 'EXTERNAL_CA', 'test', false, 'policy', 'e-0', ?, ?, ?::jsonb,"
                        + " ?, ?, 'INSTALL', ?, 'INSTALL refused [apiserver (the file is busy)]', true)",
                id,
                EXTERNAL,
                node.name(),
                "00".repeat(32),
                java.sql.Timestamp.from(yesterday.plus(Duration.ofDays(20))),
                java.sql.Timestamp.from(yesterday),
                java.sql.Timestamp.from(yesterday),
                "[\"" + node.name() + "\"]",
                java.sql.Timestamp.from(yesterday),
                java.sql.Timestamp.from(yesterday),
                node.name());
        service.execute(
                "INSERT INTO renewal_step (renewal_id, seq, cluster_id, node_name, kind, state, attempts)"
                        + " VALUES (?::uuid, 3, ?, ?, 'REQUEST_SIGNING', 'DONE', 1),"
                        + " (?::uuid, 5, ?, ?, 'INSTALL', 'FAILED', 1)",
                id,
                EXTERNAL,
                node.name(),
                id,
                EXTERNAL,
                node.name());
        Path staged = node.configDir().resolve("tmp/certfleet-csr-" + id.substring(0, 8));
        Files.createDirectories(staged);
        Files.writeString(staged.resolve("apiserver.csr"), "-----BEGIN CERTIFICATE REQUEST-----\n");
        Files.writeString(staged.resolve("apiserver.key"), "staged by the test\n");
        return id;
    }

    private static ConditionFactory eventually() {
        return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100));
    }

    // --- certificates and files ----------------------------------------------------------------------------------

    private static Map<String, String> served(SimulatedCluster cluster) {
        Map<String, String> served = new HashMap<>();
        for (SimulatedNode node : cluster.controlPlaneNodes()) {
            served.put(node.name() + "/apiserver", sha256(servedBy(node.apiserverEndpoint())));
            served.put(node.name() + "/etcd", sha256(servedBy(node.etcdEndpoint())));
        }
        return served;
    }

    private static X509Certificate servedBy(Optional<TlsEndpoint> endpoint) {
        return endpoint.orElseThrow().servedCertificate().orElseThrow();
    }

    /** Every certificate, key and kubeconfig of the node's /etc/kubernetes, by path: what a renewal would change. */
    private static Map<String, String> fileHashes(SimulatedNode node) throws IOException {
        Map<String, String> hashes = new TreeMap<>();
        try (Stream<Path> files = Files.walk(node.configDir())) {
            for (Path file : files.filter(Files::isRegularFile)
                    .filter(f -> !f.startsWith(node.configDir().resolve("tmp")))
                    .toList()) {
                hashes.put(node.configDir().relativize(file).toString(), hex(Files.readAllBytes(file)));
            }
        }
        return hashes;
    }

    private static X509Certificate certificate(Path file) {
        try {
            return Pem.decodeCertificate(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String fileSha(Path file) {
        return sha256(certificate(file));
    }

    private static String sha256(X509Certificate certificate) {
        try {
            return hex(certificate.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The external signer: every approved, unsigned CSR for {@link #EXTERNAL_SIGNER} gets a certificate for its key and
     * names (subject and SANs of the request, usages of the CSR object, one year) signed with the external CA.
     */
    private static void signApproved(SimulatedCluster cluster, CertifiedKey ca, List<String> signed) throws Exception {
        var csrs = cluster.workloadApi().certificates().v1().certificateSigningRequests();
        for (var csr : csrs.list().getItems()) {
            boolean approved = csr.getStatus() != null
                    && csr.getStatus().getConditions() != null
                    && csr.getStatus().getConditions().stream().anyMatch(c -> "Approved".equals(c.getType()));
            if (!EXTERNAL_SIGNER.equals(csr.getSpec().getSignerName())
                    || !approved
                    || csr.getStatus().getCertificate() != null) {
                continue;
            }
            String pem = new String(Base64.getDecoder().decode(csr.getSpec().getRequest()), StandardCharsets.US_ASCII);
            org.bouncycastle.pkcs.PKCS10CertificationRequest request;
            try (var parser = new org.bouncycastle.openssl.PEMParser(new java.io.StringReader(pem))) {
                request = (org.bouncycastle.pkcs.PKCS10CertificationRequest) parser.readObject();
            }
            Instant now = Instant.now();
            var builder = new org.bouncycastle.cert.X509v3CertificateBuilder(
                    org.bouncycastle.asn1.x500.X500Name.getInstance(
                            ca.certificate().getSubjectX500Principal().getEncoded()),
                    java.math.BigInteger.valueOf(now.toEpochMilli())
                            .shiftLeft(8)
                            .add(java.math.BigInteger.valueOf(signed.size())),
                    java.util.Date.from(now.minus(Duration.ofMinutes(5))),
                    java.util.Date.from(now.plus(Duration.ofDays(365))),
                    request.getSubject(),
                    request.getSubjectPublicKeyInfo());
            for (var attribute : request.getAttributes(
                    org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
                var extensions = org.bouncycastle.asn1.x509.Extensions.getInstance(
                        attribute.getAttrValues().getObjectAt(0));
                var sans = extensions.getExtension(org.bouncycastle.asn1.x509.Extension.subjectAlternativeName);
                if (sans != null) {
                    builder.addExtension(sans);
                }
            }
            List<String> usages = csr.getSpec().getUsages();
            int keyUsage = org.bouncycastle.asn1.x509.KeyUsage.digitalSignature
                    | (usages.contains("key encipherment") ? org.bouncycastle.asn1.x509.KeyUsage.keyEncipherment : 0);
            builder.addExtension(
                    org.bouncycastle.asn1.x509.Extension.keyUsage,
                    true,
                    new org.bouncycastle.asn1.x509.KeyUsage(keyUsage));
            List<org.bouncycastle.asn1.x509.KeyPurposeId> purposes = new ArrayList<>();
            if (usages.contains("server auth")) {
                purposes.add(org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_serverAuth);
            }
            if (usages.contains("client auth")) {
                purposes.add(org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_clientAuth);
            }
            builder.addExtension(
                    org.bouncycastle.asn1.x509.Extension.extendedKeyUsage,
                    false,
                    new org.bouncycastle.asn1.x509.ExtendedKeyUsage(
                            purposes.toArray(org.bouncycastle.asn1.x509.KeyPurposeId[]::new)));
            builder.addExtension(
                    org.bouncycastle.asn1.x509.Extension.basicConstraints,
                    true,
                    new org.bouncycastle.asn1.x509.BasicConstraints(false));
            String algorithm = ca.privateKey().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            X509Certificate certificate = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter()
                    .getCertificate(
                            builder.build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder(algorithm)
                                    .build(ca.privateKey())));
            String issued = Pem.encodeCertificate(certificate);
            csrs.withName(csr.getMetadata().getName()).editStatus(current -> {
                current.getStatus()
                        .setCertificate(Base64.getEncoder().encodeToString(issued.getBytes(StandardCharsets.US_ASCII)));
                return current;
            });
            signed.add(csr.getMetadata().getName());
        }
    }

    private String secretClientCertificate(SimulatedCluster cluster) throws IOException {
        String kubeconfig = new String(
                Base64.getDecoder()
                        .decode(fleet.managementApi()
                                .secrets()
                                .inNamespace(cluster.namespace())
                                .withName(cluster.name() + "-kubeconfig")
                                .get()
                                .getData()
                                .get("value")),
                StandardCharsets.UTF_8);
        return new YAMLMapper()
                .readTree(kubeconfig)
                .findValue("client-certificate-data")
                .asText();
    }

    private static String clientCertificate(Path kubeconfig) throws IOException {
        return new YAMLMapper()
                .readTree(kubeconfig.toFile())
                .findValue("client-certificate-data")
                .asText();
    }

    /**
     * Fragments of every private key of the fleet as they would appear if leaked: 32 characters from the middle of
     * each PEM body and of each base64 {@code client-key-data}, before and after renewal.
     */
    private Set<String> keyFragments() throws IOException {
        Set<String> fragments = new java.util.HashSet<>();
        try (Stream<Path> files = Files.walk(root.resolve("fleet"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                String text = Files.readString(file, StandardCharsets.ISO_8859_1);
                java.util.regex.Matcher blocks = PRIVATE_KEY_BLOCK.matcher(text);
                while (blocks.find()) {
                    fragments.add(middle(blocks.group(1).replaceAll("\\s", "")));
                }
                if (name.endsWith(".conf")) {
                    kubeconfigKey(text, fragments);
                }
            }
        }
        // and the keys renewal-service made for the management cluster's kubeconfig Secrets
        for (SimulatedCluster cluster : fleet.clusters()) {
            var secret = fleet.managementApi()
                    .secrets()
                    .inNamespace(cluster.namespace())
                    .withName(cluster.name() + "-kubeconfig")
                    .get();
            if (secret != null) {
                kubeconfigKey(
                        new String(Base64.getDecoder().decode(secret.getData().get("value")), StandardCharsets.UTF_8),
                        fragments);
            }
        }
        return fragments.stream().filter(f -> f.length() == 32).collect(Collectors.toSet());
    }

    private static void kubeconfigKey(String kubeconfig, Set<String> fragments) throws IOException {
        JsonNode key = new YAMLMapper().readTree(kubeconfig).findValue("client-key-data");
        if (key != null) {
            fragments.add(middle(key.asText()));
            String pem = new String(Base64.getDecoder().decode(key.asText()), StandardCharsets.US_ASCII);
            fragments.add(middle(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "")));
        }
    }

    private static String middle(String text) {
        int start = Math.max(0, text.length() / 2 - 16);
        return text.substring(start, Math.min(text.length(), start + 32));
    }

    /**
     * What was logged so far. Logback appends under the appender's lock from any thread (MINA, Kafka, HTTP), so read
     * under the same lock: iterating {@code logs.list} directly may throw ConcurrentModificationException.
     */
    private List<ILoggingEvent> logged() {
        synchronized (logs) {
            return List.copyOf(logs.list);
        }
    }
}
