package io.certfleet.messaging;

import io.certfleet.events.Topics;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Sets a record aside: a {@code dead_letter} row someone can query and, in the same transaction, an outbox row that
 * the relay publishes to {@code <topic>.dlt} with the original key and bytes and {@link DeadLetterHeaders}. Going
 * through the outbox makes the dead letter as reliable as any event; the unique source position makes it idempotent
 * when the same record is dead-lettered again after a crash.
 */
@Singleton
final class DeadLetters {
    static final int MAX_DETAIL_LENGTH = 1000;

    private static final String INSERT = "INSERT INTO dead_letter"
            + " (id, consumer, source_topic, source_partition, source_offset, kafka_key, event_id, event_type,"
            + " reason, detail, payload, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT ON CONSTRAINT dead_letter_source_uq DO NOTHING";

    private final TransactionOperations<Connection> transactions;
    private final Outbox outbox;
    private final Clock clock;

    DeadLetters(TransactionOperations<Connection> transactions, Outbox outbox, Clock clock) {
        this.transactions = transactions;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * Records the dead letter in its own transaction.
     *
     * @return false if this consumer had already dead-lettered this record
     */
    boolean record(
            String consumer,
            ConsumerRecord<String, byte[]> source,
            FailureReason reason,
            String detail,
            String eventType,
            String eventId) {
        String shortDetail = truncate(detail == null || detail.isBlank() ? reason.name() : detail);
        byte[] payload = source.value() == null ? new byte[0] : source.value();
        return transactions.executeWrite(status -> {
            int inserted;
            try (PreparedStatement insert = status.getConnection().prepareStatement(INSERT)) {
                insert.setObject(1, UUID.randomUUID());
                insert.setString(2, consumer);
                insert.setString(3, source.topic());
                insert.setInt(4, source.partition());
                insert.setLong(5, source.offset());
                insert.setString(6, source.key());
                insert.setString(7, eventId);
                insert.setString(8, eventType);
                insert.setString(9, reason.name());
                insert.setString(10, shortDetail);
                insert.setBytes(11, payload);
                insert.setObject(12, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
                inserted = insert.executeUpdate();
            }
            if (inserted == 0) {
                return false;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put(DeadLetterHeaders.REASON, reason.name() + ": " + shortDetail);
            headers.put(DeadLetterHeaders.CONSUMER, consumer);
            headers.put(DeadLetterHeaders.SOURCE_TOPIC, source.topic());
            headers.put(DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(source.partition()));
            headers.put(DeadLetterHeaders.SOURCE_OFFSET, Long.toString(source.offset()));
            outbox.write(new Outbox.OutgoingRecord(
                    Topics.deadLetterTopic(source.topic()), source.key(), payload, headers, eventId, eventType));
            return true;
        });
    }

    static String truncate(String text) {
        String singleLine = text.replaceAll("[\\r\\n\\t]+", " ");
        return singleLine.length() <= MAX_DETAIL_LENGTH
                ? singleLine
                : singleLine.substring(0, MAX_DETAIL_LENGTH) + "...";
    }
}
