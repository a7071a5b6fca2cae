package io.certfleet.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.transaction.TransactionOperations;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes committed outbox rows to Kafka, oldest first, and marks them published.
 *
 * <p>One batch ({@link #relayOnce()}) is one database transaction: it takes a transaction-scoped advisory lock for
 * this schema's outbox (so of several service instances one relays at a time, and the events of one cluster keep
 * their order across instances), locks up to {@code relay-batch-size} unpublished rows with {@code FOR UPDATE SKIP
 * LOCKED}, sends them with an idempotent producer ({@code enable.idempotence=true}, {@code acks=all}), waits for the
 * acknowledgements and marks the rows published. A row whose send fails gets {@code attempts + 1}, its
 * {@code last_error} and a capped exponential back-off; while it waits, later rows with the same topic and key wait
 * too, so a cluster's events are not reordered (rows already in flight in the same batch are the exception: the
 * idempotent producer keeps them in order on the partition, but if an earlier one fails for good a later one may
 * have been delivered). After {@code relay-max-attempts} failures a row is parked: left unpublished, with its
 * error, for someone to look at (it shows in {@code /health}).
 *
 * <p>Delivery is at least once: if the database commit fails after Kafka acknowledged, the rows are sent again, and
 * consumers drop the duplicates by event id.
 */
@Singleton
public final class OutboxRelay {
    /** Client id of the relay's producer; configure it further under {@code kafka.producers.certfleet-outbox}. */
    public static final String PRODUCER_ID = "certfleet-outbox";

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    private static final ObjectMapper HEADERS_JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> HEADERS_TYPE = new TypeReference<>() {};
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final Duration HOUSEKEEPING_INTERVAL = Duration.ofMinutes(10);
    private static final int MAX_ERROR_LENGTH = 1000;

    private static final String TRY_LOCK = "SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || '.outbox'))";
    private static final String SELECT_PENDING =
            "SELECT id, topic, kafka_key, payload, headers::text, attempts, next_attempt_at FROM outbox"
                    + " WHERE published_at IS NULL AND attempts < ? ORDER BY seq LIMIT ? FOR UPDATE SKIP LOCKED";
    private static final String MARK_PUBLISHED = "UPDATE outbox SET published_at = ? WHERE id = ANY (?)";
    private static final String MARK_FAILED =
            "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?";
    private static final String DELETE_PUBLISHED = "DELETE FROM outbox WHERE published_at < ?";
    private static final String DELETE_PROCESSED = "DELETE FROM processed_event WHERE processed_at < ?";

    private final TransactionOperations<Connection> transactions;
    private final Producer<String, byte[]> producer;
    private final MessagingSettings settings;
    private final Clock clock;
    private final Semaphore wakeUps = new Semaphore(0);
    private volatile boolean running;
    private volatile Thread worker;
    private Instant lastHousekeeping = Instant.MIN;

    OutboxRelay(
            TransactionOperations<Connection> transactions,
            @KafkaClient(
                            id = PRODUCER_ID,
                            acks = KafkaClient.Acknowledge.ALL,
                            properties = {
                                @Property(name = ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, value = "true"),
                                @Property(name = ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, value = "5"),
                                @Property(name = ProducerConfig.LINGER_MS_CONFIG, value = "5"),
                                @Property(name = ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, value = "10000"),
                                @Property(name = ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, value = "20000"),
                                @Property(name = ProducerConfig.MAX_BLOCK_MS_CONFIG, value = "10000")
                            })
                    Producer<String, byte[]> producer,
            MessagingSettings settings,
            Clock clock) {
        this.transactions = transactions;
        this.producer = producer;
        this.settings = settings;
        this.clock = clock;
    }

    /** What one batch did. */
    public record RelayResult(int published, int failed, boolean anotherInstanceRelaying) {}

    /**
     * Relays one batch of due, unpublished rows in one transaction. Safe to call from several threads or instances.
     */
    public RelayResult relayOnce() {
        try {
            return transactions.executeWrite(status -> relayBatch(status.getConnection()));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            // JDBC's checked SQLException, rethrown unchecked by the transaction manager
            throw new IllegalStateException("outbox relay failed: " + describe(e), e);
        }
    }

