package io.certfleet.messaging;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /health} component {@code messaging}: how many outbox rows wait for the relay, how many are parked after
 * {@code relay-max-attempts} failures, the oldest waiting row, and how many records were dead-lettered. DOWN only if
 * the tables cannot be read; parked rows and dead letters are reported, not turned into an outage.
 */
@Singleton
final class MessagingHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {
    private static final String OUTBOX = "SELECT"
            + " count(*) FILTER (WHERE published_at IS NULL AND attempts < ?),"
            + " count(*) FILTER (WHERE published_at IS NULL AND attempts >= ?),"
            + " min(created_at) FILTER (WHERE published_at IS NULL)"
            + " FROM outbox";
    private static final String DEAD_LETTERS = "SELECT count(*) FROM dead_letter";

    private final TransactionOperations<Connection> transactions;
    private final MessagingSettings settings;

    MessagingHealthIndicator(TransactionOperations<Connection> transactions, MessagingSettings settings) {
        this.transactions = transactions;
        this.settings = settings;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Map<String, Object> details = transactions.executeRead(status -> {
            Map<String, Object> counts = new LinkedHashMap<>();
            Connection connection = status.getConnection();
            try (PreparedStatement outbox = connection.prepareStatement(OUTBOX)) {
                outbox.setInt(1, settings.relayMaxAttempts());
                outbox.setInt(2, settings.relayMaxAttempts());
                try (ResultSet result = outbox.executeQuery()) {
                    result.next();
                    counts.put("outboxPending", result.getLong(1));
                    counts.put("outboxParked", result.getLong(2));
                    OffsetDateTime oldest = result.getObject(3, OffsetDateTime.class);
                    if (oldest != null) {
                        counts.put("oldestPending", oldest.toInstant().toString());
                    }
                }
            }
            try (PreparedStatement deadLetters = connection.prepareStatement(DEAD_LETTERS);
                    ResultSet result = deadLetters.executeQuery()) {
                result.next();
                counts.put("deadLetters", result.getLong(1));
            }
            return counts;
        });
        healthStatus = HealthStatus.UP;
        return details;
    }

    @Override
    protected String getName() {
        return "messaging";
    }
}
