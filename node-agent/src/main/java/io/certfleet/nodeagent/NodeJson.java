package io.certfleet.nodeagent;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The JSON form of requests and responses: instants as RFC 3339 strings, unknown fields ignored (a
 * newer caller may send more), and parse errors that say where, not what (never echo input).
 */
public final class NodeJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .registerModule(new Jdk8Module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private NodeJson() {}

    /** The configured mapper (shared; do not reconfigure). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    public static String writePretty(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** A JSON tree, for callers that look at single fields. */
    public static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new NodeAgentException(FailureReason.INVALID_INPUT, "invalid JSON" + where(e.getLocation()));
        }
    }

    /** Reads a request; a malformed one is an {@link FailureReason#INVALID_INPUT} error. */
    public static NodeRequest readRequest(String json) {
        return read(json, NodeRequest.class, "request");
    }

    public static NodeResponse readResponse(String json) {
        return read(json, NodeResponse.class, "response");
    }

    private static <T> T read(String json, Class<T> type, String what) {
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) {
                throw new NodeAgentException(FailureReason.INVALID_INPUT, "empty " + what);
            }
            return value;
        } catch (InvalidTypeIdException e) {
            String id = e.getTypeId() == null ? "(none)" : "'" + abbreviate(e.getTypeId()) + "'";
            throw new NodeAgentException(
                    FailureReason.INVALID_INPUT,
                    "invalid " + what + ": unknown or missing " + (type == NodeRequest.class ? "operation " : "type ")
                            + id
                            + (type == NodeRequest.class
                                    ? "; one of " + java.util.Arrays.toString(Operation.values())
                                    : ""));
        } catch (ValueInstantiationException e) {
            String missing = e.getCause() instanceof NullPointerException npe && npe.getMessage() != null
                    ? ": " + npe.getMessage() + " is required"
                    : "";
            throw new NodeAgentException(
                    FailureReason.INVALID_INPUT, "invalid " + what + where(e.getLocation()) + missing);
        } catch (JsonProcessingException e) {
            throw new NodeAgentException(
                    FailureReason.INVALID_INPUT,
                    "invalid " + what + where(e.getLocation()) + " ("
                            + e.getClass().getSimpleName() + ")");
        }
    }

    private static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }

    private static String where(JsonLocation location) {
        return location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