    /** Asks the background relay to look at the outbox now (called after a transaction that appended commits). */
    void wakeUp() {
        if (wakeUps.availablePermits() == 0) {
            wakeUps.release();
        }
    }

    @EventListener
    void onStartup(StartupEvent event) {
        start();
    }

    /** Starts the background relay, unless {@code certfleet.messaging.relay-enabled} is false. */
    synchronized void start() {
        if (!settings.relayEnabled() || running) {
            return;
        }
        running = true;
        Thread thread = new Thread(this::relayUntilStopped, "outbox-relay");
        thread.setDaemon(true);
        worker = thread;
        thread.start();
    }

    @PreDestroy
    synchronized void stop() {
        running = false;
        Thread thread = worker;
        if (thread == null) {
            return;
        }
        wakeUp();
        try {
            thread.join(settings.relaySendTimeout().toMillis() + 5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
        }
        worker = null;
    }

    private void relayUntilStopped() {
        int consecutiveFailures = 0;
        while (running) {
            boolean moreWaiting = false;
            try {
                RelayResult result = relayOnce();
                moreWaiting = result.published() + result.failed() >= settings.relayBatchSize();
                deletePublishedRowsIfDue();
                consecutiveFailures = 0;
            } catch (Exception e) {
                // Database down or the schema not migrated yet: try again at the next interval; say so, not too often.
                consecutiveFailures++;
                if (consecutiveFailures == 1 || consecutiveFailures % 50 == 0) {
                    LOG.warn(
                            "Outbox relay cannot read the outbox ({} failures in a row): {}",
                            consecutiveFailures,
                            describe(e));
                }
            }
            if (!moreWaiting) {
                try {
                    wakeUps.tryAcquire(settings.relayInterval().toMillis(), TimeUnit.MILLISECONDS);
                    wakeUps.drainPermits();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private RelayResult relayBatch(Connection connection) throws SQLException {
        if (!tryLock(connection)) {
            return new RelayResult(0, 0, true);
        }
        Instant now = clock.instant();
        List<PendingRow> rows = selectPending(connection);
        Set<String> blockedKeys = new HashSet<>();
        List<Sent> sent = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        for (PendingRow row : rows) {
            String orderKey = row.topic() + '\u0000' + row.key();
            if (blockedKeys.contains(orderKey)) {
                continue; // an earlier row of the same cluster waits or failed: keep the order
            }
            if (row.nextAttemptAt().isAfter(now)) {
                blockedKeys.add(orderKey);
                continue;
            }
            try {
                sent.add(new Sent(row, producer.send(row.toProducerRecord())));
            } catch (RuntimeException e) {
                failures.add(new Failure(row, e));
                blockedKeys.add(orderKey);
            }
        }
        List<UUID> published = new ArrayList<>();
        long deadline = System.nanoTime() + settings.relaySendTimeout().toNanos();
        for (Sent s : sent) {
            try {
                s.ack().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                published.add(s.row().id());
            } catch (ExecutionException e) {
                failures.add(new Failure(s.row(), e.getCause() != null ? e.getCause() : e));
            } catch (TimeoutException e) {
                failures.add(new Failure(s.row(), e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.add(new Failure(s.row(), e));
            }
        }
        markPublished(connection, published, now);
        markFailed(connection, failures, now);
        return new RelayResult(published.size(), failures.size(), false);
    }

    private static boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(TRY_LOCK);
                ResultSet result = lock.executeQuery()) {
            return result.next() && result.getBoolean(1);
        }
    }

    private List<PendingRow> selectPending(Connection connection) throws SQLException {
        List<PendingRow> rows = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(SELECT_PENDING)) {
            select.setInt(1, settings.relayMaxAttempts());
            select.setInt(2, settings.relayBatchSize());
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    rows.add(new PendingRow(
                            result.getObject(1, UUID.class),
                            result.getString(2),
                            result.getString(3),
                            result.getBytes(4),
                            parseHeaders(result.getString(5)),
                            result.getInt(6),
                            result.getObject(7, OffsetDateTime.class).toInstant()));
                }
            }
        }
        return rows;
    }

    private static void markPublished(Connection connection, List<UUID> ids, Instant now) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement(MARK_PUBLISHED)) {
            Array idArray = connection.createArrayOf("uuid", ids.toArray());
            update.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            update.setArray(2, idArray);
            update.executeUpdate();
        }
    }

