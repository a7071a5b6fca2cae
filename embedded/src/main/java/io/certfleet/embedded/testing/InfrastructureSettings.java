package io.certfleet.embedded.testing;

import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Reads a setting from a system property ({@code certfleet.infra.kafka.bootstrap-servers}) or, when
 * absent, from the matching environment variable ({@code CERTFLEET_INFRA_KAFKA_BOOTSTRAP_SERVERS}).
 */
final class InfrastructureSettings {

    private final UnaryOperator<String> systemProperties;
    private final UnaryOperator<String> environment;

    InfrastructureSettings(UnaryOperator<String> systemProperties, UnaryOperator<String> environment) {
        this.systemProperties = systemProperties;
        this.environment = environment;
    }

    static InfrastructureSettings fromSystem() {
        return new InfrastructureSettings(System::getProperty, System::getenv);
    }

    Optional<String> get(String key) {
        String value = systemProperties.apply(key);
        if (value == null || value.isBlank()) {
            value = environment.apply(environmentName(key));
        }
        return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
    }

    String get(String key, String fallback) {
        return get(key).orElse(fallback);
    }

    static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
