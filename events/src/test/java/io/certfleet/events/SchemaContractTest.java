package io.certfleet.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JSON Schemas describe exactly the records: same fields, same required set (the components without {@link
 * OptionalField}), compatible JSON types; and the codec enforces the same required set as the schema.
 */
class SchemaContractTest {
    private static final List<String> ENVELOPE =
            List.of("specversion", "id", "source", "type", "subject", "time", "datacontenttype", "dataschema", "data");

    private final EventCodec codec = new EventCodec();

    @ParameterizedTest
    @EnumSource(EventType.class)
    void schemaDescribesTheWholeEnvelope(EventType type) {
        JsonNode schema = ContractFiles.schemaTree(type.dataClass());

        assertThat(names(schema.path("required"))).containsExactlyInAnyOrderElementsOf(ENVELOPE);
        assertThat(fieldNames(schema.path("properties"))).containsExactlyInAnyOrderElementsOf(ENVELOPE);
        assertThat(schema.path("properties").path("data").path("$ref").asText())
                .isEqualTo("#/$defs/" + type.eventName());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void schemaDataMatchesTheRecordComponents(EventType type) {
        JsonNode schema = ContractFiles.schemaTree(type.dataClass());

        assertRecordMatches(schema, type.dataClass(), schema.path("$defs").path(type.eventName()), "data");
    }

    @Test
    void schemasRejectMalformedValuesLikeTheCodec() {
        assertSchemaRejects(CertScanned.class, e -> e.put("time", "yesterday"));
        assertSchemaRejects(CertScanned.class, e -> e.put("specversion", "0.3"));
        assertSchemaRejects(CertScanned.class, e -> e.put("subject", " "));
        assertSchemaRejects(
                CertScanned.class,
                e -> ((ObjectNode) e.path("data").path("certificate")).put("sha256", "AB".repeat(32)));
        assertSchemaRejects(CertScanned.class, e -> ((ObjectNode) e.path("data")).put("sourceKind", "FLOPPY"));
        assertSchemaRejects(CertScanned.class, e -> ((ObjectNode) e.path("data")).put("index", "3"));
        assertSchemaRejects(NodeUpgraded.class, e -> ((ObjectNode) e.path("data")).put("duration", "four minutes"));
        assertSchemaRejects(
                ExpiryDetected.class, e -> ((ObjectNode) e.path("data").path("labels")).put("n", 1));
    }

    private void assertSchemaRejects(Class<? extends EventData> dataClass, Consumer<ObjectNode> corrupt) {
        ObjectNode event = (ObjectNode) ContractFiles.golden(dataClass);
        corrupt.accept(event);
        assertThat(ContractFiles.validate(dataClass, event))
                .as(event.toString())
                .isNotEmpty();
        assertThatThrownBy(() -> codec.decode(event.toString())).isInstanceOf(InvalidEventException.class);
    }

    @Test
    void optionalFieldsAreNeverPrimitive() {
        for (Class<?> recordClass : allRecordClasses()) {
            for (RecordComponent component : recordClass.getRecordComponents()) {
                if (component.isAnnotationPresent(OptionalField.class)) {
                    assertThat(component.getType().isPrimitive())
                            .as("%s.%s is optional so it must be nullable", recordClass, component.getName())
                            .isFalse();
                }
            }
        }
    }

    static Stream<Arguments> everyDataField() {
        return Arrays.stream(EventType.values()).flatMap(type -> {
            List<Arguments> fields = new ArrayList<>();
            collectFields(
                    type.dataClass(), ContractFiles.golden(type.dataClass()).path("data"), "data", type, fields);
            return fields.stream();
        });
    }

    @ParameterizedTest(name = "{0} {1} optional={2}")
    @MethodSource("everyDataField")
    void removingAFieldIsRejectedExactlyWhenItIsRequired(EventType type, String path, boolean optional)
            throws Exception {
        ObjectNode event = (ObjectNode) ContractFiles.golden(type.dataClass());
        if (!remove(event, path)) {
            return; // the fixture leaves this optional field out already
        }

        if (optional) {
            CloudEvent decoded = codec.decode(event.toString());
            assertThat(ContractFiles.validate(type.dataClass(), event)).isEmpty();
            assertThat(ContractFiles.JSON.readTree(codec.encode(decoded))).isEqualTo(event);
        } else {
            assertThatThrownBy(() -> codec.decode(event.toString()))
                    .isInstanceOfSatisfying(InvalidEventException.class, e -> {
                        assertThat(e.field()).contains(path);
                        assertThat(e.eventType()).contains(type.typeName());
                        assertThat(e.getMessage()).contains(path).contains(type.typeName());
                    });
            assertThat(ContractFiles.validate(type.dataClass(), event)).isNotEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void removingAnEnvelopeAttributeIsRejectedByCodecAndSchema(EventType type) {
        for (String attribute : ENVELOPE) {
            ObjectNode event = (ObjectNode) ContractFiles.golden(type.dataClass());
            event.remove(attribute);

            assertThatThrownBy(() -> codec.decode(event.toString()))
                    .isInstanceOfSatisfying(
                            InvalidEventException.class,
                            e -> assertThat(e.field()).contains(attribute));
            assertThat(ContractFiles.validate(type.dataClass(), event))
                    .as("schema without %s", attribute)
                    .isNotEmpty();
        }
    }

    private static void collectFields(
            Class<?> recordClass, JsonNode node, String path, EventType type, List<Arguments> out) {
        for (RecordComponent component : recordClass.getRecordComponents()) {
            String fieldPath = path + "." + component.getName();
            out.add(Arguments.of(type, fieldPath, component.isAnnotationPresent(OptionalField.class)));
            JsonNode value = node.path(component.getName());
            if (component.getType().isRecord()) {
                collectFields(component.getType(), value, fieldPath, type, out);
            }
            Class<?> element = listElement(component.getGenericType());
            if (element != null && element.isRecord() && value.size() > 0) {
                collectFields(element, value.get(0), fieldPath + "[0]", type, out);
            }
        }
    }

    /** Removes the field at a path such as {@code data.steps[0].zone}; false if it was not there. */
    private static boolean remove(ObjectNode root, String path) {
        String[] segments = path.split("\\.");
        JsonNode node = root;
        for (int i = 0; i < segments.length - 1; i++) {
            String segment = segments[i];
            int bracket = segment.indexOf('[');
            if (bracket >= 0) {
                int index = Integer.parseInt(segment.substring(bracket + 1, segment.length() - 1));
                node = ((ArrayNode) node.path(segment.substring(0, bracket))).get(index);
            } else {
                node = node.path(segment);
            }
        }
        return ((ObjectNode) node).remove(segments[segments.length - 1]) != null;
    }

    private void assertRecordMatches(JsonNode schemaRoot, Class<?> recordClass, JsonNode objectSchema, String path) {
        assertThat(objectSchema.isMissingNode())
                .as("schema for %s at %s", recordClass, path)
                .isFalse();
        assertThat(objectSchema.path("type").asText()).isEqualTo("object");
        List<RecordComponent> components = List.of(recordClass.getRecordComponents());
        assertThat(fieldNames(objectSchema.path("properties")))
                .as("properties of %s", path)
                .containsExactlyInAnyOrderElementsOf(
                        components.stream().map(RecordComponent::getName).toList());
        assertThat(names(objectSchema.path("required")))
                .as("required of %s", path)
                .containsExactlyInAnyOrderElementsOf(components.stream()
                        .filter(c -> !c.isAnnotationPresent(OptionalField.class))
                        .map(RecordComponent::getName)
                        .toList());
        for (RecordComponent component : components) {
            JsonNode property = objectSchema.path("properties").path(component.getName());
            assertTypeMatches(schemaRoot, component.getGenericType(), property, path + "." + component.getName());
        }
    }

    private void assertTypeMatches(JsonNode schemaRoot, Type type, JsonNode property, String path) {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (raw.isRecord()) {
            String ref = property.path("$ref").asText();
            assertThat(ref).as(path).isEqualTo("#/$defs/" + raw.getSimpleName());
            assertRecordMatches(schemaRoot, raw, schemaRoot.path("$defs").path(raw.getSimpleName()), path);
        } else if (raw.isEnum()) {
            assertThat(names(property.path("enum")))
                    .as(path)
                    .containsExactlyInAnyOrderElementsOf(Arrays.stream(raw.getEnumConstants())
                            .map(c -> ((Enum<?>) c).name())
                            .toList());
        } else if (raw == List.class) {
            assertThat(property.path("type").asText()).as(path).isEqualTo("array");
            assertTypeMatches(
                    schemaRoot, ((ParameterizedType) type).getActualTypeArguments()[0], property.path("items"), path);
        } else if (raw == Map.class) {
            assertThat(property.path("type").asText()).as(path).isEqualTo("object");
        } else if (raw == Instant.class) {
            assertThat(property.path("format").asText()).as(path).isEqualTo("date-time");
        } else if (raw == String.class || raw == Duration.class) {
            assertThat(property.path("type").asText()).as(path).isEqualTo("string");
        } else if (raw == int.class || raw == long.class || raw == Integer.class || raw == Long.class) {
            assertThat(property.path("type").asText()).as(path).isEqualTo("integer");
        } else if (raw == boolean.class || raw == Boolean.class) {
            assertThat(property.path("type").asText()).as(path).isEqualTo("boolean");
        } else {
            throw new AssertionError(path + ": no JSON Schema mapping for " + type);
        }
    }

    static Set<Class<?>> allRecordClasses() {
        Set<Class<?>> seen = new LinkedHashSet<>();
        EventType.dataClasses().forEach(c -> addRecords(c, seen));
        return seen;
    }

    private static void addRecords(Type type, Set<Class<?>> seen) {
        if (type instanceof ParameterizedType parameterized) {
            for (Type argument : parameterized.getActualTypeArguments()) {
                addRecords(argument, seen);
            }
        } else if (type instanceof Class<?> cls && cls.isRecord() && seen.add(cls)) {
            for (RecordComponent component : cls.getRecordComponents()) {
                addRecords(component.getGenericType(), seen);
            }
        }
    }

    private static Class<?> listElement(Type type) {
        if (type instanceof ParameterizedType p
                && p.getRawType() == List.class
                && p.getActualTypeArguments()[0] instanceof Class<?> element) {
            return element;
        }
        return null;
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.asText()));
        return names;
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
