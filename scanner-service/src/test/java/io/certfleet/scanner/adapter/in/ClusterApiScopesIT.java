package io.certfleet.scanner.adapter.in;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.certfleet.messaging.testing.ServiceUnderTest;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The cluster API with API tokens protecting reads too, one caller scoped to some clusters ({@code
 * certfleet.api.clusters.<caller>}), against the real broker and database: register, scan and remove only where the
 * caller may act; clusters, certificates and scans of other clusters stay out of its sight.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterApiScopesIT {
    private static final String OPS = "Bearer ops-token-0123456789abcdef";
    private static final String EDGE_BOT = "Bearer edge-bot-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ServiceUnderTest service;

    @BeforeAll
    void start() {
        service = ServiceUnderTest.start(
                "scanner",
                Map.of(
                        "certfleet.api.tokens.ops",
                        OPS.substring("Bearer ".length()),
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
    }

    @Test
    void aScopedCallerRegistersScansAndRemovesItsClustersOnly() throws IOException {
        HttpResponse<String> outside =
                service.postJson("/clusters", "{\"id\":\"prod-scoped-1\"}", "Authorization", EDGE_BOT);
        assertThat(outside.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(outside.body()).path("message").asText())
                .isEqualTo("API caller 'edgebot' may act on clusters [edge-*] only (certfleet.api.clusters.edgebot),"
                        + " not on cluster 'prod-scoped-1'");
        assertThat(service.get("/clusters/prod-scoped-1", "Authorization", OPS).statusCode())
                .isEqualTo(404);

        assertThat(service.postJson("/clusters", "{\"id\":\"edge-scoped-1\"}", "Authorization", EDGE_BOT)
                        .statusCode())
                .isEqualTo(201);
        assertThat(service.postJson("/clusters/edge-scoped-1/scans", "", "Authorization", EDGE_BOT)
                        .statusCode())
                .isEqualTo(202);

        // a caller without clusters configured acts on every cluster
        assertThat(service.postJson("/clusters", "{\"id\":\"prod-scoped-1\"}", "Authorization", OPS)
                        .statusCode())
                .isEqualTo(201);
        assertThat(service.postJson("/clusters/prod-scoped-1/scans", "", "Authorization", EDGE_BOT)
                        .statusCode())
                .isEqualTo(403);
        assertThat(service.delete("/clusters/prod-scoped-1", "Authorization", EDGE_BOT)
                        .statusCode())
                .isEqualTo(403);
        assertThat(service.get("/clusters/prod-scoped-1", "Authorization", OPS).statusCode())
                .isEqualTo(200);
        assertThat(service.delete("/clusters/edge-scoped-1", "Authorization", EDGE_BOT)
                        .statusCode())
                .isEqualTo(204);
    }

    @Test
    void aScopedCallerSeesItsClustersOnly() throws IOException {
        assertThat(service.postJson("/clusters", "{\"id\":\"edge-seen-1\"}", "Authorization", OPS)
                        .statusCode())
                .isEqualTo(201);
        assertThat(service.postJson("/clusters", "{\"id\":\"prod-unseen-1\"}", "Authorization", OPS)
                        .statusCode())
                .isEqualTo(201);
        assertThat(service.postJson("/clusters/edge-seen-1/scans", "", "Authorization", OPS)
                        .statusCode())
                .isEqualTo(202);
        assertThat(service.postJson("/clusters/prod-unseen-1/scans", "", "Authorization", OPS)
                        .statusCode())
                .isEqualTo(202);

        assertThat(service.get("/clusters").statusCode())
                .as("reads need a token")
                .isEqualTo(401);
        assertThat(field(service.get("/clusters?limit=5000", "Authorization", EDGE_BOT), "id"))
                .contains("edge-seen-1")
                .doesNotContain("prod-unseen-1")
                .allMatch(id -> id.startsWith("edge-"));
        assertThat(service.get("/clusters/prod-unseen-1", "Authorization", EDGE_BOT)
                        .statusCode())
                .as("another cluster is not found, as if it did not exist")
                .isEqualTo(404);
        assertThat(service.get("/clusters/edge-seen-1", "Authorization", EDGE_BOT)
                        .statusCode())
                .isEqualTo(200);
        // the scans run in the background: wait until both are recorded
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(
                        () -> assertThat(field(service.get("/scans?limit=1000", "Authorization", OPS), "clusterId"))
                                .contains("edge-seen-1", "prod-unseen-1"));
        assertThat(field(service.get("/scans?limit=1000", "Authorization", EDGE_BOT), "clusterId"))
                .contains("edge-seen-1")
                .allMatch(id -> id.startsWith("edge-"));
        assertThat(field(service.get("/scans?cluster=prod-unseen-1", "Authorization", EDGE_BOT), "clusterId"))
                .isEmpty();
        assertThat(field(service.get("/certificates?limit=5000", "Authorization", EDGE_BOT), "clusterId"))
                .allMatch(id -> id.startsWith("edge-"));

        // a caller without clusters configured sees every cluster
        assertThat(field(service.get("/clusters?limit=5000", "Authorization", OPS), "id"))
                .contains("edge-seen-1", "prod-unseen-1");
    }

    private static List<String> field(HttpResponse<String> list, String name) throws IOException {
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        List<String> values = new ArrayList<>();
        JSON.readTree(list.body()).forEach(item -> values.add(item.path(name).asText()));
        return values;
    }
}
