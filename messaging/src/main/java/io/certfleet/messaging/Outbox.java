package io.certfleet.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certfleet.events.CloudEvent;
import io.certfleet.events.EventCodec;
import io.certfleet.events.EventData;
import io.certfleet.events.Topics;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.TransactionStatus;
import io.micronaut.transaction.support.TransactionSynchronization;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The transactional outbox: {@link #append} writes an event into the {@code outbox} table in the caller's current
 * database transaction, so the state change and the event commit together or not at all. The {@link OutboxRelay}
 * publishes committed rows to Kafka shortly after (it is woken up when the transaction commits).
 *
 * <p>Call it from a {@code @Transactional} use case or from an {@link EventHandler} (which runs in the consumer's
 * transaction); outside a transaction it throws, because an event written on its own could announce a change that
 * was never made.
 */
@Singleton
public final class Outbox {
    /** Kafka header naming the structured CloudEvents content type (CloudEvents Kafka protocol binding). */
    public static final String CONTENT_TYPE_HEADER = "content-type";

    /** The value of {@link #CONTENT_TYPE_HEADER} on every event record. */
    public static final String CLOUDEVENTS_JSON = "application/cloudevents+json; charset=UTF-8";

    private static final ObjectMapper HEADERS_JSON = new ObjectMapper();
    private static final String INSERT = "INSERT INTO outbox"
            + " (id, topic, kafka_key, event_id, event_type, payload, headers, created_at, next_attempt_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?)";

    private final TransactionOperations<Connection> transactions;
    private final EventCodec codec;
    private final Clock clock;
    private final MessagingSettings settings;
    private final OutboxRelay relay;

    Outbox(
            TransactionOperations<Connection> transactions,
            EventCodec codec,
            Clock clock,
            MessagingSettings settings,
            OutboxRelay relay) {
        this.transactions = transactions;
        this.codec = codec;
        this.clock = clock;
        this.settings = settings;
        this.relay = relay;
    }

    /**
     * Wraps {@code data} in a new CloudEvent (random id, this service's source, the clock's time) and appends it.
     *
     * @return the event as it will be published
     * @throws IllegalStateException outside a transaction
     */
    public CloudEvent append(EventData data) {
        CloudEvent event = CloudEvent.of(data, settings.source(), clock);
        append(event);
        return event;
    }

    /**
     * Appends an event to its topic ({@link Topics#topicFor(EventData)}), keyed by its cluster id.
     *
     * @throws IllegalStateException outside a transaction
     */
    public void append(CloudEvent event) {
        Objects.requireNonNull(event, "event");
        write(new OutgoingRecord(
                Topics.topicFor(event.data()),
                event.kafkaKey(),
                codec.encode(event),
                Map.of(CONTENT_TYPE_HEADER, CLOUDEVENTS_JSON),
                event.id(),
                event.type()));
    }

    /** Appends any record (dead letters carry bytes that may not be an event). */
    void write(OutgoingRecord record) {
        TransactionStatus<?> status = transactions
                .findTransactionStatus()
                .filter(s -> !s.isCompleted())
                .orElseThrow(() -> new IllegalStateException(
                        "Outbox.append must run inside the transaction of the state change it announces"));
        Connection connection = transactions.getConnection();
        Instant now = clock.instant();
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setObject(1, UUID.randomUUID());
            insert.setString(2, record.topic());
            insert.setString(3, record.key());
            insert.setString(4, record.eventId());
            insert.setString(5, record.eventType());
            insert.setBytes(6, record.payload());
            insert.setString(7, HEADERS_JSON.writeValueAsString(record.headers()));
            insert.setObject(8, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            insert.setObject(9, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new OutboxWriteException("cannot write to the outbox: " + e.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode outbox headers", e);
        }
        // Publish right after commit instead of waiting for the relay's next poll.
        status.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                relay.wakeUp();
            }
        });
    }

    /** A record to publish: topic, key, value bytes, headers, and the event id/type when it is an event. */
    record OutgoingRecord(
            String topic, String key, byte[] payload, Map<String, String> headers, String eventId, String eventType) {}

    /** The outbox row could not be written; the cause says whether the database is (transiently) at fault. */
    static final class OutboxWriteException extends RuntimeException {
        OutboxWriteException(String message, SQLException cause) {
            super(message, cause);
        }
    }
}
