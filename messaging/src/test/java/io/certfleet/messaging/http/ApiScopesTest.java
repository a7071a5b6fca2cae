package io.certfleet.messaging.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which clusters a caller may act on: patterns, their checks at startup, and their sources. */
class ApiScopesTest {
    private static final String OPS_TOKEN = "ops-0123456789abcdef-token";

    @Test
    void aScopedCallerActsOnlyOnTheClustersItsPatternsMatch() {
        ApiScopes scopes = new ApiScopes(Map.of("chatbot", "prod-*, edge-1,*-lab"), Set.of("chatbot", "ops"));

        assertThat(scopes.refusal("chatbot", "prod-eu-1")).isEmpty();
        assertThat(scopes.refusal("chatbot", "edge-1")).isEmpty();
        assertThat(scopes.refusal("chatbot", "zone-b-lab")).isEmpty();
        assertThat(scopes.refusal("chatbot", "edge-10"))
                .hasValue("API caller 'chatbot' may act on clusters"
                        + " [prod-*, edge-1, *-lab] only (certfleet.api.clusters.chatbot), not on cluster 'edge-10'");
        assertThat(scopes.refusal("chatbot", "staging-prod-1")).isPresent();
        // '.' is a character of a cluster id, not a regular expression
        assertThat(new ApiScopes(Map.of("ops", "a.b"), Set.of("ops")).refusal("ops", "aXb"))
                .isPresent();
        // a caller without patterns acts on every cluster, as before scopes existed
        assertThat(scopes.refusal("ops", "edge-10")).isEmpty();
        assertThat(scopes.patterns()).containsOnlyKeys("chatbot");
        assertThat(scopes.scope("chatbot").patterns()).containsExactly("prod-*", "edge-1", "*-lab");
        assertThat(scopes.scope("ops").isAll()).isTrue();
    }

    @Test
    void wrongPatternsOrAScopeForAnUnknownCallerStopTheContextNamingTheCaller() {
        assertThatThrownBy(() -> new ApiScopes(Map.of("bot", "prod-*"), Set.of("ops")))
                .hasMessageContaining("certfleet.api.clusters.bot: caller 'bot' has no API token");
        assertThatThrownBy(() -> new ApiScopes(Map.of("ops", "prod-*,"), Set.of("ops")))
                .hasMessageContaining("certfleet.api.clusters.ops must list cluster ids or patterns");
        assertThatThrownBy(() -> new ApiScopes(Map.of("ops", "prod-[0-9]"), Set.of("ops")))
                .hasMessageContaining("'prod-[0-9]' is not a cluster id or pattern");
        assertThatThrownBy(() -> start(
                        Map.of("certfleet.api.tokens.ops", OPS_TOKEN, "certfleet.api.clusters.chatbot", "prod-*")))
                .hasStackTraceContaining("caller 'chatbot' has no API token");
    }

    @Test
    void patternsComeFromAListOrFromAnEnvironmentVariableNamedAfterTheCaller() {
        Map<String, Object> properties = new HashMap<>(ProbeServer.bare());
        properties.put("certfleet.api.tokens.ops", OPS_TOKEN);
        properties.put("certfleet.api.clusters.ops", List.of("prod-*", "edge-1"));
        try (ApplicationContext context =
                ApplicationContext.builder().properties(properties).start()) {
            assertThat(context.getBean(ApiScopes.class).patterns()).containsEntry("ops", List.of("prod-*", "edge-1"));
        }
        try (ApplicationContext context = ApplicationContext.builder()
                .propertySources(PropertySource.of(
                        "test-env",
                        Map.of("CERTFLEET_API_TOKENS_OPS", OPS_TOKEN, "CERTFLEET_API_CLUSTERS_OPS", "prod-*,edge-1"),
                        PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE))
                .properties(ProbeServer.bare())
                .start()) {
            assertThat(context.getBean(ApiScopes.class).patterns()).containsEntry("ops", List.of("prod-*", "edge-1"));
        }
    }

    private static void start(Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(properties);
        all.putAll(ProbeServer.bare());
        ApplicationContext.builder().properties(all).start().close();
    }
}