    private void markFailed(Connection connection, List<Failure> failures, Instant now) throws SQLException {
        if (failures.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement(MARK_FAILED)) {
            for (Failure failure : failures) {
                int attempt = failure.row().attempts() + 1;
                String error = truncate(describe(failure.error()));
                Instant next = now.plus(backoff(attempt));
                update.setString(1, error);
                update.setObject(2, OffsetDateTime.ofInstant(next, ZoneOffset.UTC));
                update.setObject(3, failure.row().id());
                update.addBatch();
                if (attempt >= settings.relayMaxAttempts()) {
                    LOG.error(
                            "Outbox row {} for {} parked after {} failed attempts, last error: {}",
                            failure.row().id(),
                            failure.row().topic(),
                            attempt,
                            error);
                } else {
                    LOG.warn(
                            "Outbox row {} for {} failed (attempt {}/{}), retrying after {}: {}",
                            failure.row().id(),
                            failure.row().topic(),
                            attempt,
                            settings.relayMaxAttempts(),
                            backoff(attempt),
                            error);
                }
            }
            update.executeBatch();
        }
    }

    private Duration backoff(int attempt) {
        Duration delay = FIRST_BACKOFF.multipliedBy(1L << Math.min(attempt - 1, 20));
        return delay.compareTo(settings.relayMaxBackoff()) > 0 ? settings.relayMaxBackoff() : delay;
    }

    private void deletePublishedRowsIfDue() {
        Instant now = clock.instant();
        if (Duration.between(lastHousekeeping, now).compareTo(HOUSEKEEPING_INTERVAL) < 0) {
            return;
        }
        lastHousekeeping = now;
        housekeep();
    }

    /** What {@link #housekeep} deleted. */
    public record Housekeeping(int publishedOutboxRows, int processedEventIds) {}

    /**
     * Deletes outbox rows published longer ago than {@code published-retention} and remembered event ids older than
     * {@code processed-retention}; the relay does this every few minutes, so neither table grows without bound.
     */
    public Housekeeping housekeep() {
        Instant now = clock.instant();
        Housekeeping done = new Housekeeping(
                deleteOlderThan(DELETE_PUBLISHED, now.minus(settings.publishedRetention())),
                deleteOlderThan(DELETE_PROCESSED, now.minus(settings.processedRetention())));
        if (done.publishedOutboxRows() > 0 || done.processedEventIds() > 0) {
            LOG.info(
                    "Deleted {} outbox rows published more than {} ago and {} event ids processed more than {} ago",
                    done.publishedOutboxRows(),
                    settings.publishedRetention(),
                    done.processedEventIds(),
                    settings.processedRetention());
        }
        return done;
    }

    private int deleteOlderThan(String sql, Instant cutoff) {
        return transactions.executeWrite(status -> {
            try (PreparedStatement delete = status.getConnection().prepareStatement(sql)) {
                delete.setObject(1, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
                return delete.executeUpdate();
            }
        });
    }

    private static Map<String, String> parseHeaders(String json) {
        try {
            return json == null ? Map.of() : HEADERS_JSON.readValue(json, HEADERS_TYPE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("outbox headers are not a JSON object of strings", e);
        }
    }

    static String describe(Throwable error) {
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static String truncate(String text) {
        return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH) + "...";
    }

    private record PendingRow(
            UUID id,
            String topic,
            String key,
            byte[] payload,
            Map<String, String> headers,
            int attempts,
            Instant nextAttemptAt) {

        ProducerRecord<String, byte[]> toProducerRecord() {
            List<org.apache.kafka.common.header.Header> kafkaHeaders = new ArrayList<>();
            headers.forEach(
                    (name, value) -> kafkaHeaders.add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
            return new ProducerRecord<>(topic, null, key, payload, kafkaHeaders);
        }
    }

    private record Sent(PendingRow row, Future<RecordMetadata> ack) {}

    private record Failure(PendingRow row, Throwable error) {}
}
