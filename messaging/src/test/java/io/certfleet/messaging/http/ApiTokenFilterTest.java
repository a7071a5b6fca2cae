package io.certfleet.messaging.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The API token filter over real HTTP, in front of {@link ProbeApi}; one server per configuration. */
class ApiTokenFilterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OPS_TOKEN = "ops-0123456789abcdef-token";
    private static final String BOT_TOKEN = "bot-fedcba9876543210-token";

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithTokens {
        private CapturedLogs logs;
        private ProbeServer server;

        @BeforeAll
        void start() {
            logs = new CapturedLogs();
            server = ProbeServer.start(Map.of(
                    "certfleet.api.tokens.ops",
                    OPS_TOKEN,
                    "certfleet.api.tokens.chatbot",
                    BOT_TOKEN,
                    "certfleet.api.on-behalf-of",
                    "chatbot"));
        }

        @AfterAll
        void stop() {
            server.close();
            logs.close();
        }

        @Test
        void everyMutatingMethodNeedsAToken() throws IOException {
            for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
                HttpResponse<String> refused = server.send(method, "/probe");
                assertThat(refused.statusCode()).as(method).isEqualTo(401);
                assertThat(refused.headers().firstValue("WWW-Authenticate"))
                        .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Bearer"));
                JsonNode body = JSON.readTree(refused.body());
                assertThat(body.path("error").asText()).isEqualTo("missing_token");
                assertThat(body.path("message").asText()).contains("Authorization: Bearer <token>");

                HttpResponse<String> accepted = server.send(method, "/probe", "Authorization", "Bearer " + OPS_TOKEN);
                assertThat(accepted.statusCode()).as(method).isEqualTo(200);
            }
        }

        @Test
        void theCallerIsPutOnTheRequest() throws IOException {
            assertThat(caller(server.send("POST", "/probe", "Authorization", "Bearer " + OPS_TOKEN)))
                    .isEqualTo("ops");
            assertThat(caller(server.send("DELETE", "/probe", "Authorization", "bearer  " + BOT_TOKEN)))
                    .isEqualTo("chatbot");
        }

        @Test
        void wrongTokensAreRefusedWithTheChallenge() throws IOException {
            List<String> wrong = List.of(
                    OPS_TOKEN.substring(0, OPS_TOKEN.length() - 1),
                    OPS_TOKEN + "x",
                    OPS_TOKEN.substring(0, OPS_TOKEN.length() - 1) + "X",
                    "not-a-token-at-all-but-long");
            for (String token : wrong) {
                HttpResponse<String> refused = server.send("POST", "/probe", "Authorization", "Bearer " + token);
                assertThat(refused.statusCode()).isEqualTo(401);
                assertThat(refused.headers().firstValue("WWW-Authenticate"))
                        .hasValue("Bearer realm=\"certfleet\", error=\"invalid_token\"");
                assertThat(JSON.readTree(refused.body()).path("error").asText()).isEqualTo("invalid_token");
                assertThat(refused.body()).doesNotContain(token);
            }
            HttpResponse<String> basic = server.send("POST", "/probe", "Authorization", "Basic b3BzOnNlY3JldA==");
            assertThat(basic.statusCode()).isEqualTo(401);
            assertThat(JSON.readTree(basic.body()).path("error").asText()).isEqualTo("invalid_request");
            assertThat(basic.body()).doesNotContain("b3BzOnNlY3JldA==");
            assertThat(server.send("POST", "/probe", "Authorization", "Bearer ").statusCode())
                    .isEqualTo(401);
        }

        @Test
        void readsStayOpenAndHealthAndSwaggerNeedNoToken() throws IOException {
            HttpResponse<String> read = server.send("GET", "/probe");
            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(caller(read)).isEqualTo("-");
            assertThat(server.send("GET", "/health/liveness").statusCode()).isEqualTo(200);
            // open paths are open for every method: the route decides (here, there is none)
            assertThat(server.send("POST", "/health/liveness").statusCode()).isNotEqualTo(401);
            assertThat(server.send("POST", "/swagger/api.yml").statusCode()).isNotEqualTo(401);
        }

        @Test
        void openPrefixesCannotBeWalkedOutOf() {
            for (String path : List.of("/health/../probe", "/health/%2e%2e/probe", "/swagger/..%2fprobe", "/healthz")) {
                assertThat(server.send("POST", path).statusCode()).as(path).isEqualTo(401);
            }
        }

        @Test
        void anAuthenticatedCallerIsRecordedAndCannotNameSomeoneElse() throws IOException {
            HttpResponse<String> unnamed =
                    server.postJson("/probe/approve", "{}", "Authorization", "Bearer " + OPS_TOKEN);
            assertThat(unnamed.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(unnamed.body()).path("approvedBy").asText())
                    .isEqualTo("ops");

            HttpResponse<String> self = server.postJson(
                    "/probe/approve", "{\"approvedBy\":\"OPS\"}", "Authorization", "Bearer " + OPS_TOKEN);
            assertThat(JSON.readTree(self.body()).path("approvedBy").asText()).isEqualTo("ops");

            HttpResponse<String> other = server.postJson(
                    "/probe/approve", "{\"approvedBy\":\"alice\"}", "Authorization", "Bearer " + OPS_TOKEN);
            assertThat(other.statusCode()).isEqualTo(403);
            assertThat(JSON.readTree(other.body()).path("message").asText())
                    .contains("approvedBy names someone other than the authenticated caller 'ops'");
        }

        @Test
        void aCallerThatActsOnBehalfOfPeopleIsRecordedWithThePersonItNames() throws IOException {
            HttpResponse<String> forAlice = server.postJson(
                    "/probe/approve", "{\"approvedBy\":\" alice \"}", "Authorization", "Bearer " + BOT_TOKEN);
            assertThat(forAlice.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(forAlice.body()).path("approvedBy").asText())
                    .isEqualTo("alice (via chatbot)");

            HttpResponse<String> itself =
                    server.postJson("/probe/approve", "{}", "Authorization", "Bearer " + BOT_TOKEN);
            assertThat(JSON.readTree(itself.body()).path("approvedBy").asText()).isEqualTo("chatbot");

            // a line break would forge a second line in the audit log
            HttpResponse<String> forged = server.postJson(
                    "/probe/approve",
                    "{\"approvedBy\":\"alice\\nINFO approved by root\"}",
                    "Authorization",
                    "Bearer " + BOT_TOKEN);
            assertThat(forged.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(forged.body()).path("message").asText())
                    .isEqualTo("approvedBy holds a control character (a line break?): name the person plainly");
        }

        @Test
        void tokensNeverAppearInLogsOrResponses() {
            server.send("POST", "/probe", "Authorization", "Bearer " + OPS_TOKEN);
            server.send("POST", "/probe", "Authorization", "Bearer " + OPS_TOKEN + "-wrong");
            server.send("PUT", "/probe", "Authorization", "Bearer " + BOT_TOKEN);

            List<String> haystack = new ArrayList<>(server.responses);
            haystack.addAll(logs.texts());
            haystack.add(server.context().getBean(ApiTokens.class).toString());
            assertThat(logs.messages(ApiTokenFilter.class, Level.INFO)).contains("POST /probe by API caller ops");
            assertThat(logs.messages(ApiTokenFilter.class, Level.INFO))
                    .anySatisfy(m -> assertThat(m).contains("refused POST /probe: invalid token"));
            for (String text : haystack) {
                assertThat(text).doesNotContain(OPS_TOKEN).doesNotContain(BOT_TOKEN);
                assertThat(text).doesNotContain(OPS_TOKEN.substring(4, 20));
            }
            assertThat(logs.messages(ApiTokens.class, Level.INFO))
                    .containsExactly("API tokens configured for [chatbot, ops]: POST, PUT, PATCH and DELETE need"
                            + " Authorization: Bearer <token>; reads are open; [chatbot] act on behalf of the people"
                            + " they name");
            assertThat(logs.messages(ApiTokens.class, Level.WARN)).isEmpty();
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithProtectedReads {
        private ProbeServer server;

        @BeforeAll
        void start() {
            server = ProbeServer.start(
                    Map.of("certfleet.api.tokens.ops", OPS_TOKEN, "certfleet.api.protect-reads", true));
        }

        @AfterAll
        void stop() {
            server.close();
        }

        @Test
        void readsNeedATokenButHealthAndSwaggerDoNot() throws IOException {
            for (String method : List.of("GET", "HEAD", "OPTIONS")) {
                HttpResponse<String> refused = server.send(method, "/probe");
                assertThat(refused.statusCode()).as(method).isEqualTo(401);
                assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"certfleet\"");
            }
            assertThat(caller(server.send("GET", "/probe", "Authorization", "Bearer " + OPS_TOKEN)))
                    .isEqualTo("ops");
            assertThat(server.send("GET", "/health/liveness").statusCode()).isEqualTo(200);
            assertThat(server.send("GET", "/swagger/api.yml").statusCode()).isNotEqualTo(401);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithoutTokens {
        private CapturedLogs logs;
        private ProbeServer server;

        @BeforeAll
        void start() {
            logs = new CapturedLogs();
            server = ProbeServer.start(Map.of());
        }

        @AfterAll
        void stop() {
            server.close();
            logs.close();
        }

        @Test
        void everythingIsOpenAndTheBodyNamesThePerson() throws IOException {
            HttpResponse<String> post = server.send("POST", "/probe");
            assertThat(post.statusCode()).isEqualTo(200);
            assertThat(caller(post)).isEqualTo("-");
            assertThat(server.send("DELETE", "/probe", "Authorization", "Bearer whatever-anyone-sends")
                            .statusCode())
                    .isEqualTo(200);

            HttpResponse<String> claimed = server.postJson("/probe/approve", "{\"approvedBy\":\"alice\"}");
            assertThat(JSON.readTree(claimed.body()).path("approvedBy").asText())
                    .isEqualTo("alice");
            HttpResponse<String> unnamed = server.postJson("/probe/approve", "{}");
            assertThat(unnamed.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(unnamed.body()).path("message").asText())
                    .isEqualTo("approvedBy is required" + " (or authenticate with an API token)");
        }

        @Test
        void startupWarnsOnceThatMutatingEndpointsAreUnauthenticated() {
            List<String> warnings = logs.messages(ApiTokens.class, Level.WARN);
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0))
                    .contains("mutating endpoints (POST, PUT, PATCH, DELETE) are unauthenticated")
                    .contains("certfleet.api.tokens.<caller>=<token>")
                    .contains("CERTFLEET_API_TOKENS_<CALLER>");
        }
    }

    private static String caller(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).path("caller").asText();
    }
}
