package io.certfleet.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class EventCodecTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00.123456789Z"), ZoneOffset.UTC);
    private static final String SHA = "a".repeat(64);

    private final EventCodec codec = new EventCodec();

    // --- building and encoding

    @Test
    void ofFillsTheEnvelopeFromTheDataAndTheClock() {
        UpgradeFailed data = new UpgradeFailed("upg-1", "cluster-a", "DRAIN", null, "PDB blocks eviction", true);

        CloudEvent event = CloudEvent.of(data, "/certfleet/upgrade", CLOCK);

        assertThat(event.specversion()).isEqualTo("1.0");
        assertThat(UUID.fromString(event.id())).isNotNull();
        assertThat(event.source()).isEqualTo("/certfleet/upgrade");
        assertThat(event.type()).isEqualTo("io.certfleet.UpgradeFailed.v1");
        assertThat(event.subject()).isEqualTo("cluster-a");
        assertThat(event.kafkaKey()).isEqualTo("cluster-a");
        assertThat(event.time()).isEqualTo(Instant.parse("2026-11-22T10:00:00.123Z"));
        assertThat(event.datacontenttype()).isEqualTo("application/json");
        assertThat(event.dataschema()).isEqualTo("https://certfleet.io/schemas/UpgradeFailed.v1.json");
        assertThat(event.eventType()).isEqualTo(EventType.UPGRADE_FAILED);
        assertThat(CloudEvent.of(data, "/certfleet/upgrade", CLOCK).id()).isNotEqualTo(event.id());
    }

    @Test
    void encodingOmitsAbsentOptionalFieldsAndWritesIsoTimes() throws Exception {
        NodeUpgraded data = new NodeUpgraded(
                "upg-1",
                "cluster-a",
                "worker-1",
                NodeRole.WORKER,
                "v1.30.8",
                "v1.31.4",
                Duration.ofSeconds(252),
                false);
        UpgradeFailed failed = new UpgradeFailed("upg-1", "cluster-a", "DRAIN", null, "PDB blocks eviction", true);

        JsonNode upgraded = ContractFiles.JSON.readTree(codec.encode(CloudEvent.of(data, "/certfleet/upgrade", CLOCK)));
        JsonNode failure =
                ContractFiles.JSON.readTree(codec.encode(CloudEvent.of(failed, "/certfleet/upgrade", CLOCK)));

        assertThat(upgraded.path("time").asText()).isEqualTo("2026-11-22T10:00:00.123Z");
        assertThat(upgraded.path("data").path("duration").asText()).isEqualTo("PT4M12S");
        assertThat(failure.path("data").has("nodeName")).isFalse();
        assertThat(failure.toString()).doesNotContain("null");
        assertThat(ContractFiles.validate(UpgradeFailed.class, failure)).isEmpty();
        assertThat(ContractFiles.validate(NodeUpgraded.class, upgraded)).isEmpty();
    }

    @Test
    void everyBuiltEventEncodesToSchemaValidJson() {
        for (EventType type : EventType.values()) {
            CloudEvent golden = codec.decode(ContractFiles.bytes(ContractFiles.goldenResource(type.dataClass())));
            CloudEvent fresh = CloudEvent.of(golden.data(), golden.source(), CLOCK);

            JsonNode json = readTree(codec.encode(fresh));

            assertThat(ContractFiles.validate(type.dataClass(), json))
                    .as(type.name())
                    .isEmpty();
            assertThat(codec.decode(codec.encode(fresh))).isEqualTo(fresh);
        }
    }

    @Test
    void labelsEncodeInKeyOrderWhateverTheInputOrder() {
        ExpiryDetected data = new ExpiryDetected(
                "cluster-a",
                null,
                "/etc/kubernetes/pki/apiserver.crt",
                "apiserver",
                SHA,
                Instant.parse("2026-12-01T00:00:00Z"),
                ExpirySeverity.WARNING,
                null,
                3600,
                Map.of("team", "platform", "env", "prod", "cost-center", "42"));

        String json = codec.encodeToString(CloudEvent.of(data, "/certfleet/scanner", CLOCK));

        assertThat(json).contains("\"labels\":{\"cost-center\":\"42\",\"env\":\"prod\",\"team\":\"platform\"}");
    }

    // --- tolerance: unknown fields

    @Test
    void unknownFieldsAreIgnoredAtEveryLevel() {
        ObjectNode event = (ObjectNode) ContractFiles.golden(CertScanned.class);
        event.put("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        event.putObject("futureextension").put("x", 1);
        ObjectNode data = (ObjectNode) event.path("data");
        data.put("addedInV1_7", "something new");
        ((ObjectNode) data.path("certificate")).putArray("policyOids").add("2.23.140.1.2.1");
        ((ObjectNode) data.path("findings").get(0)).put("docsUrl", "https://example.com/MISSING_SAN");

        CloudEvent decoded = codec.decode(event.toString());

        CloudEvent original = codec.decode(ContractFiles.bytes(ContractFiles.goldenResource(CertScanned.class)));
        assertThat(decoded).isEqualTo(original);
    }

    // --- strictness: malformed input

    @Test
    void badJsonIsRejectedWithItsPosition() {
        assertInvalid("{\"specversion\": \"1.0\",\n \"id\": }", e -> {
            assertThat(e.getMessage()).contains("malformed JSON").contains("line 2");
            assertThat(e.field()).isEmpty();
        });
        assertInvalid("", e -> assertThat(e.getMessage()).contains("empty payload"));
        assertInvalid("[1,2]", e -> assertThat(e.getMessage()).contains("expected a JSON object"));
        assertInvalid(
                golden(CertScanned.class) + " trailing",
                e -> assertThat(e.getMessage()).contains("malformed JSON"));
        assertThatThrownBy(() -> codec.decode((byte[]) null)).isInstanceOf(InvalidEventException.class);
    }

    @Test
    void duplicateKeysAreRejected() {
        String json = golden(ExpiryResolved.class).replaceFirst("\\{", "{\"id\": \"first\", ");

        assertInvalid(json, e -> assertThat(e.getMessage()).contains("Duplicate field 'id'"));
    }

    @Test
    void envelopeProblemsNameTheAttribute() {
        assertEnvelopeInvalid(e -> e.put("specversion", "0.3"), "specversion", "unsupported '0.3'");
        assertEnvelopeInvalid(e -> e.put("id", 42), "id", "must be a string");
        assertEnvelopeInvalid(e -> e.put("id", "  "), "id", "must not be blank");
        assertEnvelopeInvalid(e -> e.put("type", "io.certfleet.CertExploded.v1"), "type", "unknown event type");
        assertEnvelopeInvalid(e -> e.put("type", "io.certfleet.CertScanned.v2"), "type", "unknown event type");
        assertEnvelopeInvalid(e -> e.put("time", "yesterday"), "time", "RFC 3339");
        assertEnvelopeInvalid(e -> e.put("datacontenttype", "application/xml"), "datacontenttype", "application/json");
        assertEnvelopeInvalid(e -> e.put("source", "not a uri"), "source", "URI");
        assertEnvelopeInvalid(e -> e.put("subject", "another-cluster"), "subject", "data.clusterId");
        assertEnvelopeInvalid(e -> e.put("data", "text"), "data", "JSON object");
        assertEnvelopeInvalid(e -> e.putNull("data"), "data", "missing");
    }

    @Test
    void theTypeDecidesTheDataRecord() {
        // A well-formed ExpiryResolved payload under another type is checked against that type's record.
        ObjectNode event = (ObjectNode) ContractFiles.golden(ExpiryResolved.class);
        event.put("type", "io.certfleet.CertScanned.v1");

        assertInvalid(event.toString(), e -> assertThat(e.field()).contains("data.scanId"));
    }

    @Test
    void dataProblemsNameTheFieldPath() {
        assertDataInvalid(CertScanned.class, d -> d.remove("clusterId"), "data.clusterId", "missing required field");
        assertDataInvalid(CertScanned.class, d -> d.remove("index"), "data.index", "missing required field");
        assertDataInvalid(CertScanned.class, d -> d.putNull("externallyManaged"), "data.externallyManaged", "missing");
        assertDataInvalid(
                CertScanned.class,
                d -> ((ObjectNode) d.path("certificate")).remove("notAfter"),
                "data.certificate.notAfter",
                "missing required field");
        assertDataInvalid(
                CertScanned.class,
                d -> ((ObjectNode) d.path("certificate")).put("notAfter", "soon"),
                "data.certificate.notAfter",
                "RFC 3339");
        assertDataInvalid(
                CertScanned.class,
                d -> ((ObjectNode) d.path("certificate")).put("sha256", "AB:CD"),
                "data.certificate",
                "sha256 must be 64 lowercase hex");
        assertDataInvalid(CertScanned.class, d -> d.put("sourceKind", "FLOPPY"), "data.sourceKind", "one of NODE_FILE");
        assertDataInvalid(CertScanned.class, d -> d.put("index", "3"), "data.index", "an integer");
        assertDataInvalid(CertScanned.class, d -> d.put("index", 1.5), "data.index", "an integer");
        assertDataInvalid(CertScanned.class, d -> d.put("index", -1), "data", "index must not be negative");
        assertDataInvalid(CertScanned.class, d -> d.put("scanId", 7), "data.scanId", "a string");
        assertDataInvalid(
                CertScanned.class, d -> d.put("externallyManaged", "yes"), "data.externallyManaged", "boolean");
        assertDataInvalid(CertScanned.class, d -> d.put("findings", "none"), "data.findings", "an array");
        assertDataInvalid(
                CertScanned.class,
                d -> ((ObjectNode) d.path("findings").get(0)).remove("code"),
                "data.findings[0].code",
                "missing required field");
        assertDataInvalid(
                UpgradePlanned.class,
                d -> ((ObjectNode) d.path("steps").get(2)).put("role", "ETCD"),
                "data.steps[2].role",
                "one of CONTROL_PLANE_FIRST");
        assertDataInvalid(NodeUpgraded.class, d -> d.put("duration", "four minutes"), "data.duration", "ISO-8601");
        assertDataInvalid(
                RenewalRequested.class,
                d -> d.put("windowEnd", "2026-11-20T00:00:00Z"),
                "data",
                "windowEnd must not be before windowStart");
    }

    @Test
    void messagesNeverEchoLargeOrControlCharacterPayloads() {
        String huge = "x".repeat(100_000);
        ObjectNode event = (ObjectNode) ContractFiles.golden(CertScanned.class);
        event.put("type", huge + "\n\u001b[31mforged log line");
        event.put("id", "id-" + huge);

        assertInvalid(event.toString(), e -> {
            assertThat(e.getMessage()).hasSizeLessThan(300).doesNotContain("\n").doesNotContain("\u001b");
            assertThat(e.field()).contains("type");
        });

        ObjectNode badSource = (ObjectNode) ContractFiles.golden(CertScanned.class);
        ((ObjectNode) badSource.path("data").path("certificate")).put("notAfter", huge);
        assertInvalid(badSource.toString(), e -> assertThat(e.getMessage()).hasSizeLessThan(300));

        assertInvalid("{\"id\": \"" + huge, e -> assertThat(e.getMessage()).hasSizeLessThan(300));
    }

    @Test
    void messageNamesTypeAndIdWhenKnown() {
        ObjectNode event = (ObjectNode) ContractFiles.golden(RenewalFailed.class);
        ((ObjectNode) event.path("data")).remove("reason");

        assertInvalid(event.toString(), e -> {
            assertThat(e.getMessage())
                    .isEqualTo("invalid event [type=io.certfleet.RenewalFailed.v1, "
                            + "id=7d1f0a9e-5c3b-4a8e-b2d4-1e6f3a9c0b05]: data.reason: missing required field");
            assertThat(e.eventType()).contains("io.certfleet.RenewalFailed.v1");
            assertThat(e.eventId()).contains("7d1f0a9e-5c3b-4a8e-b2d4-1e6f3a9c0b05");
            assertThat(e.field()).contains("data.reason");
        });
    }

    @Test
    void utf8IsPreserved() {
        ApprovalGranted data = new ApprovalGranted(
                "apr-1", "클러스터-서울", ApprovalSubjectKind.UPGRADE, "upg-1", "slack:U1", "slack:#ops", "진행하세요 ✅");
        CloudEvent event = CloudEvent.of(data, "/certfleet/notifier", CLOCK);

        byte[] bytes = codec.encode(event);

        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("진행하세요 ✅");
        assertThat(codec.decode(bytes)).isEqualTo(event);
        assertThat(event.kafkaKey()).isEqualTo("클러스터-서울");
    }

    // --- construction in Java enforces the same contract

    @Test
    void recordsRejectMissingRequiredFieldsAndCopyCollections() {
        assertThatThrownBy(() -> new ScanError(null, "boom"))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("location is required");
        assertThatThrownBy(() -> new CertificateRef(null, "/etc/kubernetes/pki/ca.crt", "ca", "ABC"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sha256");
        assertThatThrownBy(() -> new CertificateRef("", "/etc/kubernetes/pki/ca.crt", "ca", SHA))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("nodeName must not be blank");

        List<String> nodes = new java.util.ArrayList<>(List.of("cp-1"));
        RenewalStarted started = new RenewalStarted("ren-1", "c", RenewalStrategy.KUBEADM_IN_PLACE, nodes);
        nodes.add("cp-2");
        assertThat(started.nodes()).containsExactly("cp-1");
        assertThatThrownBy(() -> started.nodes().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void envelopeInvariantsHoldForHandBuiltEvents() {
        UpgradeFailed data = new UpgradeFailed("upg-1", "cluster-a", "DRAIN", null, "PDB", true);
        Instant now = CLOCK.instant();

        assertThatThrownBy(() -> new CloudEvent(
                        "1.0",
                        "id-1",
                        "/certfleet/upgrade",
                        "io.certfleet.NodeUpgraded.v1",
                        "cluster-a",
                        now,
                        "application/json",
                        "https://certfleet.io/schemas/UpgradeFailed.v1.json",
                        data))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("io.certfleet.UpgradeFailed.v1");
        assertThatThrownBy(() -> new CloudEvent(
                        "1.0",
                        "id-1",
                        "/certfleet/upgrade",
                        "io.certfleet.UpgradeFailed.v1",
                        "cluster-b",
                        now,
                        "application/json",
                        "https://certfleet.io/schemas/UpgradeFailed.v1.json",
                        data))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("subject");
    }

    // --- helpers

    private static JsonNode readTree(byte[] json) {
        try {
            return ContractFiles.JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String golden(Class<? extends EventData> dataClass) {
        return ContractFiles.golden(dataClass).toString();
    }

    private void assertInvalid(String json, Consumer<InvalidEventException> check) {
        assertThatThrownBy(() -> codec.decode(json)).isInstanceOfSatisfying(InvalidEventException.class, check);
    }

    private void assertEnvelopeInvalid(Consumer<ObjectNode> corrupt, String field, String problem) {
        ObjectNode event = (ObjectNode) ContractFiles.golden(CertScanned.class);
        corrupt.accept(event);
        assertInvalid(event.toString(), e -> {
            assertThat(e.field()).as(e.getMessage()).contains(field);
            assertThat(e.getMessage()).contains(problem);
        });
    }

    private void assertDataInvalid(
            Class<? extends EventData> dataClass, Consumer<ObjectNode> corrupt, String field, String problem) {
        ObjectNode event = (ObjectNode) ContractFiles.golden(dataClass);
        corrupt.accept((ObjectNode) event.path("data"));
        assertInvalid(event.toString(), e -> {
            assertThat(e.field()).as(e.getMessage()).contains(field);
            assertThat(e.getMessage()).contains(problem).contains(EventCodec.typeName(dataClass));
        });
    }
}
