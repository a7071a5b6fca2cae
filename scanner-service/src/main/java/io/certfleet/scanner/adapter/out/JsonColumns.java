package io.certfleet.scanner.adapter.out;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.certfleet.events.CertificateFacts;
import io.certfleet.events.Finding;
import io.certfleet.scanner.domain.inventory.Endpoint;
import io.certfleet.scanner.domain.inventory.EndpointComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The JSON shapes of the jsonb columns: labels, endpoints, certificate facts, findings, lists of names. */
final class JsonColumns {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {};
    private static final TypeReference<List<Map<String, String>>> ENDPOINTS = new TypeReference<>() {};
    private static final TypeReference<List<Finding>> FINDINGS = new TypeReference<>() {};
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    private JsonColumns() {}

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot encode a " + value.getClass().getSimpleName() + " column", e);
        }
    }

    static Map<String, String> labels(String json) {
        return new TreeMap<>(read(json, LABELS));
    }

    static String endpoints(List<Endpoint> endpoints) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            rows.add(Map.of("component", endpoint.component().name(), "url", endpoint.url()));
        }
        return write(rows);
    }

    static List<Endpoint> endpoints(String json) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (Map<String, String> row : read(json, ENDPOINTS)) {
            endpoints.add(new Endpoint(EndpointComponent.valueOf(row.get("component")), row.get("url")));
        }
        return endpoints;
    }

    static CertificateFacts facts(String json) {
        try {
            return JSON.readValue(json, CertificateFacts.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a certificate's facts column cannot be read", e);
        }
    }

    static List<Finding> findings(String json) {
        return read(json, FINDINGS);
    }

    static List<String> strings(String json) {
        return read(json, STRINGS);
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a jsonb column cannot be read as " + type.getType(), e);
        }
    }
}
