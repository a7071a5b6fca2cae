package io.certfleet.scanner.adapter.in;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.certfleet.messaging.testing.ServiceUnderTest;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The cluster API with API tokens, one caller scoped to some clusters ({@code certfleet.api.clusters.<caller>}),
 * against the real broker and database: register, scan and remove only where the caller may act.
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
                        "edge-*"));
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
        assertThat(service.get("/clusters/prod-scoped-1").statusCode()).isEqualTo(404);

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
        assertThat(service.get("/clusters/prod-scoped-1").statusCode()).isEqualTo(200);
        assertThat(service.delete("/clusters/edge-scoped-1", "Authorization", EDGE_BOT)
                        .statusCode())
                .isEqualTo(204);
    }
}
