package io.certfleet.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every event type has a golden fixture and a schema, and the three (record, fixture, schema) agree. */
class GoldenFixturesTest {
    private final EventCodec codec = new EventCodec();

    /** Taken from the sealed interface itself, not from the registry, so a forgotten registration also fails. */
    static List<Class<? extends EventData>> permittedEventClasses() {
        return Arrays.stream(EventData.class.getPermittedSubclasses())
                .<Class<? extends EventData>>map(c -> c.asSubclass(EventData.class))
                .toList();
    }

    @ParameterizedTest
    @MethodSource("permittedEventClasses")
    void everyEventClassIsRegisteredAndHasAFixtureAndASchema(Class<? extends EventData> dataClass) {
        assertThat(EventCodec.eventClasses()).contains(dataClass);
        assertThat(ContractFiles.exists(ContractFiles.goldenResource(dataClass)))
                .as("golden fixture %s", ContractFiles.goldenResource(dataClass))
                .isTrue();
        assertThat(ContractFiles.exists(ContractFiles.schemaResource(dataClass)))
                .as("schema %s", ContractFiles.schemaResource(dataClass))
                .isTrue();
        assertThat(EventType.of(dataClass).schemaResource()).isEqualTo(ContractFiles.schemaResource(dataClass));
    }

    @Test
    void theRegistryListsExactlyThePermittedRecords() {
        assertThat(EventCodec.eventClasses()).containsExactlyInAnyOrderElementsOf(permittedEventClasses());
        assertThat(EventCodec.eventClasses()).hasSize(15).allMatch(Class::isRecord);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void fixtureDecodesAndReEncodesToTheSameJson(EventType type) throws IOException {
        byte[] fixture = ContractFiles.bytes(ContractFiles.goldenResource(type.dataClass()));

        CloudEvent event = codec.decode(fixture);

        assertThat(event.data()).isInstanceOf(type.dataClass());
        assertThat(event.type()).isEqualTo(type.typeName());
        assertThat(event.kafkaKey()).isEqualTo(event.data().clusterId()).isEqualTo(event.subject());
        JsonNode reEncoded = ContractFiles.JSON.readTree(codec.encode(event));
        assertThat(reEncoded).isEqualTo(ContractFiles.JSON.readTree(fixture));
        assertThat(codec.decode(codec.encodeToString(event))).isEqualTo(event);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void fixtureValidatesAgainstItsSchema(EventType type) {
        JsonNode fixture = ContractFiles.golden(type.dataClass());

        assertThat(ContractFiles.validate(type.dataClass(), fixture)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void schemaIsPublishedUnderTheDataschemaUriAndPinsTheType(EventType type) {
        JsonNode schema = ContractFiles.schemaTree(type.dataClass());

        assertThat(schema.path("$id").asText()).isEqualTo(type.dataschema());
        assertThat(schema.path("properties").path("type").path("const").asText())
                .isEqualTo(type.typeName());
        assertThat(ContractFiles.golden(type.dataClass()).path("dataschema").asText())
                .isEqualTo(type.dataschema());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void schemaRejectsAnEventOfAnotherType(EventType type) {
        EventType other = EventType.values()[(type.ordinal() + 1) % EventType.values().length];

        assertThat(ContractFiles.validate(type.dataClass(), ContractFiles.golden(other.dataClass())))
                .isNotEmpty();
    }

    @Test
    void noStrayFixturesOrSchemas() throws IOException {
        Set<String> expected = EventType.dataClasses().stream()
                .map(c -> c.getSimpleName() + ".v1.json")
                .collect(Collectors.toSet());

        assertThat(resourceDirectory("/golden")).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(resourceDirectory("/schemas")).containsExactlyInAnyOrderElementsOf(expected);
    }

    private static List<String> resourceDirectory(String directory) throws IOException {
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of(java.net.URI.create(
                GoldenFixturesTest.class.getResource(directory).toString())))) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
