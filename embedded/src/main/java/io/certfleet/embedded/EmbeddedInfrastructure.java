package io.certfleet.embedded;

import io.certfleet.embedded.EmbeddedInfrastructureException.Reason;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka broker and the PostgreSQL server certfleet needs, started side by side (they do not
 * depend on each other, so starting them in parallel roughly halves the wait) and stopped together.
 */
public final class EmbeddedInfrastructure implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedInfrastructure.class);

    private final EmbeddedKafka kafka;
    private final EmbeddedPostgres postgres;

    private EmbeddedInfrastructure(EmbeddedKafka kafka, EmbeddedPostgres postgres) {
        this.kafka = kafka;
        this.postgres = postgres;
    }

    /**
     * Starts both with persistent data under {@code workDir}: {@code workDir/kafka} and {@code
     * workDir/postgres}. A second start on the same directory finds the topics, offsets and rows of the
     * first.
     */
    public static EmbeddedInfrastructure start(Path workDir) {
        Objects.requireNonNull(workDir, "workDir");
        Path dir = Directories.createIfMissing(workDir.toAbsolutePath());
        return startBoth(
                () -> EmbeddedKafka.start(dir.resolve("kafka")), () -> EmbeddedPostgres.start(dir.resolve("postgres")));
    }

    /** Starts both on temporary directories deleted on {@link #close()}. */
    public static EmbeddedInfrastructure start() {
        return startBoth(EmbeddedKafka::start, EmbeddedPostgres::start);
    }

    /**
     * Runs both start actions on their own threads and waits for both. If one fails, the other is
     * stopped once it is up and the first failure is thrown.
     */
    public static EmbeddedInfrastructure startBoth(
            Supplier<EmbeddedKafka> startKafka, Supplier<EmbeddedPostgres> startPostgres) {
        long began = System.nanoTime();
        CompletableFuture<EmbeddedKafka> kafka = onOwnThread("certfleet-start-kafka", startKafka);
        CompletableFuture<EmbeddedPostgres> postgres = onOwnThread("certfleet-start-postgres", startPostgres);
        try {
            CompletableFuture.allOf(kafka, postgres).join();
        } catch (CompletionException e) {
            kafka.thenAccept(EmbeddedKafka::close);
            postgres.thenAccept(EmbeddedPostgres::close);
            // allOf completes only when both are done, so the survivor is closed by now.
            Throwable cause = e.getCause();
            if (cause instanceof EmbeddedInfrastructureException failure) {
                throw failure;
            }
            throw new EmbeddedInfrastructureException(Reason.TRANSIENT, "infrastructure did not start", cause);
        }
        EmbeddedInfrastructure infrastructure = new EmbeddedInfrastructure(kafka.join(), postgres.join());
        LOG.info(
                "Kafka ({} ms) and PostgreSQL ({} ms) ready in {} ms together",
                infrastructure.kafka.startupDuration().toMillis(),
                infrastructure.postgres.startupDuration().toMillis(),
                (System.nanoTime() - began) / 1_000_000);
        return infrastructure;
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    public EmbeddedPostgres postgres() {
        return postgres;
    }

    /** Stops both, the second even if stopping the first fails. */
    @Override
    public void close() {
        try {
            kafka.close();
        } finally {
            postgres.close();
        }
    }

    private static <T> CompletableFuture<T> onOwnThread(String name, Supplier<T> action) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(
                () -> {
                    try {
                        result.complete(action.get());
                    } catch (Throwable t) {
                        result.completeExceptionally(t);
                    }
                },
                name);
        thread.setDaemon(true);
        thread.start();
        return result;
    }
}
