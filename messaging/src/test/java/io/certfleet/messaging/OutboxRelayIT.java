package io.certfleet.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.certfleet.events.ApprovalGranted;
import io.certfleet.events.ApprovalSubjectKind;
import io.certfleet.events.CloudEvent;
import io.certfleet.events.EventCodec;
import io.certfleet.events.Topics;
import io.certfleet.messaging.testing.KafkaProbe;
import io.certfleet.messaging.testing.ServiceUnderTest;
import io.micronaut.transaction.TransactionOperations;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The outbox and its relay against the real broker and database. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutboxRelayIT {
    private static final EventCodec CODEC = new EventCodec();
    private KafkaProbe kafka;

    @BeforeAll
    void start() {
        kafka = KafkaProbe.onSharedBroker();
    }

    @AfterAll
    void stop() {
        kafka.close();
    }

    @Test
    void twoRelayingInstancesPublishEveryRowOnceInOrderPerCluster() throws Exception {
        try (ServiceUnderTest first =
                        ServiceUnderTest.start(MessagingTestProperties.SCHEMA, MessagingTestProperties.with(Map.of()));
                ServiceUnderTest second = ServiceUnderTest.start(
                        MessagingTestProperties.SCHEMA, first.database(), MessagingTestProperties.with(Map.of()))) {
            List<String> clusters = List.of(newClusterId(), newClusterId(), newClusterId(), newClusterId());
            Map<String, List<String>> appended = new LinkedHashMap<>();
            clusters.forEach(c -> appended.put(c, new ArrayList<>()));

            // Both instances append, 10 events per transaction, while both relays run.
            for (int tx = 0; tx < 24; tx++) {
                ServiceUnderTest instance = tx % 2 == 0 ? first : second;
                int offset = tx;
                inTransaction(instance, () -> {
                    for (int i = 0; i < 10; i++) {
                        String clusterId = clusters.get((offset + i) % clusters.size());
                        CloudEvent event = instance.bean(Outbox.class).append(approval(clusterId));
                        appended.get(clusterId).add(event.id());
                    }
                });
            }

            await().atMost(Duration.ofSeconds(60))
                    .until(() -> first.count("SELECT count(*) FROM outbox WHERE published_at IS NULL") == 0);
            assertThat(first.count("SELECT count(*) FROM outbox")).isEqualTo(240);
            for (String clusterId : clusters) {
                List<ConsumerRecord<String, byte[]>> records = kafka.records(Topics.APPROVALS, clusterId);
                List<String> ids =
                        records.stream().map(r -> CODEC.decode(r.value()).id()).toList();
                assertThat(ids)
                        .as("events of %s, once each, in append order", clusterId)
                        .containsExactlyElementsOf(appended.get(clusterId));
                assertThat(KafkaProbe.header(records.get(0), Outbox.CONTENT_TYPE_HEADER))
                        .contains(Outbox.CLOUDEVENTS_JSON);
            }
        }
    }

    @Test
    void relayWaitsWhileAnotherInstanceHoldsTheOutboxLock() throws Exception {
        try (ServiceUnderTest service = ServiceUnderTest.start(
                MessagingTestProperties.SCHEMA,
                MessagingTestProperties.with(Map.of("certfleet.messaging.relay-enabled", false)))) {
            String clusterId = newClusterId();
            inTransaction(service, () -> {
                service.bean(Outbox.class).append(approval(clusterId));
                service.bean(Outbox.class).append(approval(clusterId));
            });
            OutboxRelay relay = service.bean(OutboxRelay.class);

            try (Connection other = service.connect()) {
                other.setAutoCommit(false);
                try (Statement lock = other.createStatement()) {
                    lock.execute("SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.outbox'))");
                }
                assertThat(relay.relayOnce()).isEqualTo(new OutboxRelay.RelayResult(0, 0, true));
                other.rollback();
            }

            assertThat(relay.relayOnce()).isEqualTo(new OutboxRelay.RelayResult(2, 0, false));
            assertThat(service.count("SELECT count(*) FROM outbox WHERE published_at IS NOT NULL"))
                    .isEqualTo(2);
            assertThat(kafka.records(Topics.APPROVALS, clusterId)).hasSize(2);
            assertThat(relay.relayOnce()).isEqualTo(new OutboxRelay.RelayResult(0, 0, false));
        }
    }

    @Test
    void appendOutsideATransactionIsRefusedAndARolledBackAppendLeavesNoRow() {
        try (ServiceUnderTest service = ServiceUnderTest.start(
                MessagingTestProperties.SCHEMA,
                MessagingTestProperties.with(Map.of("certfleet.messaging.relay-enabled", false)))) {
            Outbox outbox = service.bean(Outbox.class);
            String clusterId = newClusterId();

            assertThatThrownBy(() -> outbox.append(approval(clusterId)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("inside the transaction");
            assertThatThrownBy(() -> inTransaction(service, () -> {
                        outbox.append(approval(clusterId));
                        throw new IllegalStateException("the state change failed");
                    }))
                    .hasMessage("the state change failed");

            assertThat(service.count("SELECT count(*) FROM outbox WHERE kafka_key = ?", clusterId))
                    .isZero();
        }
    }

    @Test
    void failingRowIsRetriedWithItsErrorAndParkedAfterTheLastAttempt() {
        try (ServiceUnderTest service = ServiceUnderTest.start(
                MessagingTestProperties.SCHEMA,
                MessagingTestProperties.with(Map.of(
                        "certfleet.messaging.relay-enabled",
                        false,
                        "certfleet.messaging.relay-max-attempts",
                        3,
                        "certfleet.messaging.relay-max-backoff",
                        "1ms")))) {
            service.execute(
                    "INSERT INTO outbox (id, topic, kafka_key, payload, created_at, next_attempt_at)"
                            + " VALUES (?, 'certfleet.not a topic', 'c1', '\\x7b7d'::bytea, now(), now())",
                    UUID.randomUUID());
            OutboxRelay relay = service.bean(OutboxRelay.class);

            await().atMost(Duration.ofSeconds(30)).until(() -> {
                relay.relayOnce();
                return service.count("SELECT attempts FROM outbox") == 3;
            });

            assertThat(relay.relayOnce()).isEqualTo(new OutboxRelay.RelayResult(0, 0, false));
            List<Map<String, Object>> rows = service.rows("SELECT published_at, last_error FROM outbox");
            assertThat(rows.get(0).get("published_at")).isNull();
            assertThat((String) rows.get(0).get("last_error")).contains("InvalidTopicException");
            assertThat(service.count("SELECT attempts FROM outbox")).isEqualTo(3);
        }
    }

    @Test
    void housekeepingForgetsOldEventIdsAndPublishedRowsButKeepsRecentOnes() {
        try (ServiceUnderTest service =
                ServiceUnderTest.start(MessagingTestProperties.SCHEMA, MessagingTestProperties.with(Map.of()))) {
            String consumer = "housekeeping-" + newClusterId();
            service.execute(
                    "INSERT INTO processed_event (consumer, event_id, processed_at) VALUES (?, 'old', now() - interval '31 days')",
                    consumer);
            service.execute(
                    "INSERT INTO processed_event (consumer, event_id, processed_at) VALUES (?, 'recent', now() - interval '29 days')",
                    consumer);

            OutboxRelay.Housekeeping done = service.bean(OutboxRelay.class).housekeep();

            assertThat(done.processedEventIds()).isGreaterThanOrEqualTo(1);
            assertThat(service.rows("SELECT event_id FROM processed_event WHERE consumer = ?", consumer))
                    .extracting(r -> r.get("event_id"))
                    .containsExactly("recent");
        }
    }

    private static void inTransaction(ServiceUnderTest service, Runnable work) {
        @SuppressWarnings("unchecked")
        TransactionOperations<Connection> transactions = service.bean(TransactionOperations.class);
        transactions.executeWrite(status -> {
            work.run();
            return null;
        });
    }

    private static ApprovalGranted approval(String clusterId) {
        return new ApprovalGranted(
                UUID.randomUUID().toString(),
                clusterId,
                ApprovalSubjectKind.RENEWAL,
                UUID.randomUUID().toString(),
                "alice",
                "test",
                null);
    }

    private static String newClusterId() {
        return "cluster-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
