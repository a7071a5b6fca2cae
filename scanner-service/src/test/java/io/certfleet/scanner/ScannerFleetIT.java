package io.certfleet.scanner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.certfleet.events.CertScanned;
import io.certfleet.events.CloudEvent;
import io.certfleet.events.EventCodec;
import io.certfleet.events.ExpiryDetected;
import io.certfleet.events.ExpiryResolved;
import io.certfleet.events.ExpirySeverity;
import io.certfleet.events.Finding;
import io.certfleet.events.RenewalCompleted;
import io.certfleet.events.ScanCompleted;
import io.certfleet.events.SourceKind;
import io.certfleet.events.Topics;
import io.certfleet.fleetsim.CertificateAges;
import io.certfleet.fleetsim.ClusterFlavour;
import io.certfleet.fleetsim.ControlPlaneComponent;
import io.certfleet.fleetsim.Fault;
import io.certfleet.fleetsim.FleetSimulator;
import io.certfleet.fleetsim.FleetSpec;
import io.certfleet.fleetsim.KubeletKubeconfig;
import io.certfleet.fleetsim.NodeRole;
import io.certfleet.fleetsim.NodeSelector;
import io.certfleet.fleetsim.SimulatedCluster;
import io.certfleet.fleetsim.SimulatedFleet;
import io.certfleet.fleetsim.SimulatedNode;
import io.certfleet.fleetsim.TlsEndpoint;
import io.certfleet.messaging.testing.KafkaProbe;
import io.certfleet.messaging.testing.ServiceUnderTest;
import io.certfleet.pki.issue.BouncyCastleCertificateIssuer;
import io.certfleet.pki.issue.CertificateSpec;
import io.certfleet.pki.issue.CertifiedKey;
import io.certfleet.pki.issue.KeyAlgorithm;
import io.certfleet.pki.issue.Pem;
import io.certfleet.pki.issue.PkiFileWriter;
import io.certfleet.pki.issue.Validity;
import io.certfleet.pki.kubeadm.CertificateAuthority;
import io.certfleet.pki.kubeadm.KubeadmCertificate;
import io.certfleet.scanner.application.DiscoverClusters;
import io.certfleet.scanner.application.ScanSteps;
import io.certfleet.scanner.domain.expiry.ExpiryThresholds;
import io.certfleet.scanner.domain.scan.ScannerFindings;
import io.certfleet.scanner.testing.TestClockFactory;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestBuilder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The scanner against the real broker and database on a simulated fleet of 20 clusters: kubeadm clusters registered
 * through the API and the inventory file, Cluster API clusters discovered in the simulated management cluster; fresh,
 * WARNING, CRITICAL and expired certificates; one cluster whose API server serves an expired certificate; one whose
 * kubelets do not rotate. Two service instances share the scans through database leases. Every expectation is
 * computed from what fleet-sim wrote, read with the JDK (not with the pki library the scanner uses).
 *
 * <p>The tests run in order, each on the state the previous one left: first scans, a second scan with nothing
 * changed, time moved past thresholds, a certificate renewed on disk while its server still serves the old one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScannerFleetIT {
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String MANAGEMENT = "sim";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EventCodec CODEC = new EventCodec();
    private static final ExpiryThresholds WIDE = ExpiryThresholds.parse("60d-25d");

    @TempDir
    static Path root;

    private SimulatedFleet fleet;
    private KafkaProbe kafka;
    private ServiceUnderTest service;
    private ServiceUnderTest second;
    private ListAppender<ILoggingEvent> logs;
    private final List<String> apiResponses = new ArrayList<>();
    /** How each cluster entered the inventory: api, file or discovered. */
    private final Map<String, String> registeredBy = new TreeMap<>();

    // --- the fleet ---------------------------------------------------------------------------------------------

    private static FleetSpec fleetSpec() {
        FleetSpec.Builder spec = FleetSpec.builder(20261122);
        kubeadm(spec, "api-fresh-1", CertificateAges.fresh(), 3);
        kubeadm(spec, "api-fresh-2", CertificateAges.fresh(), 1);
        kubeadm(spec, "api-warn-1", CertificateAges.expiringIn(Duration.ofDays(20)), 1);
        kubeadm(spec, "api-crit-1", CertificateAges.expiringIn(Duration.ofDays(3)), 1);
        kubeadm(spec, "api-crit-2", CertificateAges.expiringIn(Duration.ofDays(3)), 1);
        kubeadm(spec, "api-expired-1", CertificateAges.expiredFor(Duration.ofDays(2)), 1);
        kubeadm(spec, "file-fresh-1", CertificateAges.fresh(), 1);
        kubeadm(spec, "file-fresh-2", CertificateAges.fresh(), 1);
        kubeadm(spec, "file-warn-1", CertificateAges.expiringIn(Duration.ofDays(25)), 1);
        kubeadm(spec, "file-crit-1", CertificateAges.expiringIn(Duration.ofDays(5)), 1);
        kubeadm(spec, "file-expired-1", CertificateAges.expiredFor(Duration.ofDays(10)), 1);
        spec.cluster(c -> c.name("file-norotate-1")
                .kubernetesVersion("v1.30.6")
                .workers(2)
                .kubeletKubeconfig(KubeletKubeconfig.EMBEDDED_CERTIFICATE)
                .fault(Fault.kubeletRotationDisabled(NodeSelector.workers())));
        capi(spec, "capi-fresh-1", CertificateAges.fresh(), 1);
        capi(spec, "capi-fresh-2", CertificateAges.fresh(), 3);
        capi(spec, "capi-fresh-3", CertificateAges.fresh(), 1);
        capi(spec, "capi-warn-1", CertificateAges.expiringIn(Duration.ofDays(12)), 1);
        capi(spec, "capi-warn-2", CertificateAges.expiringIn(Duration.ofDays(29)), 1);
        capi(spec, "capi-crit-1", CertificateAges.expiringIn(Duration.ofDays(1)), 1);
        capi(spec, "capi-expired-1", CertificateAges.expiredFor(Duration.ofDays(30)), 1);
        spec.cluster(c -> c.name("capi-apiexp-1")
                .flavour(ClusterFlavour.CLUSTER_API)
                .kubernetesVersion("v1.29.10")
                .workers(1)
                .fault(Fault.apiserverCertificateExpired()));
        return spec.build();
    }

    private static void kubeadm(FleetSpec.Builder spec, String name, CertificateAges ages, int controlPlanes) {
        spec.cluster(c -> c.name(name)
                .kubernetesVersion("v1.30.6")
                .controlPlaneNodes(controlPlanes)
                .workers(1)
                .ages(ages));
    }

    private static void capi(FleetSpec.Builder spec, String name, CertificateAges ages, int controlPlanes) {
        spec.cluster(c -> c.name(name)
                .flavour(ClusterFlavour.CLUSTER_API)
                .kubernetesVersion("v1.31.2")
                .controlPlaneNodes(controlPlanes)
                .workers(1)
                .ages(ages));
    }

    /** The thresholds a cluster has: api-warn-1 carries its own label, every other one the defaults. */
    private static ExpiryThresholds thresholds(String cluster) {
        return cluster.equals("api-warn-1") ? WIDE : ExpiryThresholds.DEFAULTS;
    }

    private static Map<String, String> labels(String cluster) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("team", cluster.startsWith("api") ? "payments" : "search");
        labels.put("environment", cluster.contains("fresh") ? "prod" : "stage");
        labels.put("ring", cluster.endsWith("-1") ? "0" : "1");
        if (cluster.equals("api-warn-1")) {
            labels.put("certfleet.io/thresholds", "60d-25d");
        }
        return labels;
    }

    private Map<String, Object> document(SimulatedCluster cluster) {
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (SimulatedNode node : cluster.nodes()) {
            List<Map<String, String>> endpoints = new ArrayList<>();
            node.apiserverEndpoint().ifPresent(e -> endpoints.add(Map.of("component", "APISERVER", "url", e.url())));
            node.etcdEndpoint().ifPresent(e -> endpoints.add(Map.of("component", "ETCD", "url", e.url())));
            nodes.add(Map.of(
                    "name",
                    node.name(),
                    "role",
                    node.role() == NodeRole.CONTROL_PLANE ? "CONTROL_PLANE" : "WORKER",
                    "address",
                    node.hostIp(),
                    "endpoints",
                    endpoints));
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("id", cluster.name());
        document.put("flavour", "KUBEADM");
        document.put("labels", labels(cluster.name()));
        document.put("apiEndpoint", cluster.apiserverUrl());
        document.put("management", Map.of("cluster", MANAGEMENT, "namespace", cluster.namespace()));
        document.put("localRoot", root.resolve(cluster.name()).toString());
        document.put("nodes", nodes);
        return document;
    }

    // --- set-up --------------------------------------------------------------------------------------------------

    @BeforeAll
    void start() throws Exception {
        TestClockFactory.CLOCK.set(T0);
        fleet = FleetSimulator.create(fleetSpec(), root, Clock.fixed(T0, ZoneOffset.UTC));
        issueCsr(fleet.cluster("capi-fresh-1").orElseThrow());

        List<Map<String, Object>> fileClusters = new ArrayList<>();
        for (SimulatedCluster cluster : fleet.clusters()) {
            if (cluster.name().startsWith("file-")) {
                fileClusters.add(document(cluster));
                registeredBy.put(cluster.name(), "file");
            } else if (cluster.name().startsWith("api-")) {
                registeredBy.put(cluster.name(), "api");
            } else {
                registeredBy.put(cluster.name(), "discovered");
            }
        }
        Path inventoryFile = root.resolve("inventory.yaml");
        new YAMLMapper().writeValue(inventoryFile.toFile(), Map.of("clusters", fileClusters));

        logs = new ListAppender<>();
        logs.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);

        kafka = KafkaProbe.onSharedBroker();
        service = ServiceUnderTest.start("scanner", properties("scanner-a", inventoryFile));
        second = ServiceUnderTest.start("scanner", service.database(), properties("scanner-b", inventoryFile));

        for (SimulatedCluster cluster : fleet.clusters()) {
            if (registeredBy.get(cluster.name()).equals("api")) {
                HttpResponse<String> response =
                        service.postJson("/clusters", JSON.writeValueAsString(document(cluster)));
                assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            }
        }
        // discovery runs on its own timer too; calling it makes the test independent of that timer
        service.bean(DiscoverClusters.class).discoverAll();
    }

    private Map<String, Object> properties(String instance, Path inventoryFile) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(TestClockFactory.PROPERTY, "true");
        properties.put("certfleet.scanner.instance-id", instance);
        properties.put("certfleet.scanner.dispatch-interval", "200ms");
        properties.put("certfleet.scanner.max-concurrent-scans", "2");
        properties.put("certfleet.scanner.scan-jitter", "0s");
        properties.put("certfleet.scanner.tls-timeout", "2s");
        properties.put("certfleet.scanner.api-timeout", "5s");
        properties.put("certfleet.scanner.metrics-refresh", "1s");
        properties.put("certfleet.scanner.inventory-file", inventoryFile.toString());
        properties.put("certfleet.scanner.discovery-interval", "1h");
        String management = "certfleet.scanner.management-clusters." + MANAGEMENT + ".";
        properties.put(management + "url", fleet.managementApi().getMasterUrl().toString());
        properties.put(management + "node-access", "LOCAL");
        properties.put(management + "local-node-root", root.toString());
        properties.put(management + "default-ports", "false");
        return properties;
    }

    /** An issued kubelet-serving CSR in a workload cluster, as the kubelet and the approver leave it. */
    private static void issueCsr(SimulatedCluster cluster) throws Exception {
        SimulatedNode worker = cluster.workers().get(0);
        String pem = Files.readString(worker.kubeletDir().resolve("kubelet.crt"));
        String first =
                pem.substring(0, pem.indexOf("-----END CERTIFICATE-----") + "-----END CERTIFICATE-----".length());
        cluster.workloadApi()
                .certificates()
                .v1()
                .certificateSigningRequests()
                .resource(new CertificateSigningRequestBuilder()
                        .withNewMetadata()
                        .withName("csr-serving-" + worker.name())
                        .endMetadata()
                        .withNewSpec()
                        .withSignerName("kubernetes.io/kubelet-serving")
                        .withRequest(Base64.getEncoder().encodeToString("request".getBytes(StandardCharsets.UTF_8)))
                        .withUsages("server auth")
                        .endSpec()
                        .withNewStatus()
                        .withCertificate(Base64.getEncoder().encodeToString(first.getBytes(StandardCharsets.US_ASCII)))
                        .endStatus()
                        .build())
                .create();
    }

    @AfterAll
    void stop() {
        Stream.of(second, service).filter(s -> s != null).forEach(ServiceUnderTest::close);
        if (kafka != null) {
            kafka.close();
        }
        if (fleet != null) {
            fleet.close();
        }
        if (logs != null) {
            ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        }
    }

    // --- the tests -----------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void everyClusterIsRegisteredAndScannedAndTheInventoryIsWhatFleetSimWrote() {
        eventually().until(() -> service.count("SELECT count(*) FROM cluster") == 20);
        assertThat(service.rows("SELECT id, origin FROM cluster ORDER BY id"))
                .extracting(r -> r.get("id") + "=" + r.get("origin"))
                .containsExactlyElementsOf(registeredBy.entrySet().stream()
                        .map(e -> e.getKey() + "=" + origin(e.getValue()))
                        .toList());
        awaitScans(1);

        Set<String> inventory = new TreeSet<>();
        for (Map<String, Object> row :
                service.rows("SELECT cluster_id, node_name, location, idx, sha256 FROM certificate"
                        + " WHERE source_kind IN ('NODE_FILE', 'KUBECONFIG')")) {
            inventory.add(row.get("cluster_id") + " " + row.get("node_name") + " " + row.get("location") + "#"
                    + row.get("idx") + " " + row.get("sha256"));
        }
        Set<String> written = new TreeSet<>();
        truth().forEach((cluster, placed) -> placed.forEach(
                p -> written.add(cluster + " " + p.node() + " " + p.path() + "#" + p.index() + " " + p.sha256())));
        assertThat(written).hasSizeGreaterThan(300);
        assertThat(inventory).isEqualTo(written);

        List<CloudEvent> events = events();
        for (String cluster : registeredBy.keySet()) {
            List<ScanCompleted> completed = data(events, ScanCompleted.class, cluster);
            assertThat(completed).as("ScanCompleted of %s", cluster).hasSize(1);
            ScanCompleted scan = completed.get(0);
            long certScanned = data(events, CertScanned.class, cluster).stream()
                    .filter(c -> c.scanId().equals(scan.scanId()))
                    .count();
            assertThat(scan.certificateCount()).isEqualTo((int) certScanned);
            if (cluster.contains("fresh")) {
                assertThat(scan.errors()).as("errors scanning %s", cluster).isEmpty();
                assertThat(scan.unreachableSources()).isEmpty();
            }
        }
        // the expired API server certificate of capi-apiexp-1 keeps its CSRs out of reach, as for kubectl (seed 001)
        assertThat(data(events, ScanCompleted.class, "capi-apiexp-1").get(0).errors())
                .anySatisfy(e -> assertThat(e.reason()).containsIgnoringCase("CertificateSigningRequests"));
        assertThat(kinds("capi-fresh-1"))
                .contains(
                        SourceKind.NODE_FILE,
                        SourceKind.KUBECONFIG,
                        SourceKind.TLS_ENDPOINT,
                        SourceKind.SECRET,
                        SourceKind.CSR);
        // Which instance wins a lease is up to the scheduler; what the leases guarantee is that the two
        // instances never scanned the same cluster twice in this round.
        assertThat(service.rows("SELECT DISTINCT owner FROM scan"))
                .extracting(r -> r.get("owner"))
                .isSubsetOf("scanner-a", "scanner-b");
        assertThat(service.rows("SELECT cluster_id, count(*) AS scans FROM scan GROUP BY cluster_id"))
                .as("one scan per cluster, whichever instance claimed it")
                .allSatisfy(
                        r -> assertThat(((Number) r.get("scans")).longValue()).isEqualTo(1));
    }

    @Test
    @Order(2)
    void expiryDetectedFiresExactlyOncePerCrossing() {
        List<CloudEvent> events = events();
        Map<String, Long> perLocation = data(events, ExpiryDetected.class).stream()
                .collect(Collectors.groupingBy(ScannerFleetIT::key, TreeMap::new, Collectors.counting()));
        assertThat(perLocation)
                .isNotEmpty()
                .allSatisfy((location, count) -> assertThat(count).as(location).isEqualTo(1));

        Map<String, ExpirySeverity> expected = expectedSeverities(T0);
        Map<String, ExpirySeverity> detected = new TreeMap<>();
        for (ExpiryDetected d : data(events, ExpiryDetected.class)) {
            if (d.nodeName() != null && !d.location().startsWith("https://")) {
                detected.put(key(d), d.severity());
                assertThat(d.previousSeverity()).isNull();
            }
        }
        assertThat(detected).isEqualTo(expected);
        assertThat(expected.values()).contains(ExpirySeverity.WARNING, ExpirySeverity.CRITICAL, ExpirySeverity.EXPIRED);
        // the cluster label widened api-warn-1's thresholds: its 20 days left are CRITICAL there
        assertThat(expected).containsValue(ExpirySeverity.CRITICAL);
        assertThat(detected.entrySet())
                .filteredOn(e -> e.getKey().startsWith("api-warn-1 "))
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.getValue()).isEqualTo(ExpirySeverity.CRITICAL));
        assertThat(data(events, ExpiryDetected.class))
                .as("served copies of the files on disk do not alert twice")
                .noneSatisfy(d -> assertThat(d.location()).startsWith("https://"));
        assertThat(data(events, ExpiryResolved.class)).isEmpty();
    }

    @Test
    @Order(3)
    void aSecondScanWithNothingChangedEmitsNoNewAlerts() {
        List<CloudEvent> before = events();
        for (String cluster : registeredBy.keySet()) {
            HttpResponse<String> accepted = service.postJson("/clusters/" + cluster + "/scans", "");
            assertThat(accepted.statusCode()).isEqualTo(202);
        }
        awaitScans(2);

        List<CloudEvent> after = events();
        assertThat(data(after, ExpiryDetected.class)).hasSameSizeAs(data(before, ExpiryDetected.class));
        assertThat(data(after, ExpiryResolved.class)).isEmpty();
        assertThat(data(after, CertScanned.class))
                .hasSizeGreaterThan(data(before, CertScanned.class).size());
        assertThat(service.count("SELECT count(*) FROM scan_request WHERE state = 'REQUESTED'"))
                .isZero();
    }

    @Test
    @Order(4)
    void movingTimePastThresholdsEmitsExactlyTheNewCrossings() {
        List<CloudEvent> before = events();
        Set<String> alreadyDetected = data(before, ExpiryDetected.class).stream()
                .map(d -> d.clusterId() + "|" + d.nodeName() + "|" + d.location() + "|" + d.severity())
                .collect(Collectors.toSet());
        Instant t1 = TestClockFactory.CLOCK.advance(Duration.ofDays(15));
        // every cluster's next scheduled scan (6 h after the last one) is due now: no request needed
        awaitScans(3);

        Map<String, ExpirySeverity> was = expectedSeverities(T0);
        Map<String, ExpirySeverity> now = expectedSeverities(t1);
        Map<String, String> expected = new TreeMap<>();
        now.forEach((location, severity) -> {
            ExpirySeverity previous = was.get(location);
            if (previous == null || severity.ordinal() > previous.ordinal()) {
                expected.put(location, severity + " after " + previous);
            }
        });
        Map<String, String> emitted = new TreeMap<>();
        for (ExpiryDetected d : data(events(), ExpiryDetected.class)) {
            String id = d.clusterId() + "|" + d.nodeName() + "|" + d.location() + "|" + d.severity();
            if (!alreadyDetected.contains(id)
                    && d.nodeName() != null
                    && !d.location().startsWith("https://")) {
                assertThat(emitted.put(key(d), d.severity() + " after " + d.previousSeverity()))
                        .as("a second alert for %s", key(d))
                        .isNull();
            }
        }
        assertThat(expected).isNotEmpty();
        assertThat(emitted).isEqualTo(expected);
    }

    @Test
    @Order(5)
    void renewingOnDiskResolvesAndTheOldCertificateStillServedIsFlagged() throws Exception {
        SimulatedCluster cluster = fleet.cluster("api-crit-2").orElseThrow();
        SimulatedNode controlPlane = cluster.controlPlaneNodes().get(0);
        TlsEndpoint apiserver = controlPlane.apiserverEndpoint().orElseThrow();
        String oldSha = FleetTruth.sha256(
                Pem.decodeCertificate(Files.readString(controlPlane.certDir().resolve("apiserver.crt"))));
        String newSha = renewApiserverCertificate(cluster, controlPlane);
        int scans = completedScans("api-crit-2");

        service.postJson("/clusters/api-crit-2/scans", "");
        eventually().until(() -> completedScans("api-crit-2") == scans + 1 && outboxDrained());

        List<CloudEvent> events = events();
        assertThat(data(events, ExpiryResolved.class, "api-crit-2"))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.nodeName()).isEqualTo(controlPlane.name());
                    assertThat(r.location()).isEqualTo("/etc/kubernetes/pki/apiserver.crt");
                    assertThat(r.previousSha256()).isEqualTo(oldSha);
                    assertThat(r.sha256()).isEqualTo(newSha);
                });
        CertScanned served = lastScanned(events, "api-crit-2", apiserver.url());
        assertThat(served.certificate().sha256()).isEqualTo(oldSha);
        assertThat(served.findings()).extracting(Finding::code).contains(ScannerFindings.SERVED_CERTIFICATE_DIFFERS);
        assertThat(data(events, ExpiryDetected.class, "api-crit-2"))
                .as("the served certificate is now the problem: expired and no longer on disk")
                .anySatisfy(d -> {
                    assertThat(d.location()).isEqualTo(apiserver.url());
                    assertThat(d.severity()).isEqualTo(ExpirySeverity.EXPIRED);
                });

        // the static pod restarts: the endpoint serves the renewed certificate and its alert closes
        controlPlane.restartStaticPod(ControlPlaneComponent.KUBE_APISERVER);
        service.postJson("/clusters/api-crit-2/scans", "");
        eventually().until(() -> completedScans("api-crit-2") == scans + 2 && outboxDrained());
        events = events();
        assertThat(lastScanned(events, "api-crit-2", apiserver.url()).findings())
                .extracting(Finding::code)
                .doesNotContain(ScannerFindings.SERVED_CERTIFICATE_DIFFERS);
        assertThat(data(events, ExpiryResolved.class, "api-crit-2"))
                .extracting(ExpiryResolved::location)
                .containsExactly("/etc/kubernetes/pki/apiserver.crt", apiserver.url());
    }

    @Test
    @Order(6)
    void aCompletedRenewalIsObservedByARescanOfItsCluster() {
        RenewalCompleted renewal =
                new RenewalCompleted("ren-fleet-1", "file-fresh-1", List.of(), TestClockFactory.CLOCK.instant());
        int scans = completedScans("file-fresh-1");

        kafka.send(CloudEvent.of(renewal, "/certfleet/renewal", Clock.systemUTC()));

        eventually()
                .until(() -> completedScans("file-fresh-1") == scans + 1
                        && service.count("SELECT count(*) FROM scan_request WHERE renewal_id = 'ren-fleet-1'"
                                        + " AND state = 'COMPLETED'")
                                == 1);
        Map<String, Object> request = service.rows(
                        "SELECT r.scan_id, s.certificate_count FROM scan_request r JOIN scan s ON s.id = r.scan_id"
                                + " WHERE r.renewal_id = 'ren-fleet-1'")
                .get(0);
        assertThat(((Number) request.get("certificate_count")).intValue()).isGreaterThan(10);
    }

    @Test
    @Order(7)
    void theApiAndTheMetricsShowTheInventory() throws Exception {
        HttpResponse<String> expired = get("/certificates?cluster=api-expired-1&severity=EXPIRED");
        assertThat(expired.statusCode()).isEqualTo(200);
        List<?> rows = JSON.readValue(expired.body(), List.class);
        assertThat(rows)
                .isNotEmpty()
                .allSatisfy(row -> assertThat(((Map<?, ?>) row).get("severity")).isEqualTo("EXPIRED"));

        List<?> soon = JSON.readValue(
                get("/certificates?team=search&expiringWithin=P30D&limit=5000").body(), List.class);
        assertThat(soon)
                .isNotEmpty()
                .allSatisfy(row -> assertThat(((Map<?, ?>) row).get("clusterId").toString())
                        .doesNotStartWith("api-"));
        assertThat(get("/certificates?severity=SOON").statusCode()).isEqualTo(400);

        Map<?, ?> cluster = JSON.readValue(get("/clusters/capi-fresh-2").body(), Map.class);
        assertThat(((Map<?, ?>) cluster.get("cluster")).get("nodes")).asList().hasSize(4);
        assertThat(JSON.readValue(get("/clusters?team=payments").body(), List.class))
                .hasSize(6);
        assertThat(JSON.readValue(get("/scans?cluster=api-fresh-1").body(), List.class))
                .hasSizeGreaterThanOrEqualTo(3);
        assertThat(get("/clusters/nowhere").statusCode()).isEqualTo(404);
        assertThat(service.postJson("/clusters/nowhere/scans", "").statusCode()).isEqualTo(404);
        Map<String, Object> fileCluster = document(fleet.cluster("file-fresh-2").orElseThrow());
        assertThat(service.postJson("/clusters", JSON.writeValueAsString(fileCluster))
                        .statusCode())
                .as("a cluster of the inventory file cannot be replaced through the API")
                .isEqualTo(409);
        assertThat(service.postJson("/clusters", "{\"id\": \"Bad Id\"}").statusCode())
                .isEqualTo(400);
        assertThat(get("/swagger/certfleet-scanner-1.yml").body())
                .contains("/clusters/{id}/scans", "/certificates")
                .contains("securitySchemes:", "certfleetApiToken:", "scheme: bearer");

        eventually()
                .untilAsserted(
                        () -> assertThat(get("/prometheus").body())
                                .contains(
                                        "x509_cert_not_after{",
                                        "cluster=\"api-expired-1\"",
                                        "subject_CN=\"kube-apiserver\"")
                                .contains("x509_cert_expired{")
                                .containsPattern(
                                        "x509_cert_expired\\{[^}]*cluster=\"api-expired-1\"[^}]*path=\"/etc/kubernetes/pki/apiserver.crt\"[^}]*} 1"));
    }

    @Test
    @Order(8)
    void noPrivateKeyBytesInEventsApiResponsesOrLogs() throws Exception {
        Set<String> keyFragments = privateKeyFragments();
        assertThat(keyFragments).hasSizeGreaterThan(100);
        List<String> outputs = new ArrayList<>();
        for (String topic : List.of(Topics.CERTIFICATES, Topics.deadLetterTopic(Topics.CERTIFICATES))) {
            kafka.records(topic).forEach(r -> outputs.add(new String(r.value(), StandardCharsets.UTF_8)));
        }
        for (String path : List.of("/clusters", "/certificates?limit=5000", "/scans?limit=1000", "/prometheus")) {
            outputs.add(get(path).body());
        }
        for (String cluster : registeredBy.keySet()) {
            outputs.add(get("/clusters/" + cluster).body());
        }
        outputs.addAll(apiResponses);
        List<String> logLines = new ArrayList<>();
        for (ILoggingEvent event : logged()) {
            logLines.add(event.getFormattedMessage()
                    + (event.getThrowableProxy() == null
                            ? ""
                            : " " + event.getThrowableProxy().getMessage()));
        }
        outputs.addAll(logLines);
        assertThat(logLines).anySatisfy(line -> assertThat(line).contains("scan", "done"));

        for (String output : outputs) {
            assertThat(output).doesNotContain("PRIVATE KEY");
            for (String fragment : keyFragments) {
                assertThat(output).doesNotContain(fragment);
            }
        }
    }

    @Test
    @Order(9)
    void aScanLeftUnfinishedByAStoppedInstanceIsResumedByAnother() {
        String clusterId = "capi-fresh-2";
        Instant now = TestClockFactory.CLOCK.instant();
        // an instance claims the cluster, commits the cluster-level step, and stops
        service.execute(
                "UPDATE cluster SET lease_owner = 'stopped-instance', lease_until = ? WHERE id = ?",
                java.sql.Timestamp.from(now.plus(Duration.ofHours(1))),
                clusterId);
        ScanSteps steps = service.bean(ScanSteps.class);
        ScanSteps.Begun begun =
                steps.begin(clusterId, "stopped-instance", "schedule").orElseThrow();
        steps.record(begun, begun.run(), "stopped-instance", List.of(), 0, true);
        assertThat(service.rows(
                        "SELECT status, cluster_sources_done, nodes_done FROM scan WHERE id = ?",
                        begun.run().scanId()))
                .singleElement()
                .satisfies(row -> {
                    assertThat(row.get("status")).isEqualTo("RUNNING");
                    assertThat(row.get("cluster_sources_done")).isEqualTo(true);
                    assertThat(row.get("nodes_done")).isEqualTo(0);
                });

        // its lease expires: another instance claims the cluster and finishes that scan
        service.execute(
                "UPDATE cluster SET lease_until = ?, next_scan_at = ? WHERE id = ?",
                java.sql.Timestamp.from(now.minusSeconds(1)),
                java.sql.Timestamp.from(now),
                clusterId);

        eventually()
                .until(() -> service.count(
                                        "SELECT count(*) FROM scan WHERE id = ? AND status = 'COMPLETED'",
                                        begun.run().scanId())
                                == 1
                        && outboxDrained());
        assertThat(service.rows(
                        "SELECT nodes_done, nodes_total FROM scan WHERE id = ?",
                        begun.run().scanId()))
                .singleElement()
                .satisfies(row -> assertThat(row.get("nodes_done")).isEqualTo(row.get("nodes_total")));
        assertThat(data(events(), ScanCompleted.class, clusterId))
                .filteredOn(c -> c.scanId().equals(begun.run().scanId()))
                .singleElement()
                .satisfies(c -> assertThat(c.certificateCount()).isGreaterThan(40));
        assertThat(logged())
                .anySatisfy(e ->
                        assertThat(e.getFormattedMessage()).contains(begun.run().scanId(), "(resumed)"));
    }

    // --- expectations from what fleet-sim wrote -------------------------------------------------------------------

    private Map<String, Set<FleetTruth.Placed>> truth() {
        Map<String, Set<FleetTruth.Placed>> truth = new TreeMap<>();
        for (SimulatedCluster cluster : fleet.clusters()) {
            Set<FleetTruth.Placed> placed = new TreeSet<>();
            cluster.nodes().forEach(node -> placed.addAll(FleetTruth.of(node)));
            truth.put(cluster.name(), placed);
        }
        return truth;
    }

    /** The severity every node-local location should have at {@code at}, by {@link #key} of its alert. */
    private Map<String, ExpirySeverity> expectedSeverities(Instant at) {
        Map<String, ExpirySeverity> expected = new TreeMap<>();
        truth().forEach((cluster, placed) -> {
            for (FleetTruth.Placed p : placed) {
                thresholds(cluster)
                        .severityAt(p.notAfter(), at)
                        .ifPresent(severity -> expected.put(
                                cluster + " " + p.node() + " " + p.path() + (p.index() == 0 ? "" : "#" + p.index()),
                                severity));
            }
        });
        return expected;
    }

    private static String key(ExpiryDetected d) {
        return d.clusterId() + " " + d.nodeName() + " " + d.location();
    }

    private Set<SourceKind> kinds(String cluster) {
        return service.rows("SELECT DISTINCT source_kind FROM certificate WHERE cluster_id = ?", cluster).stream()
                .map(r -> SourceKind.valueOf((String) r.get("source_kind")))
                .collect(Collectors.toSet());
    }

    private static String origin(String registeredBy) {
        return switch (registeredBy) {
            case "api" -> "API";
            case "file" -> "FILE";
            default -> "DISCOVERED";
        };
    }

    /** Renews apiserver.crt on disk with the cluster CA (what kubeadm certs renew does), without a restart. */
    private static String renewApiserverCertificate(SimulatedCluster cluster, SimulatedNode node) throws Exception {
        PrivateKey caKey = Pem.decodePrivateKey(Files.readString(node.certDir().resolve("ca.key")));
        CertifiedKey ca = new CertifiedKey(cluster.authorityCertificate(CertificateAuthority.CA), caKey);
        Instant now = TestClockFactory.CLOCK.instant();
        CertifiedKey renewed = new BouncyCastleCertificateIssuer(TestClockFactory.CLOCK)
                .issue(
                        CertificateSpec.leaf(KubeadmCertificate.APISERVER.commonName(node.identity()))
                                .subjectAlternativeNames(KubeadmCertificate.APISERVER.requiredSans(node.identity()))
                                .usages(KubeadmCertificate.APISERVER.usages())
                                .validity(Validity.between(
                                        now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(365))))
                                .build(),
                        KeyAlgorithm.EC_P256,
                        ca);
        PkiFileWriter files = new PkiFileWriter(false);
        files.writeCertificates(node.certDir().resolve("apiserver.crt"), List.of(renewed.certificate()));
        files.writePrivateKey(node.certDir().resolve("apiserver.key"), renewed.privateKey());
        return FleetTruth.sha256(renewed.certificate());
    }

    /** Base64 runs of every private key fleet-sim wrote (files and the management API's Secrets). */
    private Set<String> privateKeyFragments() throws Exception {
        Set<String> fragments = new TreeSet<>();
        Pattern block = Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END");
        List<String> texts = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                texts.add(Files.readString(file));
            }
        }
        fleet.managementApi().secrets().inAnyNamespace().list().getItems().forEach(secret -> {
            if (secret.getData() != null) {
                secret.getData()
                        .values()
                        .forEach(v ->
                                texts.add(new String(Base64.getMimeDecoder().decode(v), StandardCharsets.UTF_8)));
            }
        });
        for (String text : texts) {
            Matcher matcher = block.matcher(text);
            while (matcher.find()) {
                for (String line : matcher.group(1).split("\\s+")) {
                    if (line.length() >= 24) {
                        fragments.add(line.substring(0, 24));
                    }
                }
            }
            // keys embedded in kubeconfigs are base64 of the PEM: their runs would appear as such
            for (Matcher data = Pattern.compile("client-key-data: ([A-Za-z0-9+/=]+)")
                            .matcher(text);
                    data.find(); ) {
                fragments.add(
                        data.group(1).substring(0, Math.min(40, data.group(1).length())));
            }
        }
        return fragments;
    }

    // --- waiting and reading --------------------------------------------------------------------------------------

    private static ConditionFactory eventually() {
        return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200));
    }

    private void awaitScans(int each) {
        eventually()
                .until(() ->
                        registeredBy.keySet().stream().allMatch(c -> completedScans(c) >= each) && outboxDrained());
        for (String cluster : registeredBy.keySet()) {
            assertThat(completedScans(cluster)).as("scans of %s", cluster).isEqualTo(each);
        }
    }

    private int completedScans(String cluster) {
        return (int) service.count("SELECT count(*) FROM scan WHERE cluster_id = ? AND status = 'COMPLETED'", cluster);
    }

    private boolean outboxDrained() {
        return service.count("SELECT count(*) FROM outbox WHERE published_at IS NULL") == 0
                && service.count("SELECT count(*) FROM scan WHERE status = 'RUNNING'") == 0;
    }

    private List<CloudEvent> events() {
        List<CloudEvent> events = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : kafka.records(Topics.CERTIFICATES)) {
            CloudEvent event = CODEC.decode(record.value());
            if (registeredBy.containsKey(event.subject())) {
                events.add(event);
            }
        }
        return events;
    }

    private static <T> List<T> data(List<CloudEvent> events, Class<T> type) {
        return events.stream()
                .map(CloudEvent::data)
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    private static <T> List<T> data(List<CloudEvent> events, Class<T> type, String cluster) {
        return events.stream()
                .filter(e -> e.subject().equals(cluster))
                .map(CloudEvent::data)
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    private static CertScanned lastScanned(List<CloudEvent> events, String cluster, String location) {
        List<CertScanned> scanned = data(events, CertScanned.class, cluster).stream()
                .filter(c -> c.location().equals(location) && c.index() == 0)
                .toList();
        return scanned.get(scanned.size() - 1);
    }

    private HttpResponse<String> get(String path) {
        HttpResponse<String> response = service.get(path);
        apiResponses.add(response.body());
        return response;
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
