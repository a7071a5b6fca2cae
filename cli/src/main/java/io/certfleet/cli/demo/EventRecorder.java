package io.certfleet.cli.demo;

import io.certfleet.events.CloudEvent;
import io.certfleet.events.EventCodec;
import io.certfleet.events.EventData;
import io.certfleet.events.InvalidEventException;
import io.certfleet.events.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.ConsumerGroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Watches every certfleet topic the way a third-party consumer would (a consumer group of its own,
 * CloudEvents JSON through the public codec), so the demo reports only what really crossed Kafka.
 */
final class EventRecorder implements AutoCloseable {
    /** One event as seen on the bus; {@code event} is null for a dead letter or an undecodable record. */
    record Seen(String topic, Instant seenAt, CloudEvent event, String problem) {}

    private static final String GROUP_PREFIX = "certfleet-demo-";

    private final KafkaConsumer<String, byte[]> consumer;
    private final Admin admin;
    private final EventCodec codec = new EventCodec();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Thread poller;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    EventRecorder(String bootstrapServers) {
        consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        GROUP_PREFIX + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        "false"),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        List<String> topics = new ArrayList<>(Topics.all());
        Topics.all().forEach(topic -> topics.add(Topics.deadLetterTopic(topic)));
        consumer.subscribe(topics);
        admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                10_000));
        poller = Thread.ofPlatform().daemon().name("demo-event-recorder").start(this::poll);
    }

    private void poll() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.topic().endsWith(Topics.DEAD_LETTER_SUFFIX)) {
                        seen.add(new Seen(record.topic(), Instant.now(), null, "dead letter"));
                        continue;
                    }
                    try {
                        seen.add(new Seen(record.topic(), Instant.now(), codec.decode(record.value()), null));
                    } catch (InvalidEventException e) {
                        seen.add(new Seen(record.topic(), Instant.now(), null, e.getMessage()));
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            // the stages waiting on the recorder must learn that no more events will come, not time out
            failure = e;
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    <T extends EventData> List<T> events(Class<T> type) {
        return seen.stream()
                .filter(s -> s.event() != null && type.isInstance(s.event().data()))
                .map(s -> type.cast(s.event().data()))
                .toList();
    }

    /** Throws when the recorder stopped reading the bus (an error of the Kafka client, say). */
    void requireRunning() {
        RuntimeException stopped = failure;
        if (stopped != null) {
            throw new DemoException("the demo stopped reading events from Kafka: " + stopped, stopped);
        }
    }

    long deadLetters() {
        return seen.stream().filter(s -> s.event() == null).count();
    }

    /**
     * Waits until {@code condition} holds over the recorded events; returns false on timeout.
     *
     * @throws DemoException when the recorder stopped reading the bus
     */
    boolean await(Predicate<EventRecorder> condition, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.test(this)) {
            requireRunning();
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            ServiceProcess.pause(Duration.ofMillis(200));
        }
        return true;
    }

    /**
     * Waits until every service has consumed every event on the bus and no new event arrived for {@code quiet}, at most
     * {@code timeout}. Quiet alone is not enough on a loaded machine: a service may still be working through a backlog
     * of events whose effects publish nothing (a certificate joining an open renewal), and what it decides after the
     * quiet spell would be missed.
     */
    void awaitQuiet(Duration quiet, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        int last = -1;
        Instant lastChange = Instant.now();
        while (Instant.now().isBefore(deadline)) {
            requireRunning();
            int now = seen.size();
            if (now != last) {
                last = now;
                lastChange = Instant.now();
            } else if (Duration.between(lastChange, Instant.now()).compareTo(quiet) >= 0 && consumersCaughtUp()) {
                return;
            }
            ServiceProcess.pause(Duration.ofMillis(200));
        }
    }

    /**
     * Whether every consumer group of the services (every group but the recorder's) is stable and has committed, on
     * each partition it is assigned, the end of that partition. The services commit a record's offset only after its
     * effect ({@code EventInbox}), so a group caught up has nothing in hand.
     */
    boolean consumersCaughtUp() {
        try {
            List<String> groups = admin.listConsumerGroups().all().get().stream()
                    .map(ConsumerGroupListing::groupId)
                    .filter(group -> !group.startsWith(GROUP_PREFIX))
                    .toList();
            Map<TopicPartition, Long> committed = new HashMap<>();
            Map<TopicPartition, OffsetSpec> assigned = new HashMap<>();
            for (ConsumerGroupDescription group :
                    admin.describeConsumerGroups(groups).all().get().values()) {
                if (group.state() == ConsumerGroupState.EMPTY || group.state() == ConsumerGroupState.DEAD) {
                    continue; // nobody consumes for it any more
                }
                if (group.state() != ConsumerGroupState.STABLE) {
                    return false; // joining or rebalancing: what it has in hand is not known
                }
                Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group.groupId())
                        .partitionsToOffsetAndMetadata()
                        .get();
                for (MemberDescription member : group.members()) {
                    for (TopicPartition partition : member.assignment().topicPartitions()) {
                        OffsetAndMetadata offset = offsets.get(partition);
                        // a group starts at the earliest record: nothing committed yet is offset 0
                        committed.merge(partition, offset == null ? 0L : offset.offset(), Math::min);
                        assigned.put(partition, OffsetSpec.latest());
                    }
                }
            }
            Map<TopicPartition, ListOffsetsResultInfo> ends =
                    admin.listOffsets(assigned).all().get();
            return committed.entrySet().stream()
                    .allMatch(c -> c.getValue() >= ends.get(c.getKey()).offset());
        } catch (ExecutionException e) {
            return false; // the broker did not answer this time: asked again on the next turn
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoException("interrupted while waiting for the services to catch up", e);
        }
    }

    @Override
    public void close() {
        running = false;
        admin.close(Duration.ofSeconds(2));
        consumer.wakeup();
        try {
            poller.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
