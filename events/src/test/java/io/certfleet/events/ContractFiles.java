package io.certfleet.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;

/** Loads the golden fixtures and JSON Schemas of the contract, and validates JSON against a schema. */
final class ContractFiles {
    static final ObjectMapper JSON = new ObjectMapper();

    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig STRICT_FORMATS =
            SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    private ContractFiles() {}

    static String goldenResource(Class<? extends EventData> dataClass) {
        return "/golden/" + dataClass.getSimpleName() + ".v1.json";
    }

    static String schemaResource(Class<? extends EventData> dataClass) {
        return "/schemas/" + dataClass.getSimpleName() + ".v1.json";
    }

    static boolean exists(String resource) {
        return ContractFiles.class.getResource(resource) != null;
    }

    static byte[] bytes(String resource) {
        try (InputStream in = ContractFiles.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode tree(String resource) {
        try {
            return JSON.readTree(bytes(resource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode golden(Class<? extends EventData> dataClass) {
        return tree(goldenResource(dataClass));
    }

    static JsonNode schemaTree(Class<? extends EventData> dataClass) {
        return tree(schemaResource(dataClass));
    }

    static Set<ValidationMessage> validate(Class<? extends EventData> dataClass, JsonNode event) {
        JsonSchema schema = SCHEMAS.getSchema(schemaTree(dataClass), STRICT_FORMATS);
        return schema.validate(event);
    }
}
