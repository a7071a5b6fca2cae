package io.certfleet.messaging;

import io.certfleet.events.CloudEvent;
import io.certfleet.events.EventCodec;
import io.certfleet.events.InvalidEventException;
import io.certfleet.events.Topics;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Processes one Kafka record exactly once per consumer, then commits its offset.
 *
 * <ol>
 *   <li>Decode; a record that is not a valid event ({@link InvalidEventException}) is dead-lettered.
 *   <li>An event type the {@link EventRoutes} do not handle is ignored.
 *   <li>Otherwise, in one database transaction: insert {@code (consumer, event id)} into {@code processed_event} (if
 *       it is already there the event is a duplicate and nothing else happens), run the handler (state change and
 *       outbox rows). A handler failure that a retry cannot fix rolls the transaction back and dead-letters the
 *       record.
 *   <li>Commit the offset of the record, only after the transaction (or the dead letter) committed.
 * </ol>
 *
 * <p>Failures a retry can fix (database or broker unavailable) throw {@link TransientDeliveryException}: nothing was
 * committed, and the listener's error strategy delivers the record again after a pause. The log context carries
 * {@code consumer}, {@code clusterId}, {@code eventId} and {@code eventType}; payloads are never logged.
 *
 * <p>Listeners are {@link InboxListener}s (see the module README).
 */
@Singleton
public final class EventInbox {
    /** Pause before a record that failed transiently is delivered again (the listener's {@code retryDelay}). */
    public static final String RETRY_DELAY = "1s";

    /**
     * The listener's {@code retryCount}: transient failures are retried until they go away, because skipping the
     * record would lose it; the partition is paused between attempts, the others keep flowing.
     */
    public static final int RETRY_FOREVER = Integer.MAX_VALUE;

    /** MDC keys set while a record is processed. */
    public static final String MDC_CONSUMER = "consumer";

    public static final String MDC_CLUSTER_ID = "clusterId";
    public static final String MDC_EVENT_ID = "eventId";
    public static final String MDC_EVENT_TYPE = "eventType";

    private static final Logger LOG = LoggerFactory.getLogger(EventInbox.class);
    private static final String MARK_PROCESSED = "INSERT INTO processed_event (consumer, event_id, processed_at)"
            + " VALUES (?, ?, ?) ON CONFLICT (consumer, event_id) DO NOTHING";

    private final TransactionOperations<Connection> transactions;
    private final EventCodec codec;
    private final DeadLetters deadLetters;
    private final Clock clock;

    EventInbox(TransactionOperations<Connection> transactions, EventCodec codec, DeadLetters deadLetters, Clock clock) {
        this.transactions = transactions;
        this.codec = codec;
        this.deadLetters = deadLetters;
        this.clock = clock;
    }

    /**
     * Processes the record (see the class description) and commits its offset on {@code consumer}.
     *
     * @throws TransientDeliveryException if it could not be processed now but may be later; nothing was committed
     */
    public Delivery deliver(ConsumerRecord<String, byte[]> record, Consumer<?, ?> consumer, EventRoutes routes) {
        Delivery delivery = process(record, routes);
        commitOffset(record, consumer, routes.consumer());
        return delivery;
    }

    /** Processes the record without touching offsets; {@link #deliver} is what listeners call. */
    Delivery process(ConsumerRecord<String, byte[]> record, EventRoutes routes) {
        try (LogContext ignored = LogContext.enter(routes.consumer(), record.key())) {
            CloudEvent event;
            try {
                event = codec.decode(record.value());
            } catch (InvalidEventException e) {
                return deadLetter(
                        record,
                        routes,
                        FailureReason.INVALID_INPUT,
                        e.getMessage(),
                        e.eventType().orElse(null),
                        e.eventId().orElse(null));
            }
            MDC.put(MDC_CLUSTER_ID, event.subject());
            MDC.put(MDC_EVENT_ID, event.id());
            MDC.put(MDC_EVENT_TYPE, event.type());
            Optional<Runnable> handler = routes.handlerFor(event);
            if (handler.isEmpty()) {
                LOG.debug("Ignoring {}: not handled by {}", event.type(), routes.consumer());
                return new Delivery.Ignored(event.type());
            }
            try {
                return transactions.executeWrite(status -> {
                    if (!markProcessed(status.getConnection(), routes.consumer(), event.id())) {
                        return new Delivery.Duplicate(event.id());
                    }
                    handler.get().run();
                    return new Delivery.Processed(event.id());
                });
            } catch (Exception e) {
                FailureReason reason = FailureClassifier.classify(e);
                if (reason.retryHelps()) {
                    throw transientFailure(record, routes, reason, e);
                }
                if (reason == FailureReason.INTERNAL) {
                    LOG.error("Handler of {} failed unexpectedly; dead-lettering the event", routes.consumer(), e);
                }
                return deadLetter(record, routes, reason, describe(e), event.type(), event.id());
            }
        }
    }

