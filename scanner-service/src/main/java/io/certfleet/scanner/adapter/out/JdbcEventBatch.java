package io.certfleet.scanner.adapter.out;

import io.certfleet.events.CloudEvent;
import io.certfleet.events.EventCodec;
import io.certfleet.events.EventData;
import io.certfleet.events.Topics;
import io.certfleet.messaging.MessagingSettings;
import io.certfleet.messaging.Outbox;
import io.certfleet.messaging.ServiceDatabase;
import io.certfleet.scanner.application.EventBatch;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * {@link EventBatch} as one JDBC batch into the messaging library's {@code outbox} table: the same rows {@link
 * Outbox#append(EventData)} writes (topic, key = cluster id, CloudEvents JSON, content-type header), in the caller's
 * transaction, in order. The relay publishes them like any other row. When messaging grows a batch append, this
 * adapter becomes a call to it.
 */
@Singleton
final class JdbcEventBatch implements EventBatch {
    private static final String INSERT = "INSERT INTO outbox"
            + " (id, topic, kafka_key, event_id, event_type, payload, headers, created_at, next_attempt_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?)";
    private static final String HEADERS =
            JsonColumns.write(java.util.Map.of(Outbox.CONTENT_TYPE_HEADER, Outbox.CLOUDEVENTS_JSON));

    private final TransactionOperations<Connection> transactions;
    private final EventCodec codec;
    private final MessagingSettings messaging;
    private final Clock clock;

    JdbcEventBatch(
            TransactionOperations<Connection> transactions,
            EventCodec codec,
            MessagingSettings messaging,
            Clock clock) {
        this.transactions = transactions;
        this.codec = codec;
        this.messaging = messaging;
        this.clock = clock;
    }

    @Override
    public void append(List<? extends EventData> events) {
        if (events.isEmpty()) {
            return;
        }
        transactions
                .findTransactionStatus()
                .filter(status -> !status.isCompleted())
                .orElseThrow(() -> new IllegalStateException(
                        "events must be appended inside the transaction of the state change they announce"));
        Connection connection = transactions.getConnection();
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (EventData data : events) {
                CloudEvent event = CloudEvent.of(data, messaging.source(), clock);
                insert.setObject(1, UUID.randomUUID());
                insert.setString(2, Topics.topicFor(data));
                insert.setString(3, event.kafkaKey());
                insert.setString(4, event.id());
                insert.setString(5, event.type());
                insert.setBytes(6, codec.encode(event));
                insert.setString(7, HEADERS);
                insert.setObject(8, now);
                insert.setObject(9, now);
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new ServiceDatabase.StoreException(e);
        }
    }
}
