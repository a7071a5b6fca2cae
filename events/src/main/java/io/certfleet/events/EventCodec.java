package io.certfleet.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;

/**
 * Encodes {@link CloudEvent}s to CloudEvents structured JSON and decodes them back. Thread-safe; share one instance.
 *
 * <p>Encoding writes every envelope attribute, omits absent {@link OptionalField optional} fields, writes instants as
 * RFC 3339 UTC ({@code 2026-11-22T10:00:00Z}) and durations as ISO-8601 ({@code PT4M12S}).
 *
 * <p>Decoding is tolerant where the contract evolves and strict where it does not: unknown attributes and fields are
 * ignored (newer producers may add optional ones), but bad JSON, an unknown {@code type}, a missing required attribute
 * or field, or a value of the wrong shape raise {@link InvalidEventException}, naming the type, id and field.
 */
public final class EventCodec {
    private static final List<String> ENVELOPE_TEXT_ATTRIBUTES =
            List.of("specversion", "id", "source", "type", "subject", "time", "datacontenttype", "dataschema");

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .defaultPropertyInclusion(
                    JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // No silent coercions: "3" is not a number, 3 is not a string, "true" is not a boolean.
            .withCoercionConfig(
                    LogicalType.Textual,
                    c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(
                    LogicalType.Integer,
                    c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
            .withCoercionConfig(
                    LogicalType.Boolean,
                    c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
            .withCoercionConfig(
                    LogicalType.Enum, c -> c.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
            .build();

    /** A codec; instances share one immutable Jackson configuration, so creating several is cheap. */
    public EventCodec() {}

    /** The CloudEvents {@code type} of an event record class, e.g. {@code io.certfleet.CertScanned.v1}. */
    public static String typeName(Class<? extends EventData> dataClass) {
        return EventType.of(dataClass).typeName();
    }

    /** Every event record class of the contract. */
    public static List<Class<? extends EventData>> eventClasses() {
        return EventType.dataClasses();
    }

    /** The event as UTF-8 JSON. */
    public byte[] encode(CloudEvent event) {
        Objects.requireNonNull(event, "event");
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            // Records of this package hold only strings, numbers, enums, instants and collections of them.
            throw new IllegalStateException("cannot encode event " + event.type() + " " + event.id(), e);
        }
    }

    /** The event as a JSON string. */
    public String encodeToString(CloudEvent event) {
        return new String(encode(event), StandardCharsets.UTF_8);
    }

    /**
     * Decodes a structured-mode CloudEvent.
     *
     * @throws InvalidEventException if it is not valid JSON, not a certfleet event, or misses or misshapes a field
     */
    public CloudEvent decode(byte[] json) {
        if (json == null || json.length == 0) {
            throw new InvalidEventException(null, null, null, "empty payload");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new InvalidEventException(null, null, null, "unreadable payload");
        }
        return decode(root);
    }

    /**
     * Decodes a structured-mode CloudEvent.
     *
     * @throws InvalidEventException if it is not valid JSON, not a certfleet event, or misses or misshapes a field
     */
    public CloudEvent decode(String json) {
        if (json == null) {
            throw new InvalidEventException(null, null, null, "empty payload");
        }
        return decode(json.getBytes(StandardCharsets.UTF_8));
    }

    private static CloudEvent decode(JsonNode root) {
        if (root == null || root.isMissingNode()) {
            throw new InvalidEventException(null, null, null, "empty payload");
        }
        if (!root.isObject()) {
            throw new InvalidEventException(
                    null,
                    null,
                    null,
                    "expected a JSON object, found " + root.getNodeType().name().toLowerCase());
        }
        String typeName = textOrNull(root, "type");
        String id = textOrNull(root, "id");

        for (String attribute : ENVELOPE_TEXT_ATTRIBUTES) {
            JsonNode value = root.get(attribute);
            if (value == null || value.isNull()) {
                throw new InvalidEventException(typeName, id, attribute, "missing required attribute");
            }
            if (!value.isTextual()) {
                throw new InvalidEventException(typeName, id, attribute, "must be a string");
            }
            if (value.asText().isBlank()) {
                throw new InvalidEventException(typeName, id, attribute, "must not be blank");
            }
        }
        String specversion = root.get("specversion").asText();
        if (!CloudEvent.SPEC_VERSION.equals(specversion)) {
            throw new InvalidEventException(
                    typeName,
                    id,
                    "specversion",
                    "unsupported '" + InvalidEventException.quote(specversion) + "', expected '"
                            + CloudEvent.SPEC_VERSION + "'");
        }
        EventType type = EventType.fromTypeName(typeName)
                .orElseThrow(() -> new InvalidEventException(typeName, id, "type", "unknown event type"));
        String source = root.get("source").asText();
        if (!CloudEvent.isUri(source)) {
            throw new InvalidEventException(typeName, id, "source", "not a URI reference");
        }
        Instant time = parseTime(root.get("time").asText(), typeName, id);
        String datacontenttype = root.get("datacontenttype").asText();
        if (!CloudEvent.isJson(datacontenttype)) {
            throw new InvalidEventException(
                    typeName, id, "datacontenttype", "expected '" + CloudEvent.DATA_CONTENT_TYPE + "'");
        }
        String dataschema = root.get("dataschema").asText();
        if (!CloudEvent.isUri(dataschema)) {
            throw new InvalidEventException(typeName, id, "dataschema", "not a URI");
        }

        JsonNode dataNode = root.get("data");
        if (dataNode == null || dataNode.isNull()) {
            throw new InvalidEventException(typeName, id, "data", "missing required attribute");
        }
        if (!dataNode.isObject()) {
            throw new InvalidEventException(typeName, id, "data", "must be a JSON object");
        }
        EventData data = bindData(type, dataNode, typeName, id);

        String subject = root.get("subject").asText();
        if (!subject.equals(data.clusterId())) {
            throw new InvalidEventException(typeName, id, "subject", "does not match data.clusterId");
        }
        try {
            return new CloudEvent(specversion, id, source, typeName, subject, time, datacontenttype, dataschema, data);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidEventException(typeName, id, null, e.getMessage());
        }
    }

    private static EventData bindData(EventType type, JsonNode dataNode, String typeName, String id) {
        RequiredFields.firstMissing(type.dataClass(), dataNode, "data").ifPresent(path -> {
            throw new InvalidEventException(typeName, id, path, "missing required field");
        });
        try {
            return MAPPER.treeToValue(dataNode, type.dataClass());
        } catch (ValueInstantiationException e) {
            // Thrown by a record's compact constructor; its message names the field and never the value.
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new InvalidEventException(typeName, id, path(e), cause.getMessage());
        } catch (MismatchedInputException e) {
            String expected = e.getTargetType() == null ? "another type" : describe(e.getTargetType());
            throw new InvalidEventException(typeName, id, path(e), "invalid value, expected " + expected);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InvalidEventException(typeName, id, "data", "cannot be read as " + type.eventName());
        }
    }

    private static Instant parseTime(String text, String typeName, String id) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidEventException(typeName, id, "time", "not an RFC 3339 timestamp");
        }
    }

    private static String textOrNull(JsonNode root, String attribute) {
        JsonNode value = root.get(attribute);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder("data");
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append('.').append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String describe(Class<?> target) {
        if (target.isEnum()) {
            StringBuilder names = new StringBuilder("one of ");
            Object[] constants = target.getEnumConstants();
            for (int i = 0; i < constants.length; i++) {
                names.append(i == 0 ? "" : ", ").append(((Enum<?>) constants[i]).name());
            }
            return names.toString();
        }
        if (target == Instant.class) {
            return "an RFC 3339 timestamp";
        }
        if (target == java.time.Duration.class) {
            return "an ISO-8601 duration";
        }
        if (target == String.class) {
            return "a string";
        }
        if (target == int.class || target == Integer.class || target == long.class || target == Long.class) {
            return "an integer";
        }
        if (target == boolean.class || target == Boolean.class) {
            return "a boolean";
        }
        if (List.class.isAssignableFrom(target)) {
            return "an array";
        }
        if (target.isRecord() || java.util.Map.class.isAssignableFrom(target)) {
            return "an object";
        }
        return target.getSimpleName();
    }

    private static InvalidEventException malformed(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        String where =
                location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        String detail =
                e.getOriginalMessage() == null ? "" : " (" + InvalidEventException.quote(e.getOriginalMessage()) + ")";
        return new InvalidEventException(null, null, null, "malformed JSON" + where + detail);
    }
}
