package io.certfleet.messaging;

import java.util.HashMap;
import java.util.Map;

/** Configuration of the bare messaging context the messaging ITs run: a stand-in service with one table. */
final class MessagingTestProperties {
    static final String SCHEMA = "messaging_probe";

    private MessagingTestProperties() {}

    static Map<String, Object> with(Map<String, Object> overrides) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.application.name", "messaging-probe");
        properties.put("certfleet.messaging.source", "/certfleet/messaging-probe");
        properties.put("datasources.default.schema", SCHEMA);
        properties.put("flyway.datasources.default.enabled", true);
        properties.put("flyway.datasources.default.locations", "classpath:db/migration/messagingtest");
        properties.put("flyway.datasources.default.schemas", SCHEMA);
        properties.put("flyway.datasources.default.default-schema", SCHEMA);
        properties.putAll(overrides);
        return properties;
    }
}
