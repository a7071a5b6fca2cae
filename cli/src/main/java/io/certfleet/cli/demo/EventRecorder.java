package io.certfleet.cli.demo;

import io.certfleet.events.CloudEvent;
import io.certfleet.events.EventCodec;
import io.certfleet.events.EventData;
import io.certfleet.events.InvalidEventException;
import io.certfleet.events.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
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

    private final KafkaConsumer<String, byte[]> consumer;
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
                        "certfleet-demo-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        "false"),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        List<String> topics = new ArrayList<>(Topics.all());
        Topics.all().forEach(topic -> topics.add(Topics.deadLetterTopic(topic)));
        consumer.subscribe(topics);
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

    /** Waits until no new event arrived for {@code quiet}, at most {@code timeout}. */
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
            } else if (Duration.between(lastChange, Instant.now()).compareTo(quiet) >= 0) {
                return;
            }
            ServiceProcess.pause(Duration.ofMillis(200));
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            poller.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