    private boolean markProcessed(Connection connection, String consumer, String eventId) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(MARK_PROCESSED)) {
            insert.setString(1, consumer);
            insert.setString(2, eventId);
            insert.setObject(3, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
            return insert.executeUpdate() == 1;
        }
    }

    private Delivery deadLetter(
            ConsumerRecord<String, byte[]> record,
            EventRoutes routes,
            FailureReason reason,
            String detail,
            String eventType,
            String eventId) {
        try {
            boolean recorded = deadLetters.record(routes.consumer(), record, reason, detail, eventType, eventId);
            if (recorded) {
                LOG.warn(
                        "Dead-lettered {}-{}@{} to {}: {}: {}",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        Topics.deadLetterTopic(record.topic()),
                        reason,
                        DeadLetters.truncate(detail == null ? "" : detail));
            }
            return new Delivery.DeadLettered(reason, DeadLetters.truncate(detail == null ? reason.name() : detail));
        } catch (Exception e) {
            FailureReason failure = FailureClassifier.classify(e);
            // Without its dead letter the record must not be skipped: retry it, whatever went wrong.
            throw transientFailure(record, routes, failure.retryHelps() ? failure : FailureReason.TRANSIENT, e);
        }
    }

    private static TransientDeliveryException transientFailure(
            ConsumerRecord<String, byte[]> record, EventRoutes routes, FailureReason reason, Exception cause) {
        String message = "cannot process " + record.topic() + "-" + record.partition() + "@" + record.offset() + " for "
                + routes.consumer() + " now (" + reason + "): " + describe(cause);
        LOG.warn("{}; it will be delivered again", message);
        return new TransientDeliveryException(reason, message, cause);
    }

    private static void commitOffset(ConsumerRecord<?, ?> record, Consumer<?, ?> consumer, String consumerName) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        try {
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(record.offset() + 1)));
        } catch (CommitFailedException | RebalanceInProgressException e) {
            // The partition moved to another instance; it will get this record again and find it processed.
            LOG.info(
                    "Offset {} of {} not committed for {} ({}); the record will be redelivered and skipped",
                    record.offset() + 1,
                    partition,
                    consumerName,
                    e.getClass().getSimpleName());
        } catch (RuntimeException e) {
            FailureReason reason = FailureClassifier.classify(e);
            throw new TransientDeliveryException(
                    reason.retryHelps() ? reason : FailureReason.TRANSIENT,
                    "cannot commit offset " + (record.offset() + 1) + " of " + partition + ": " + describe(e),
                    e);
        }
    }

    private static String describe(Throwable error) {
        Throwable shown = error;
        // The transaction manager wraps handler exceptions; the reason is the innermost meaningful message.
        while ((shown.getMessage() == null || shown instanceof java.lang.reflect.UndeclaredThrowableException)
                && shown.getCause() != null
                && shown.getCause() != shown) {
            shown = shown.getCause();
        }
        if (shown instanceof EventRejectedException || shown instanceof InvalidEventException) {
            return shown.getMessage();
        }
        return OutboxRelay.describe(shown);
    }

    /** Sets the MDC for one record and restores what was there before. */
    private static final class LogContext implements AutoCloseable {
        private static final String[] KEYS = {MDC_CONSUMER, MDC_CLUSTER_ID, MDC_EVENT_ID, MDC_EVENT_TYPE};
        private final Map<String, String> previous = new HashMap<>();

        private LogContext() {
            for (String key : KEYS) {
                previous.put(key, MDC.get(key));
            }
        }

        static LogContext enter(String consumer, String clusterId) {
            LogContext context = new LogContext();
            MDC.put(MDC_CONSUMER, consumer);
            if (clusterId != null) {
                MDC.put(MDC_CLUSTER_ID, clusterId);
            }
            return context;
        }

        @Override
        public void close() {
            previous.forEach((key, value) -> {
                if (value == null) {
                    MDC.remove(key);
                } else {
                    MDC.put(key, value);
                }
            });
        }
    }
}
