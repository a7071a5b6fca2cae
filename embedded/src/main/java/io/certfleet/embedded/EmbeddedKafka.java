package io.certfleet.embedded;

import io.certfleet.embedded.EmbeddedInfrastructureException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker running inside this JVM: one KRaft node in combined mode (broker and
 * controller), listening on 127.0.0.1 only.
 *
 * <p>It is the production {@code KafkaRaftServer}, not a fake: the same protocol, idempotent
 * producers, transactions, consumer groups and committed offsets as a cluster, with the settings a
 * single broker needs (replication factor 1 for the internal topics, no initial rebalance delay).
 *
 * <p>{@link #start(Path)} keeps its log directory, so the demo survives a restart; {@link #start()}
 * uses a temporary directory deleted on {@link #close()}. {@link #attach(String, AutoCloseable)} wraps
 * a broker someone else runs (e.g. a container) behind the same API.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int NODE_ID = 1;
    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final int START_ATTEMPTS = 3;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final KafkaRaftServer server; // null when attached to an external broker
    private final Path dataDir; // null when attached
    private final boolean deleteDataDirOnClose;
    private final AutoCloseable onClose;
    private volatile Duration startupDuration = Duration.ZERO;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object adminLock = new Object();
    private Admin admin;
    private volatile Thread shutdownHook;

    private EmbeddedKafka(
            String bootstrapServers,
            KafkaRaftServer server,
            Path dataDir,
            boolean deleteDataDirOnClose,
            AutoCloseable onClose) {
        this.bootstrapServers = bootstrapServers;
        this.server = server;
        this.dataDir = dataDir;
        this.deleteDataDirOnClose = deleteDataDirOnClose;
        this.onClose = onClose;
    }

    /**
     * Starts a broker whose log directory is {@code dataDir} (created if missing, formatted on first
     * use, reused afterwards) and returns once it accepts requests.
     */
    public static EmbeddedKafka start(Path dataDir) {
        Objects.requireNonNull(dataDir, "dataDir");
        return launch(dataDir.toAbsolutePath(), false);
    }

    /** Starts a broker in a temporary directory that is deleted on {@link #close()}. */
    public static EmbeddedKafka start() {
        return launch(Directories.createTemporary("certfleet-kafka-"), true);
    }

    /**
     * Wraps a broker that runs elsewhere (a container, a CI service) so code written against this API
     * works unchanged. {@link #close()} closes the admin client and then calls {@code onClose}.
     */
    public static EmbeddedKafka attach(String bootstrapServers, AutoCloseable onClose) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(onClose, "onClose");
        EmbeddedKafka kafka = new EmbeddedKafka(bootstrapServers, null, null, false, onClose);
        try {
            kafka.awaitReady();
        } catch (RuntimeException e) {
            kafka.close();
            throw new EmbeddedInfrastructureException(
                    Reason.UNREACHABLE, "no Kafka broker answers at " + bootstrapServers, e);
        }
        return kafka;
    }

    /** {@code 127.0.0.1:PORT} of the broker listener. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** How long {@code start} took until the broker answered (zero for an attached broker). */
    public Duration startupDuration() {
        return startupDuration;
    }

    /** The log directory, or {@code null} for an attached broker. */
    public Path dataDir() {
        return dataDir;
    }

    /** Client settings pointing at this broker ({@code bootstrap.servers}); add your own to the copy. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return properties;
    }

    /**
     * Creates the topics (replication factor 1) and waits until each partition has a leader. Topics
     * that already exist are left as they are, whatever their partition count, so this can be called
     * by every test and at every demo start.
     */
    public void createTopics(Collection<String> names, int partitions) {
        if (partitions < 1) {
            throw new EmbeddedInfrastructureException(Reason.INVALID_INPUT, "partitions must be >= 1: " + partitions);
        }
        Set<String> topics = new LinkedHashSet<>(names);
        if (topics.isEmpty()) {
            return;
        }
        List<NewTopic> newTopics = topics.stream()
                .map(name -> new NewTopic(name, partitions, (short) 1))
                .toList();
        var result = admin().createTopics(newTopics).values();
        for (String topic : topics) {
            try {
                result.get(topic).get(TOPIC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new EmbeddedInfrastructureException(
                            Reason.TRANSIENT, "could not create topic " + topic, e.getCause());
                }
            } catch (TimeoutException e) {
                throw new EmbeddedInfrastructureException(Reason.TRANSIENT, "timed out creating topic " + topic, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EmbeddedInfrastructureException(Reason.TRANSIENT, "interrupted creating topics", e);
            }
        }
        awaitLeaders(topics);
    }

    /** Stops the broker (controlled shutdown) and deletes a temporary log directory. Idempotent. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down; the hook is running or will find us closed.
            }
        }
        synchronized (adminLock) {
            if (admin != null) {
                admin.close(Duration.ofSeconds(5));
                admin = null;
            }
        }
        if (server != null) {
            long began = System.nanoTime();
            stopQuietly(server);
            LOG.info("Kafka broker at {} stopped in {} ms", bootstrapServers, elapsedMillis(began));
        }
        if (deleteDataDirOnClose) {
            Directories.deleteQuietly(dataDir);
        }
        if (onClose != null) {
            try {
                onClose.close();
            } catch (Exception e) {
                LOG.warn("closing the attached Kafka broker at {} failed: {}", bootstrapServers, e.toString());
            }
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafka[" + bootstrapServers + (server == null ? ", attached]" : ", " + dataDir + "]");
    }

    private static EmbeddedKafka launch(Path dataDir, boolean temporary) {
        long began = System.nanoTime();
        try {
            Directories.createIfMissing(dataDir);
            String clusterId = formatIfNeeded(dataDir);
            for (int attempt = 1; ; attempt++) {
                int brokerPort = LoopbackPorts.pick();
                int controllerPort = LoopbackPorts.pick();
                if (brokerPort == controllerPort) {
                    continue;
                }
                KafkaRaftServer server = null;
                try {
                    // The constructor already reads meta.properties and may refuse the directory.
                    server = new KafkaRaftServer(
                            new KafkaConfig(brokerConfig(dataDir, brokerPort, controllerPort), false), Time.SYSTEM);
                    server.startup();
                } catch (RuntimeException e) {
                    if (server != null) {
                        stopQuietly(server);
                    }
                    if (attempt < START_ATTEMPTS && LoopbackPorts.isBindFailure(e)) {
                        LOG.info("Kafka port taken while starting (attempt {}), retrying with new ports", attempt);
                        continue;
                    }
                    throw new EmbeddedInfrastructureException(
                            LoopbackPorts.isBindFailure(e) ? Reason.TRANSIENT : Reason.INVALID_INPUT,
                            "Kafka broker did not start in " + dataDir,
                            e);
                }
                String bootstrap = LoopbackPorts.HOST + ":" + brokerPort;
                EmbeddedKafka kafka = new EmbeddedKafka(bootstrap, server, dataDir, temporary, null);
                try {
                    kafka.awaitReady();
                } catch (RuntimeException e) {
                    kafka.close();
                    throw e;
                }
                kafka.startupDuration = Duration.ofNanos(System.nanoTime() - began);
                kafka.stopAtJvmExit();
                LOG.info(
                        "Kafka broker (KRaft, cluster {}) ready at {} in {} ms",
                        clusterId,
                        bootstrap,
                        kafka.startupDuration.toMillis());
                return kafka;
            }
        } catch (RuntimeException e) {
            if (temporary) {
                Directories.deleteQuietly(dataDir);
            }
            throw e;
        }
    }

    /**
     * Formats the directory the way {@code kafka-storage.sh format} does, unless it already holds a
     * {@code meta.properties} from an earlier run (then its cluster id is kept).
     */
    private static String formatIfNeeded(Path dataDir) {
        Path metaProperties = dataDir.resolve("meta.properties");
        if (Files.exists(metaProperties)) {
            Properties meta = new Properties();
            try (InputStream in = Files.newInputStream(metaProperties)) {
                meta.load(in);
            } catch (IOException e) {
                throw new EmbeddedInfrastructureException(Reason.INVALID_INPUT, "cannot read " + metaProperties, e);
            }
            String nodeId = meta.getProperty("node.id");
            if (!String.valueOf(NODE_ID).equals(nodeId)) {
                throw new EmbeddedInfrastructureException(
                        Reason.INVALID_INPUT,
                        dataDir + " was formatted for node " + nodeId + ", not for the embedded node " + NODE_ID);
            }
            return meta.getProperty("cluster.id");
        }
        String clusterId = Uuid.randomUuid().toString();
        try (PrintStream quiet = new PrintStream(OutputStream.nullOutputStream())) {
            new Formatter()
                    .setPrintStream(quiet)
                    .setNodeId(NODE_ID)
                    .setClusterId(clusterId)
                    .setDirectories(List.of(dataDir.toString()))
                    .setMetadataLogDirectory(dataDir.toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .run();
        } catch (Exception e) {
            throw new EmbeddedInfrastructureException(
                    Reason.INVALID_INPUT, "cannot format Kafka storage in " + dataDir, e);
        }
        return clusterId;
    }

    private static Map<String, Object> brokerConfig(Path dataDir, int brokerPort, int controllerPort) {
        String host = LoopbackPorts.HOST;
        Map<String, Object> config = new HashMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", String.valueOf(NODE_ID));
        config.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
        config.put("controller.listener.names", CONTROLLER_LISTENER);
        config.put("inter.broker.listener.name", BROKER_LISTENER);
        config.put(
                "listeners",
                BROKER_LISTENER + "://" + host + ":" + brokerPort + "," + CONTROLLER_LISTENER + "://" + host + ":"
                        + controllerPort);
        config.put("advertised.listeners", BROKER_LISTENER + "://" + host + ":" + brokerPort);
        config.put(
                "listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        config.put("log.dirs", dataDir.toString());

        // One broker: internal topics cannot have more replicas, or consumer groups never form.
        config.put("offsets.topic.replication.factor", "1");
        config.put("offsets.topic.num.partitions", "5");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("transaction.state.log.num.partitions", "5");
        config.put("min.insync.replicas", "1");
        config.put("default.replication.factor", "1");
        config.put("num.partitions", "1");
        config.put("auto.create.topics.enable", "true");
        config.put("group.initial.rebalance.delay.ms", "0");

        // Small footprint: CI has 2 cores shared with the services under test.
        config.put("num.network.threads", "2");
        config.put("num.io.threads", "4");
        config.put("background.threads", "4");
        config.put("num.recovery.threads.per.data.dir", "1");
        config.put("log.cleaner.threads", "1");
        config.put("log.cleaner.dedupe.buffer.size", String.valueOf(8L * 1024 * 1024));
        return config;
    }

    /**
     * A controlled shutdown on JVM exit (Ctrl-C, SIGTERM, end of a test JVM): the next start on a
     * persistent directory skips log recovery, and a temporary directory is not left behind.
     */
    private void stopAtJvmExit() {
        shutdownHook = new Thread(this::close, "certfleet-kafka-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    private void awaitReady() {
        try {
            admin().describeCluster().nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new EmbeddedInfrastructureException(
                    Reason.TRANSIENT, "Kafka broker at " + bootstrapServers + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedInfrastructureException(Reason.TRANSIENT, "interrupted waiting for Kafka", e);
        }
    }

    /** The controller has created the topics; wait until the broker also serves every partition. */
    private void awaitLeaders(Set<String> topics) {
        long deadline = System.nanoTime() + TOPIC_TIMEOUT.toNanos();
        while (true) {
            try {
                Map<String, TopicDescription> descriptions = admin().describeTopics(topics)
                        .allTopicNames()
                        .get(TOPIC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                boolean allLed = descriptions.values().stream()
                        .flatMap(d -> d.partitions().stream())
                        .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
                if (allLed) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new EmbeddedInfrastructureException(
                            Reason.TRANSIENT, "cannot describe " + topics, e.getCause());
                }
            } catch (TimeoutException e) {
                throw new EmbeddedInfrastructureException(Reason.TRANSIENT, "timed out describing " + topics, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EmbeddedInfrastructureException(Reason.TRANSIENT, "interrupted waiting for topics", e);
            }
            if (System.nanoTime() > deadline) {
                throw new EmbeddedInfrastructureException(
                        Reason.TRANSIENT, "partitions of " + topics + " have no leader");
            }
            pause(Duration.ofMillis(50));
        }
    }

    private Admin admin() {
        synchronized (adminLock) {
            if (closed.get()) {
                throw new IllegalStateException(this + " is closed");
            }
            if (admin == null) {
                Map<String, Object> config = clientProperties();
                config.put(AdminClientConfig.CLIENT_ID_CONFIG, "certfleet-embedded-admin");
                config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READY_TIMEOUT.toMillis());
                admin = Admin.create(config);
            }
            return admin;
        }
    }

    private static void stopQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("Kafka broker shutdown reported: {}", e.toString());
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedInfrastructureException(Reason.TRANSIENT, "interrupted", e);
        }
    }

    private static long elapsedMillis(long beganNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - beganNanos);
    }
}
