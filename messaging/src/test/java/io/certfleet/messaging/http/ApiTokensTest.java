package io.certfleet.messaging.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tokens' checks at startup, their sources, and what is kept of them. */
class ApiTokensTest {
    private static final String OPS_TOKEN = "ops-0123456789abcdef-token";

    @Test
    void onlyTheExactTokenNamesItsCaller() {
        ApiTokens tokens = new ApiTokens(Map.of("ops", OPS_TOKEN, "chatbot", "chatbot-token-0123456789"), false);

        assertThat(tokens.enforced()).isTrue();
        assertThat(tokens.callers()).containsExactly("chatbot", "ops");
        assertThat(tokens.callerOf(OPS_TOKEN)).hasValue("ops");
        assertThat(tokens.callerOf(OPS_TOKEN.substring(1))).isEmpty();
        assertThat(tokens.callerOf(OPS_TOKEN + " ")).isEmpty();
        assertThat(tokens.callerOf(OPS_TOKEN.toUpperCase())).isEmpty();
        assertThat(tokens.callerOf("")).isEmpty();
        assertThat(new ApiTokens(Map.of(), false).enforced()).isFalse();
    }

    @Test
    void onlyFixedLengthDigestsAreKept() throws Exception {
        ApiTokens tokens = new ApiTokens(Map.of("ops", OPS_TOKEN), true);

        // what the instance holds: no String or char[] with the token, one 32-byte SHA-256 digest per caller
        List<Object> held = new ArrayList<>(fieldValues(tokens));
        for (Object value : List.copyOf(held)) {
            if (value instanceof List<?> credentials) {
                for (Object credential : credentials) {
                    held.addAll(fieldValues(credential));
                }
            }
        }
        assertThat(held).noneSatisfy(value -> assertThat(String.valueOf(value)).contains(OPS_TOKEN));
        List<byte[]> digests = held.stream()
                .filter(byte[].class::isInstance)
                .map(byte[].class::cast)
                .toList();
        assertThat(digests)
                .singleElement()
                .satisfies(d -> assertThat(d).hasSize(32).isEqualTo(ApiTokens.digest(OPS_TOKEN)));
        assertThat(tokens.toString()).isEqualTo("ApiTokens[callers=[ops], protectReads=true, onBehalfOf=[]]");
        // callerOf compares the presented token's digest with each of these by MessageDigest.isEqual: always 32
        // bytes against 32, so neither its length nor how much of it is right changes the work done
    }

    @Test
    void shortBlankOrPaddedTokensStopTheContextNamingTheCallerNotTheToken() {
        String shortToken = "only-15-chars!!";
        assertThatThrownBy(() -> start(Map.of("certfleet.api.tokens.ops", shortToken)))
                .hasStackTraceContaining("certfleet.api.tokens.ops")
                .hasStackTraceContaining("caller 'ops' is shorter than 16 characters")
                .satisfies(e -> assertThat(stackTrace(e)).doesNotContain(shortToken));
        assertThatThrownBy(() -> start(Map.of("certfleet.api.tokens.chatbot", "   ")))
                .hasStackTraceContaining("certfleet.api.tokens.chatbot is blank");
        String padded = OPS_TOKEN + "\n";
        assertThatThrownBy(() -> start(Map.of("certfleet.api.tokens.ops", padded)))
                .hasStackTraceContaining("starts or ends with white space")
                .satisfies(e -> assertThat(stackTrace(e)).doesNotContain(OPS_TOKEN));
    }

    @Test
    void tokensComeFromEnvironmentVariablesNamedAfterTheCaller() {
        try (ApplicationContext context = ApplicationContext.builder()
                .propertySources(PropertySource.of(
                        "test-env",
                        Map.of("CERTFLEET_API_TOKENS_OPS", OPS_TOKEN, "CERTFLEET_API_PROTECT_READS", "true"),
                        PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE))
                .properties(ProbeServer.bare())
                .start()) {
            ApiTokens tokens = context.getBean(ApiTokens.class);
            assertThat(tokens.callers()).containsExactly("ops");
            assertThat(tokens.callerOf(OPS_TOKEN)).hasValue("ops");
            assertThat(tokens.protectReads()).isTrue();
        }
    }

    @Test
    void onlyCallersWithATokenActOnBehalfOfPeopleAndTheEnvironmentVariableNamesThem() {
        assertThatThrownBy(() -> start(Map.of(
                        "certfleet.api.tokens.ops",
                        OPS_TOKEN,
                        "certfleet.api.on-behalf-of",
                        List.of("ops", "slackbot"))))
                .hasStackTraceContaining("certfleet.api.on-behalf-of names 'slackbot', which has no API token");

        try (ApplicationContext context = ApplicationContext.builder()
                .propertySources(PropertySource.of(
                        "test-env",
                        Map.of(
                                "CERTFLEET_API_TOKENS_OPS",
                                OPS_TOKEN,
                                "CERTFLEET_API_TOKENS_CHATBOT",
                                OPS_TOKEN + "-bot",
                                "CERTFLEET_API_ON_BEHALF_OF",
                                "chatbot"),
                        PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE))
                .properties(ProbeServer.bare())
                .start()) {
            ApiTokens tokens = context.getBean(ApiTokens.class);
            assertThat(tokens.actsOnBehalfOfPeople("chatbot")).isTrue();
            assertThat(tokens.actsOnBehalfOfPeople("ops")).isFalse();
        }
    }

    @Test
    void anEnvironmentVariableWithAnUnderscoreInTheCallerIsRefusedWithAHint() {
        assertThatThrownBy(() -> ApplicationContext.builder()
                        .propertySources(PropertySource.of(
                                "test-env",
                                Map.of("CERTFLEET_API_TOKENS_RENEWAL_CLI", OPS_TOKEN),
                                PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE))
                        .properties(ProbeServer.bare())
                        .start()
                        .close())
                .hasStackTraceContaining("use letters and digits only")
                .satisfies(e -> assertThat(stackTrace(e)).doesNotContain(OPS_TOKEN));
    }

    private static void start(Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(properties);
        all.putAll(ProbeServer.bare());
        ApplicationContext.builder().properties(all).start().close();
    }

    private static String stackTrace(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    /** The values of the object's own fields. */
    private static List<Object> fieldValues(Object target) throws IllegalAccessException {
        List<Object> values = new ArrayList<>();
        for (Field field : target.getClass().getDeclaredFields()) {
            if (!Modifier.isStatic(field.getModifiers())) {
                field.setAccessible(true);
                values.add(field.get(target));
            }
        }
        return values;
    }
}
