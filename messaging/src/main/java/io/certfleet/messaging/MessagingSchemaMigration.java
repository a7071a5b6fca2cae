package io.certfleet.messaging;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.flyway.FlywayConfigurationProperties;
import io.micronaut.flyway.event.MigrationFinishedEvent;
import jakarta.inject.Singleton;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and evolves the messaging tables ({@code outbox}, {@code processed_event}, {@code dead_letter}) in the
 * service's schema right after the service's own Flyway migration of the {@code default} datasource.
 *
 * <p>The messaging migrations ({@code classpath:db/messaging}) keep their own history table,
 * {@code messaging_schema_history}, beside the service's {@code flyway_schema_history}: the library and each service
 * then number their migrations independently, and a new messaging migration never lands "out of order" between
 * migrations a service has already applied.
 */
@Singleton
final class MessagingSchemaMigration implements ApplicationEventListener<MigrationFinishedEvent> {
    static final String LOCATION = "classpath:db/messaging";
    static final String HISTORY_TABLE = "messaging_schema_history";

    private static final Logger LOG = LoggerFactory.getLogger(MessagingSchemaMigration.class);

    @Override
    public void onApplicationEvent(MigrationFinishedEvent event) {
        FlywayConfigurationProperties properties = (FlywayConfigurationProperties) event.getSource();
        if (!"default".equals(properties.getNameQualifier())) {
            return;
        }
        FluentConfiguration service = properties.getFluentConfiguration();
        Flyway messaging = Flyway.configure(getClass().getClassLoader())
                .dataSource(service.getDataSource())
                .schemas(service.getSchemas())
                .defaultSchema(service.getDefaultSchema())
                .createSchemas(true)
                .table(HISTORY_TABLE)
                .locations(LOCATION)
                // The service's migration ran first, so the schema is not empty: start this history at version 0.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load();
        int applied = messaging.migrate().migrationsExecuted;
        LOG.info("Messaging tables migrated in schema {} ({} migrations applied)", service.getDefaultSchema(), applied);
    }
}
