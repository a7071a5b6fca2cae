package io.certfleet.embedded.testing;

import io.certfleet.embedded.EmbeddedInfrastructureException;
import io.certfleet.embedded.EmbeddedInfrastructureException.Reason;
import io.certfleet.embedded.EmbeddedKafka;
import io.certfleet.embedded.EmbeddedPostgres;

/**
 * {@code certfleet.infra=external}: servers that already run (started by CI, {@code docker run}, or a
 * Testcontainers set-up outside the JVM). Nothing is stopped on close.
 *
 * <ul>
 *   <li>{@code certfleet.infra.kafka.bootstrap-servers} (required)
 *   <li>{@code certfleet.infra.postgres.host} (127.0.0.1), {@code .port} (5432), {@code .username}
 *       (postgres), {@code .password} (postgres); the user must be allowed to create databases.
 * </ul>
 */
final class ExternalInfrastructureProvider implements InfrastructureProvider {

    static final String NAME = "external";
    static final String KAFKA_BOOTSTRAP = "certfleet.infra.kafka.bootstrap-servers";
    static final String POSTGRES_HOST = "certfleet.infra.postgres.host";
    static final String POSTGRES_PORT = "certfleet.infra.postgres.port";
    static final String POSTGRES_USERNAME = "certfleet.infra.postgres.username";
    static final String POSTGRES_PASSWORD = "certfleet.infra.postgres.password";

    private final InfrastructureSettings settings;

    ExternalInfrastructureProvider(InfrastructureSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public EmbeddedKafka startKafka() {
        String bootstrap = settings.get(KAFKA_BOOTSTRAP)
                .orElseThrow(() -> new EmbeddedInfrastructureException(
                        Reason.INVALID_INPUT, "certfleet.infra=external needs " + KAFKA_BOOTSTRAP));
        return EmbeddedKafka.attach(bootstrap, () -> {});
    }

    @Override
    public EmbeddedPostgres startPostgres() {
        String port = settings.get(POSTGRES_PORT, "5432");
        int portNumber;
        try {
            portNumber = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new EmbeddedInfrastructureException(
                    Reason.INVALID_INPUT, POSTGRES_PORT + " is not a port number: " + port, e);
        }
        return EmbeddedPostgres.attach(
                settings.get(POSTGRES_HOST, "127.0.0.1"),
                portNumber,
                settings.get(POSTGRES_USERNAME, "postgres"),
                settings.get(POSTGRES_PASSWORD, "postgres"),
                () -> {});
    }
}
