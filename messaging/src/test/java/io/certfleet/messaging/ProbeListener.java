package io.certfleet.messaging;

import io.certfleet.events.Topics;
import io.certfleet.events.UpgradePlanned;
import io.certfleet.events.UpgradeRequested;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.context.annotation.Requires;
import io.micronaut.transaction.TransactionOperations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A listener written the way services write theirs, with a handler whose behaviour the test picks through the
 * event's {@code reason}: {@code ok}, {@code transient-twice}, {@code reject-after-append}, {@code bug}.
 */
@Requires(property = "certfleet.test.probe-listener", value = "true")
@KafkaListener(
        groupId = "${certfleet.test.probe-group}",
        offsetReset = OffsetReset.EARLIEST,
        offsetStrategy = OffsetStrategy.DISABLED,
        errorStrategy =
                @ErrorStrategy(
                        value = ErrorStrategyValue.RETRY_ON_ERROR,
                        retryDelay = "100ms",
                        retryCount = EventInbox.RETRY_FOREVER))
final class ProbeListener {
    static final String CONSUMER = "probe.upgrades";

    final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final EventInbox inbox;
    private final EventRoutes routes;

    ProbeListener(EventInbox inbox, Outbox outbox, TransactionOperations<Connection> transactions) {
        this.inbox = inbox;
        this.routes = EventRoutes.forConsumer(CONSUMER).on(UpgradeRequested.class, (event, data) -> {
            int attempt = attempts.computeIfAbsent(event.id(), id -> new AtomicInteger())
                    .incrementAndGet();
            switch (data.reason()) {
                case "transient-twice" -> {
                    if (attempt <= 2) {
                        throw new IllegalStateException(
                                "repository failed", new SQLTransientConnectionException("pool exhausted"));
                    }
                }
                case "reject-after-append" -> {
                    outbox.append(new UpgradePlanned(data.upgradeId(), data.clusterId(), List.of(), List.of()));
                    throw new EventRejectedException(FailureReason.POLICY, "upgrades are frozen for this cluster");
                }
                case "bug" -> throw new NullPointerException("nodeName");
                default -> {}
            }
            try (PreparedStatement insert = transactions
                    .getConnection()
                    .prepareStatement("INSERT INTO probe_effect (event_id, cluster_id) VALUES (?, ?)")) {
                insert.setString(1, event.id());
                insert.setString(2, data.clusterId());
                insert.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            outbox.append(new UpgradePlanned(data.upgradeId(), data.clusterId(), List.of("v1.31"), List.of()));
        });
    }

    @Topic(Topics.UPGRADES)
    void receive(ConsumerRecord<String, byte[]> record, Consumer<?, ?> consumer) {
        inbox.deliver(record, consumer, routes);
    }
}
