package io.certfleet.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.certfleet.events.CloudEvent;
import io.certfleet.events.Topics;
import io.certfleet.events.UpgradePlanned;
import io.certfleet.events.UpgradeRequested;
import io.certfleet.messaging.testing.KafkaProbe;
import io.certfleet.messaging.testing.ServiceUnderTest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The consumer side of the plumbing with a probe listener, against the real broker and database: transient failures
 * are retried and then processed once; a rejected event leaves none of its handler's writes behind; a handler bug is
 * dead-lettered as INTERNAL; the partition keeps flowing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventInboxIT {
    private final String group = "probe-" + UUID.randomUUID();
    private KafkaProbe kafka;
    private ServiceUnderTest service;

    @BeforeAll
    void start() {
        kafka = KafkaProbe.onSharedBroker();
        service = ServiceUnderTest.start(
                MessagingTestProperties.SCHEMA,
                MessagingTestProperties.with(
                        Map.of("certfleet.test.probe-listener", "true", "certfleet.test.probe-group", group)));
    }

    @AfterAll
    void stop() {
        service.close();
        kafka.close();
    }

    @Test
    void transientFailuresAreRetriedAndTheEventIsProcessedOnce() {
        String clusterId = newClusterId();
        CloudEvent request = upgradeRequested(clusterId, "transient-twice");

        RecordMetadata sent = kafka.send(request);

        eventually().until(() -> kafka.consumed(group, sent));
        assertThat(service.bean(ProbeListener.class).attempts.get(request.id())).hasValue(3);
        assertThat(service.count("SELECT count(*) FROM probe_effect WHERE event_id = ?", request.id()))
                .isEqualTo(1);
        assertThat(service.count("SELECT count(*) FROM dead_letter WHERE kafka_key = ?", clusterId))
                .isZero();
        eventually().until(() -> kafka.events(UpgradePlanned.class, clusterId).size() == 1);
    }

    @Test
    void sameEventDeliveredTwiceRunsTheHandlerOnce() {
        String clusterId = newClusterId();
        CloudEvent request = upgradeRequested(clusterId, "ok");
        byte[] bytes = KafkaProbe.encode(request);

        kafka.sendRaw(Topics.UPGRADES, clusterId, bytes);
        RecordMetadata second = kafka.sendRaw(Topics.UPGRADES, clusterId, bytes);

        eventually().until(() -> kafka.consumed(group, second));
        assertThat(service.bean(ProbeListener.class).attempts.get(request.id())).hasValue(1);
        assertThat(service.count("SELECT count(*) FROM probe_effect WHERE cluster_id = ?", clusterId))
                .isEqualTo(1);
        assertThat(service.count("SELECT count(*) FROM dead_letter WHERE kafka_key = ?", clusterId))
                .isZero();
        assertThat(service.count("SELECT count(*) FROM outbox WHERE kafka_key = ?", clusterId))
                .isEqualTo(1);
    }

    @Test
    void rejectedEventLeavesNoWritesBehindAndIsDeadLettered() {
        String clusterId = newClusterId();
        CloudEvent rejected = upgradeRequested(clusterId, "reject-after-append");
        CloudEvent next = upgradeRequested(clusterId, "ok");

        RecordMetadata poison = kafka.send(rejected);
        kafka.send(next);

        eventually().until(() -> kafka.deadLetters(Topics.UPGRADES, poison).size() == 1);
        ConsumerRecord<String, byte[]> deadLetter =
                kafka.deadLetters(Topics.UPGRADES, poison).get(0);
        assertThat(KafkaProbe.header(deadLetter, DeadLetterHeaders.REASON))
                .contains("POLICY: upgrades are frozen for this cluster");
        assertThat(deadLetter.value()).isEqualTo(KafkaProbe.encode(rejected));
        assertThat(service.rows("SELECT reason, event_id, event_type FROM dead_letter WHERE kafka_key = ?", clusterId))
                .containsExactly(Map.of("reason", "POLICY", "event_id", rejected.id(), "event_type", rejected.type()));
        // The UpgradePlanned the handler appended before rejecting was rolled back with the rest.
        eventually().until(() -> service.count("SELECT count(*) FROM probe_effect WHERE event_id = ?", next.id()) == 1);
        assertThat(service.count(
                        "SELECT count(*) FROM processed_event WHERE consumer = ? AND event_id = ?",
                        ProbeListener.CONSUMER,
                        rejected.id()))
                .isZero();
        eventually().until(() -> kafka.events(UpgradePlanned.class, clusterId).size() == 1);
        assertThat(kafka.events(UpgradePlanned.class, clusterId).get(0).data())
                .isEqualTo(new UpgradePlanned(
                        ((UpgradeRequested) next.data()).upgradeId(), clusterId, List.of("v1.31"), List.of()));
    }

    @Test
    void handlerBugIsDeadLetteredAsInternal() {
        String clusterId = newClusterId();
        RecordMetadata poison = kafka.send(upgradeRequested(clusterId, "bug"));

        eventually().until(() -> kafka.deadLetters(Topics.UPGRADES, poison).size() == 1);
        assertThat(KafkaProbe.header(kafka.deadLetters(Topics.UPGRADES, poison).get(0), DeadLetterHeaders.REASON))
                .contains("INTERNAL: NullPointerException: nodeName");
    }

    private static CloudEvent upgradeRequested(String clusterId, String behaviour) {
        return CloudEvent.of(
                new UpgradeRequested(UUID.randomUUID().toString(), clusterId, "v1.30.4", "v1.31.2", "test", behaviour),
                "/certfleet/test",
                Clock.systemUTC());
    }

    private static String newClusterId() {
        return "cluster-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100));
    }
}
