package io.certfleet.renewal.adapter.in;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certfleet.events.CloudEvent;
import io.certfleet.events.ExpiryDetected;
import io.certfleet.events.ExpirySeverity;
import io.certfleet.messaging.testing.KafkaProbe;
import io.certfleet.messaging.testing.ServiceUnderTest;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The renewal API with API tokens configured and reads protected, against the real broker and database: an approval
 * needs the token, records the caller as the approver, and may not name someone else; a caller limited to some
 * clusters acts on and sees only those.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RenewalApiTokensIT {
    private static final String TOKEN = "ops-token-0123456789abcdef";
    private static final String BEARER = "Bearer " + TOKEN;
    private static final String EDGE_BOT = "Bearer edge-bot-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    private KafkaProbe kafka;
    private ServiceUnderTest service;

    @BeforeAll
    void start() {
        kafka = KafkaProbe.onSharedBroker();
        // application.yml: every renewal awaits approval
        service = ServiceUnderTest.start(
                "renewal",
                Map.of(
                        "certfleet.api.tokens.ops",
                        TOKEN,
                        "certfleet.api.tokens.edgebot",
                        EDGE_BOT.substring("Bearer ".length()),
                        "certfleet.api.clusters.edgebot",
                        "edge-*",
                        "certfleet.api.protect-reads",
                        true));
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void approvalNeedsTheTokenAndRecordsTheCaller() throws IOException {
        String renewal =
                awaitingApproval("ghost-" + UUID.randomUUID().toString().substring(0, 8));
        String approve = "/renewals/" + renewal + "/approve";

        HttpResponse<String> anonymous = service.postJson(approve, "{\"approvedBy\":\"ops\"}");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"certfleet\"");

        HttpResponse<String> impersonating =
                service.postJson(approve, "{\"approvedBy\":\"alice\"}", "Authorization", BEARER);
        assertThat(impersonating.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(impersonating.body()).path("message").asText())
                .contains("approvedBy names someone other than the authenticated caller 'ops'");
        assertThat(column(renewal, "state")).isEqualTo("AWAITING_APPROVAL");

        HttpResponse<String> approved = service.postJson(approve, "{}", "Authorization", BEARER);
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(approved.body());
        assertThat(body.at("/renewal/approvedBy").asText()).isEqualTo("ops");
        assertThat(body.path("message").asText()).startsWith("approved by ops");
        assertThat(column(renewal, "approved_by")).isEqualTo("ops");
    }

    @Test
    void cancelAndRetryRecordTheCallerToo() throws IOException {
        String renewal =
                awaitingApproval("ghost-" + UUID.randomUUID().toString().substring(0, 8));

        assertThat(service.postJson(
                                "/renewals/" + renewal + "/cancel",
                                "{\"cancelledBy\":\"mallory\"}",
                                "Authorization",
                                BEARER)
                        .statusCode())
                .isEqualTo(403);
        HttpResponse<String> cancelled = service.postJson(
                "/renewals/" + renewal + "/cancel", "{\"reason\":\"not now\"}", "Authorization", BEARER);
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(JSON.readTree(cancelled.body()).at("/renewal/state").asText())
                .isEqualTo("CANCELLED");
        assertThat(JSON.readTree(cancelled.body()).path("message").asText()).isEqualTo("cancelled by ops: not now");

        assertThat(service.postJson(
                                "/renewals/" + renewal + "/retry",
                                "{\"requestedBy\":\"mallory\"}",
                                "Authorization",
                                BEARER)
                        .statusCode())
                .isEqualTo(403);
        // the caller may retry, but only FAILED renewals retry
        assertThat(service.postJson("/renewals/" + renewal + "/retry", "", "Authorization", BEARER)
                        .statusCode())
                .isEqualTo(409);
        // certfleet.api.protect-reads: reads need a token too
        assertThat(service.get("/renewals/" + renewal).statusCode()).isEqualTo(401);
        assertThat(service.get("/renewals/" + renewal, "Authorization", BEARER).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aCallerScopedToSomeClustersActsOnThoseOnly() throws IOException {
        String ghost = awaitingApproval("ghost-" + UUID.randomUUID().toString().substring(0, 8));
        String edge = awaitingApproval("edge-" + UUID.randomUUID().toString().substring(0, 8));

        HttpResponse<String> outside =
                service.postJson("/renewals/" + ghost + "/approve", "{}", "Authorization", EDGE_BOT);
        assertThat(outside.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(outside.body()).path("message").asText())
                .contains("API caller 'edgebot' may act on clusters [edge-*] only", "not on cluster 'ghost-");
        assertThat(service.postJson("/renewals/" + ghost + "/cancel", "{}", "Authorization", EDGE_BOT)
                        .statusCode())
                .isEqualTo(403);
        assertThat(column(ghost, "state")).isEqualTo("AWAITING_APPROVAL");

        HttpResponse<String> inside =
                service.postJson("/renewals/" + edge + "/approve", "{}", "Authorization", EDGE_BOT);
        assertThat(inside.statusCode()).as(inside.body()).isEqualTo(200);
        assertThat(column(edge, "approved_by")).isEqualTo("edgebot");
        // a caller without clusters configured acts on all of them
        assertThat(service.postJson("/renewals/" + ghost + "/approve", "{}", "Authorization", BEARER)
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void aCallerScopedToSomeClustersSeesThoseOnly() throws IOException {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String ghost = awaitingApproval("ghost-" + suffix);
        String edge = awaitingApproval("edge-" + suffix);

        HttpResponse<String> scoped = service.get("/renewals?limit=1000", "Authorization", EDGE_BOT);
        assertThat(scoped.statusCode()).isEqualTo(200);
        List<String> seen = ids(scoped);
        assertThat(seen).contains(edge).doesNotContain(ghost);
        assertThat(clusters(scoped)).isNotEmpty().allMatch(c -> c.startsWith("edge-"));
        assertThat(ids(service.get("/renewals?clusterId=ghost-" + suffix, "Authorization", EDGE_BOT)))
                .isEmpty();
        assertThat(service.get("/renewals/" + ghost, "Authorization", EDGE_BOT).statusCode())
                .as("another cluster's renewal is not found, as if it did not exist")
                .isEqualTo(404);
        assertThat(service.get("/renewals/" + edge, "Authorization", EDGE_BOT).statusCode())
                .isEqualTo(200);

        // a caller without clusters configured sees all of them
        assertThat(ids(service.get("/renewals?limit=1000", "Authorization", BEARER)))
                .contains(edge, ghost);
        assertThat(service.get("/renewals/" + ghost, "Authorization", BEARER).statusCode())
                .isEqualTo(200);
    }

    private static List<String> ids(HttpResponse<String> list) throws IOException {
        return field(list, "id");
    }

    private static List<String> clusters(HttpResponse<String> list) throws IOException {
        return field(list, "clusterId");
    }

    private static List<String> field(HttpResponse<String> list, String name) throws IOException {
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        List<String> values = new java.util.ArrayList<>();
        JSON.readTree(list.body()).forEach(r -> values.add(r.path(name).asText()));
        return values;
    }

    private String awaitingApproval(String clusterId) {
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
                        Map.of()),
                "/certfleet/scanner",
                Clock.systemUTC()));
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> service.count(
                                "SELECT count(*) FROM renewal WHERE cluster_id = ? AND state = 'AWAITING_APPROVAL'",
                                clusterId)
                        == 1);
        List<Map<String, Object>> rows =
                service.rows("SELECT id::text AS id FROM renewal WHERE cluster_id = ?", clusterId);
        return (String) rows.get(0).get("id");
    }

    private Object column(String renewal, String column) {
        return service.rows("SELECT " + column + " AS value FROM renewal WHERE id = ?::uuid", renewal)
                .get(0)
                .get("value");
    }
}
