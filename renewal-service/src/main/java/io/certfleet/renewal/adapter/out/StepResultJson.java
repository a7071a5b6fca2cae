package io.certfleet.renewal.adapter.out;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.certfleet.renewal.domain.execution.StepResult;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Step results as the {@code renewal_step.result} JSON column: the record's fields plus {@code "type"}, its simple
 * name. The domain stays free of serialization annotations.
 */
final class StepResultJson {
    static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static final Map<String, Class<?>> TYPES = Arrays.stream(StepResult.class.getPermittedSubclasses())
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

    private StepResultJson() {}

    static String write(StepResult result) {
        ObjectNode node = JSON.valueToTree(result);
        node.put("type", result.getClass().getSimpleName());
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot write step result " + result.getClass().getSimpleName(), e);
        }
    }

    static StepResult read(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            String type = node.path("type").asText();
            Class<?> target = TYPES.get(type);
            if (target == null) {
                throw new IllegalStateException("unknown step result type '" + type + "'");
            }
            ((ObjectNode) node).remove("type");
            return (StepResult) JSON.treeToValue(node, target);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read a step result (" + e.getOriginalMessage() + ")", e);
        }
    }
}
