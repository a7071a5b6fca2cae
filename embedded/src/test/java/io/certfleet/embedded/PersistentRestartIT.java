package io.certfleet.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's path: persistent data under one work directory survives a stop and a start. */
class PersistentRestartIT {

    private static final String TOPIC = "it.persistent";
    private static final String GROUP = "it-persistent-group";

    @TempDir
    Path workDir;

    @Test
    void topicsCommittedOffsetsAndRowsSurviveARestart() throws SQLException {
        try (EmbeddedInfrastructure infrastructure = EmbeddedInfrastructure.start(workDir)) {
            EmbeddedKafka kafka = infrastructure.kafka();
            kafka.createTopics(List.of(TOPIC), 1);
            try (KafkaProducer<String, String> producer = KafkaClients.idempotentProducer(kafka.bootstrapServers())) {
                KafkaClients.send(producer, TOPIC, "cluster-a", "before-restart");
            }
            assertThat(consumeAndCommit(kafka, 1)).containsExactly("before-restart");

            String url = infrastructure.postgres().createDatabase("demo");
            assertThat(url).endsWith("/demo");
            try (Connection connection =
                            infrastructure.postgres().dataSource("demo").getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE cluster (id TEXT PRIMARY KEY)");
                statement.execute("INSERT INTO cluster VALUES ('cluster-a')");
            }
        }
        assertThat(workDir.resolve("kafka").resolve("meta.properties")).exists();
        assertThat(Files.exists(workDir.resolve("postgres").resolve("PG_VERSION")))
                .isTrue();

        try (EmbeddedInfrastructure infrastructure = EmbeddedInfrastructure.start(workDir)) {
            EmbeddedKafka kafka = infrastructure.kafka();
            kafka.createTopics(List.of(TOPIC), 1); // exists already: no error
            try (KafkaProducer<String, String> producer = KafkaClients.idempotentProducer(kafka.bootstrapServers())) {
                KafkaClients.send(producer, TOPIC, "cluster-a", "after-restart");
            }
            // The group's committed offset survived: only the new record is delivered.
            assertThat(consumeAndCommit(kafka, 1)).containsExactly("after-restart");

            assertThat(infrastructure.postgres().createDatabase("demo")).endsWith("/demo");
            try (Connection connection =
                            infrastructure.postgres().dataSource("demo").getConnection();
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT id FROM cluster")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("cluster-a");
                assertThat(rows.next()).isFalse();
            }
        }
    }

    private static List<String> consumeAndCommit(EmbeddedKafka kafka, int count) {
        try (KafkaConsumer<String, String> consumer =
                KafkaClients.manualCommitConsumer(kafka.bootstrapServers(), GROUP)) {
            consumer.subscribe(List.of(TOPIC));
            List<ConsumerRecord<String, String>> records = KafkaClients.pollUntil(consumer, count);
            consumer.commitSync();
            return records.stream().map(ConsumerRecord::value).toList();
        }
    }
}
