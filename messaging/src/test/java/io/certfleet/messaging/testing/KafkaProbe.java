package io.certfleet.messaging.testing;

import io.certfleet.embedded.testing.SharedInfrastructure;
import io.certfleet.events.CloudEvent;
import io.certfleet.events.EventCodec;
import io.certfleet.events.EventData;
import io.certfleet.events.InvalidEventException;
import io.certfleet.events.Topics;
import io.certfleet.messaging.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A test's own view of the real broker: sends raw bytes or events the way another service would, reads topics back
 * from the beginning (no consumer group, so it never disturbs the service under test) and reads a group's committed
 * offsets. One per test class; close it after.
 */
public final class KafkaProbe implements AutoCloseable {
    /** Partitions of every topic the probe creates. */
    public static final int PARTITIONS = 3;

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final EventCodec CODEC = new EventCodec();

    private final String bootstrapServers;
    private final KafkaProducer<String, byte[]> producer;
    private final Admin admin;

    private KafkaProbe(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true),
                new StringSerializer(),
                new ByteArraySerializer());
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /**
     * A probe on the JVM's shared broker, after creating every certfleet topic and its dead-letter topic (so
     * listeners find them when they subscribe).
     */
    public static KafkaProbe onSharedBroker() {
        List<String> topics = Stream.concat(
                        Topics.all().stream(), Topics.all().stream().map(Topics::deadLetterTopic))
                .toList();
        SharedInfrastructure.kafka().createTopics(topics, PARTITIONS);
        return new KafkaProbe(SharedInfrastructure.kafka().bootstrapServers());
    }

    /** Sends bytes as they are (possibly not an event at all) and waits for the broker to acknowledge. */
    public RecordMetadata sendRaw(String topic, String key, byte[] value) {
        try {
            return producer.send(new ProducerRecord<>(topic, key, value))
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot send to " + topic, e);
        }
    }

    /** Sends text bytes as they are. */
    public RecordMetadata sendRaw(String topic, String key, String value) {
        return sendRaw(topic, key, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends an event to its topic, keyed by its cluster id, encoded as every service encodes it. */
    public RecordMetadata send(CloudEvent event) {
        return sendRaw(Topics.topicFor(event.data()), event.kafkaKey(), CODEC.encode(event));
    }

    /** Encodes an event as it travels on the bus. */
    public static byte[] encode(CloudEvent event) {
        return CODEC.encode(event);
    }

    /** Every record currently in the topic, partition by partition, each in offset order. */
    public List<ConsumerRecord<String, byte[]>> records(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, TIMEOUT)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!reachedEnd(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end offsets " + end);
                }
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
            records.removeIf(r -> r.offset() >= end.get(new TopicPartition(r.topic(), r.partition())));
            return records;
        }
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    /** Records of the topic with this key. */
    public List<ConsumerRecord<String, byte[]>> records(String topic, String key) {
        return records(topic).stream().filter(r -> key.equals(r.key())).toList();
    }

    /** Decoded events about one cluster on the topic, in publication order. */
    public List<CloudEvent> events(String topic, String clusterId) {
        List<CloudEvent> events = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records(topic, clusterId)) {
            try {
                events.add(CODEC.decode(record.value()));
            } catch (InvalidEventException e) {
                // not an event (a test's poison record): not part of the answer
            }
        }
        return events;
    }

    /** Decoded events of one type about one cluster, from that type's topic. */
    public <T extends EventData> List<CloudEvent> events(Class<T> type, String clusterId) {
        return events(Topics.topicFor(type), clusterId).stream()
                .filter(e -> type.isInstance(e.data()))
                .toList();
    }

    /** The dead-letter records of a topic that came from this source partition and offset. */
    public List<ConsumerRecord<String, byte[]>> deadLetters(String topic, RecordMetadata source) {
        return records(Topics.deadLetterTopic(topic)).stream()
                .filter(r -> header(r, DeadLetterHeaders.SOURCE_PARTITION)
                                .equals(Optional.of(Integer.toString(source.partition())))
                        && header(r, DeadLetterHeaders.SOURCE_OFFSET)
                                .equals(Optional.of(Long.toString(source.offset()))))
                .toList();
    }

    /** The offset a consumer group committed on a partition, if any. */
    public OptionalLong committedOffset(String groupId, String topic, int partition) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            OffsetAndMetadata offset = offsets.get(new TopicPartition(topic, partition));
            return offset == null ? OptionalLong.empty() : OptionalLong.of(offset.offset());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read offsets of group " + groupId, e);
        }
    }

    /** Whether the group has committed past this record, i.e. the consumer finished with it. */
    public boolean consumed(String groupId, RecordMetadata record) {
        OptionalLong committed = committedOffset(groupId, record.topic(), record.partition());
        return committed.isPresent() && committed.getAsLong() > record.offset();
    }

    /** A header's value as UTF-8 text. */
    public static Optional<String> header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? Optional.empty() : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }

    /** Closes the probe's clients. */
    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }
}
