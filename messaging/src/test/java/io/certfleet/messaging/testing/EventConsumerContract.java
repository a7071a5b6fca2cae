package io.certfleet.messaging.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.certfleet.events.CloudEvent;
import io.certfleet.events.EventData;
import io.certfleet.events.Topics;
import io.certfleet.messaging.DeadLetterHeaders;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every certfleet consumer guarantees, checked against the real broker and database. A service's {@code *IT}
 * extends this, names its consumer, a sample input event and how to count its effect, and inherits the tests:
 *
 * <ul>
 *   <li>an event in changes state and (if the service answers with one) publishes an event out;
 *   <li>the same event delivered twice has exactly one effect and one outbound event;
 *   <li>bad JSON and a well-formed event of an unknown type go to {@code <topic>.dlt} with a reason header and a
 *       {@code dead_letter} row, and the consumer processes the next event;
 *   <li>{@code /health} is UP with the database, Kafka and messaging components.
 * </ul>
 *
 * <p>The service runs once per test class on a fresh database; every test uses its own cluster ids.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class EventConsumerContract {
    /** Long enough for a first consumer-group join on a busy machine. */
    protected static final Duration PATIENCE = Duration.ofSeconds(60);

    protected KafkaProbe kafka;
    protected ServiceUnderTest service;

    /** The service's schema, e.g. {@code renewal}. */
    protected abstract String schema();

    /** The Kafka consumer group of the listener under test. */
    protected abstract String consumerGroup();

    /** The consumer name (idempotency scope) the listener's {@code EventRoutes} use. */
    protected abstract String consumerName();

    /** A valid event, about {@code clusterId}, that the listener acts on. */
    protected abstract CloudEvent sampleInput(String clusterId);

    /** How many state rows the sample input has produced for {@code clusterId}. */
    protected abstract long effectCount(String clusterId);

    /** The event type the service publishes in answer to the sample input, if it answers immediately. */
    protected abstract Optional<Class<? extends EventData>> answerType();

    /**
     * Checks that the same event delivered twice had one effect. The default counts state rows; override it where
     * the service's own rules would also absorb a second run (e.g. by counting repeats) to check the handler ran once.
     */
    protected void assertOneEffect(String clusterId) {
        assertThat(effectCount(clusterId)).isEqualTo(1);
    }

    /** Configuration the test class adds to the service's own. */
    protected Map<String, Object> properties() {
        return Map.of();
    }

    @BeforeAll
    void startService() {
        kafka = KafkaProbe.onSharedBroker();
        service = ServiceUnderTest.start(schema(), properties());
    }

    @AfterAll
    void stopService() {
        if (service != null) {
            service.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    protected static String newClusterId() {
        return "cluster-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected static ConditionFactory eventually() {
        return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100));
    }

    protected String inputTopic(CloudEvent event) {
        return Topics.topicFor(event.data());
    }

    @Test
    void eventInChangesStateAndPublishesTheAnswer() {
        String clusterId = newClusterId();
        CloudEvent input = sampleInput(clusterId);

        kafka.send(input);

        eventually().until(() -> effectCount(clusterId) == 1);
        answerType().ifPresent(type -> {
            eventually().until(() -> kafka.events(type, clusterId).size() == 1);
            CloudEvent answer = kafka.events(type, clusterId).get(0);
            assertThat(answer.subject()).isEqualTo(clusterId);
            assertThat(answer.id()).isNotEqualTo(input.id());
        });
        assertThat(service.count(
                        "SELECT count(*) FROM processed_event WHERE consumer = ? AND event_id = ?",
                        consumerName(),
                        input.id()))
                .isEqualTo(1);
    }

    @Test
    void sameEventDeliveredTwiceHasOneEffect() {
        String clusterId = newClusterId();
        CloudEvent input = sampleInput(clusterId);
        byte[] bytes = KafkaProbe.encode(input);

        kafka.sendRaw(inputTopic(input), clusterId, bytes);
        RecordMetadata second = kafka.sendRaw(inputTopic(input), clusterId, bytes);

        // Committed past the second copy: the consumer is done with both.
        eventually().until(() -> kafka.consumed(consumerGroup(), second));
        assertOneEffect(clusterId);
        answerType().ifPresent(type -> {
            assertThat(service.count(
                            "SELECT count(*) FROM outbox WHERE kafka_key = ? AND event_type = ?",
                            clusterId,
                            io.certfleet.events.EventCodec.typeName(type)))
                    .isEqualTo(1);
            eventually()
                    .until(() -> service.count(
                                    "SELECT count(*) FROM outbox WHERE kafka_key = ? AND published_at IS NULL",
                                    clusterId)
                            == 0);
            assertThat(kafka.events(type, clusterId)).hasSize(1);
        });
    }

    @Test
    void badJsonIsDeadLetteredAndTheNextEventIsProcessed() {
        String clusterId = newClusterId();
        CloudEvent next = sampleInput(clusterId);
        String topic = inputTopic(next);

        RecordMetadata poison = kafka.sendRaw(topic, clusterId, "{\"specversion\": \"1.0\", \"id\": ");
        kafka.send(next);

        ConsumerRecord<String, byte[]> deadLetter = awaitDeadLetter(topic, poison);
        assertThat(KafkaProbe.header(deadLetter, DeadLetterHeaders.REASON))
                .hasValueSatisfying(reason ->
                        assertThat(reason).startsWith("INVALID_INPUT: ").contains("malformed JSON"));
        assertThat(deadLetter.key()).isEqualTo(clusterId);
        assertDeadLetterRow(topic, poison, "malformed JSON");
        eventually().until(() -> effectCount(clusterId) == 1);
    }

    @Test
    void eventOfUnknownTypeIsDeadLetteredAndTheNextEventIsProcessed() {
        String clusterId = newClusterId();
        CloudEvent next = sampleInput(clusterId);
        String topic = inputTopic(next);
        String unknown = """
                {"specversion":"1.0","id":"%s","source":"/elsewhere","type":"io.certfleet.CertificateEaten.v1",\
                "subject":"%s","time":"2026-11-22T10:00:00Z","datacontenttype":"application/json",\
                "dataschema":"https://certfleet.io/schemas/CertificateEaten.v1.json","data":{"clusterId":"%s"}}""".formatted(UUID.randomUUID(), clusterId, clusterId);

        RecordMetadata poison = kafka.sendRaw(topic, clusterId, unknown);
        kafka.send(next);

        ConsumerRecord<String, byte[]> deadLetter = awaitDeadLetter(topic, poison);
        assertThat(KafkaProbe.header(deadLetter, DeadLetterHeaders.REASON))
                .hasValueSatisfying(reason ->
                        assertThat(reason).startsWith("INVALID_INPUT: ").contains("unknown event type"));
        assertThat(KafkaProbe.header(deadLetter, DeadLetterHeaders.SOURCE_TOPIC))
                .contains(topic);
        assertThat(KafkaProbe.header(deadLetter, DeadLetterHeaders.CONSUMER)).contains(consumerName());
        assertThat(new String(deadLetter.value(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(unknown);
        assertDeadLetterRow(topic, poison, "unknown event type");
        eventually().until(() -> effectCount(clusterId) == 1);
    }

    @Test
    void healthIsUpWithDatabaseKafkaAndMessaging() {
        eventually().untilAsserted(() -> {
            HttpResponse<String> health = service.get("/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"", "\"messaging\"", "\"kafka\"", "\"jdbc");
        });
    }

    private ConsumerRecord<String, byte[]> awaitDeadLetter(String topic, RecordMetadata poison) {
        eventually().until(() -> kafka.deadLetters(topic, poison).size() == 1);
        List<ConsumerRecord<String, byte[]>> deadLetters = kafka.deadLetters(topic, poison);
        return deadLetters.get(0);
    }

    private void assertDeadLetterRow(String topic, RecordMetadata poison, String detail) {
        List<Map<String, Object>> rows = service.rows(
                "SELECT consumer, reason, detail FROM dead_letter"
                        + " WHERE source_topic = ? AND source_partition = ? AND source_offset = ?",
                topic,
                poison.partition(),
                poison.offset());
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).containsEntry("consumer", consumerName()).containsEntry("reason", "INVALID_INPUT");
        assertThat((String) rows.get(0).get("detail")).contains(detail);
    }
}
