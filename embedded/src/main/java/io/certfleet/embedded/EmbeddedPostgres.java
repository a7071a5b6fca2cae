package io.certfleet.embedded;

import io.certfleet.embedded.EmbeddedInfrastructureException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server started from the binaries shipped in zonky's Maven artifacts (no Docker,
 * no system installation), listening on 127.0.0.1.
 *
 * <p>{@link #start(Path)} keeps its data directory (the demo survives a restart); {@link #start()}
 * uses a temporary one removed on {@link #close()}. The server runs with {@code fsync} off and
 * {@code synchronous_commit} off: fast, but not crash-safe; fine for tests, the demo and benchmarks.
 * Authentication is {@code trust} on loopback; {@link #password()} is accepted but not checked.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);
    private static final String SUPERUSER = "postgres";
    private static final String ADMIN_DATABASE = "postgres";
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final int START_ATTEMPTS = 3;
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
    private static final Duration STALE_SERVER_STOP_WAIT = Duration.ofSeconds(15);

    private final String host;
    private final int port;
    private final String username;
    private final String password;
    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server; // null when attached
    private final AutoCloseable onClose;
    private final Path dataDir;
    private final Duration startupDuration;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedPostgres(
            String host,
            int port,
            String username,
            String password,
            io.zonky.test.db.postgres.embedded.EmbeddedPostgres server,
            AutoCloseable onClose,
            Path dataDir,
            Duration startupDuration) {
        this.host = host;
        this.port = port;
        this.username = username;
        this.password = password;
        this.server = server;
        this.onClose = onClose;
        this.dataDir = dataDir;
        this.startupDuration = startupDuration;
    }

    /**
     * Starts a server on a persistent data directory: {@code initdb} on first use, reused afterwards.
     * A server left running on it by a killed JVM is stopped first.
     */
    public static EmbeddedPostgres start(Path dataDir) {
        Objects.requireNonNull(dataDir, "dataDir");
        Path dir = Directories.createIfMissing(dataDir.toAbsolutePath());
        stopStaleServer(dir);
        long began = System.nanoTime();
        // No retry here: a failed start keeps zonky's lock on the directory until the JVM exits.
        var server = startZonky(dir, LoopbackPorts.pick());
        return started(server, dir, began);
    }

    /** Starts a server on a temporary data directory that is deleted on {@link #close()}. */
    public static EmbeddedPostgres start() {
        long began = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            try {
                var server = startZonky(null, LoopbackPorts.pick());
                return started(server, null, began);
            } catch (EmbeddedInfrastructureException e) {
                // Each attempt has its own temporary directory, so a port race is simply retried.
                if (attempt >= START_ATTEMPTS || !e.retryHelps()) {
                    throw e;
                }
                LOG.info("PostgreSQL did not start (attempt {}), retrying on a new port: {}", attempt, e.toString());
            }
        }
    }

    /**
     * Wraps a server that runs elsewhere (a container, a CI service) so code written against this API
     * works unchanged. {@code username} must be allowed to create databases. {@link #close()} calls
     * {@code onClose}.
     */
    public static EmbeddedPostgres attach(
            String host, int port, String username, String password, AutoCloseable onClose) {
        Objects.requireNonNull(onClose, "onClose");
        var postgres = new EmbeddedPostgres(host, port, username, password, null, onClose, null, Duration.ZERO);
        try (Connection connection = postgres.dataSource(ADMIN_DATABASE).getConnection()) {
            connection.isValid(5);
        } catch (SQLException e) {
            postgres.close();
            throw new EmbeddedInfrastructureException(
                    Reason.UNREACHABLE, "no PostgreSQL answers at " + host + ":" + port + " as " + username, e);
        }
        return postgres;
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/<database>}; the database must exist (see {@link #createDatabase}). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /**
     * Creates the database unless it exists and returns its JDBC URL. Names are lower-case
     * identifiers ({@code [a-z_][a-z0-9_]*}, at most 63 characters).
     */
    public String createDatabase(String name) {
        requireValidDatabaseName(name);
        try (Connection connection = dataSource(ADMIN_DATABASE).getConnection()) {
            if (!databaseExists(connection, name)) {
                try (Statement statement = connection.createStatement()) {
                    // Identifier validated above; CREATE DATABASE takes no bind parameters.
                    statement.execute("CREATE DATABASE \"" + name + "\"");
                } catch (SQLException e) {
                    // 42P04 duplicate_database, 23505 unique_violation: created concurrently, which is fine.
                    if (!"42P04".equals(e.getSQLState()) && !"23505".equals(e.getSQLState())) {
                        throw e;
                    }
                }
            }
        } catch (SQLException e) {
            throw new EmbeddedInfrastructureException(Reason.TRANSIENT, "cannot create database " + name, e);
        }
        return jdbcUrl(name);
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** How long {@code start} took until the server accepted connections (zero when attached). */
    public Duration startupDuration() {
        return startupDuration;
    }

    /** The data directory, or {@code null} for a temporary or attached server. */
    public Path dataDir() {
        return dataDir;
    }

    /** A non-pooling data source for one database; each {@code getConnection()} opens a connection. */
    public DataSource dataSource(String database) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] {host});
        dataSource.setPortNumbers(new int[] {port});
        dataSource.setDatabaseName(database);
        dataSource.setUser(username);
        dataSource.setPassword(password);
        return dataSource;
    }

    /** Stops the server ({@code pg_ctl stop -m fast}); a temporary data directory is deleted. Idempotent. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        if (server != null) {
            long began = System.nanoTime();
            try {
                server.close();
            } catch (IOException e) {
                LOG.warn("stopping PostgreSQL on port {} reported: {}", port, e.toString());
            }
            LOG.info(
                    "PostgreSQL on port {} stopped in {} ms",
                    port,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
        }
        if (onClose != null) {
            try {
                onClose.close();
            } catch (Exception e) {
                LOG.warn("closing the attached PostgreSQL at {}:{} failed: {}", host, port, e.toString());
            }
        }
    }

    @Override
    public String toString() {
        return "EmbeddedPostgres[" + host + ":" + port + (server == null ? ", attached]" : "]");
    }

    static void requireValidDatabaseName(String name) {
        if (name == null || !DATABASE_NAME.matcher(name).matches()) {
            throw new EmbeddedInfrastructureException(
                    Reason.INVALID_INPUT, "database name must match " + DATABASE_NAME.pattern() + ": " + name);
        }
    }

    private static EmbeddedPostgres started(
            io.zonky.test.db.postgres.embedded.EmbeddedPostgres server, Path dataDir, long beganNanos) {
        Duration took = Duration.ofNanos(System.nanoTime() - beganNanos);
        LOG.info("PostgreSQL ready at {}:{} in {} ms", LoopbackPorts.HOST, server.getPort(), took.toMillis());
        return new EmbeddedPostgres(
                LoopbackPorts.HOST, server.getPort(), SUPERUSER, SUPERUSER, server, null, dataDir, took);
    }

    private static io.zonky.test.db.postgres.embedded.EmbeddedPostgres startZonky(Path dataDir, int port) {
        var builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                .setPort(port)
                .setPGStartupWait(STARTUP_WAIT)
                // Independent of the machine's LANG: initdb fails on a locale that is not installed.
                .setLocaleConfig("locale", "C")
                .setServerConfig("listen_addresses", LoopbackPorts.HOST)
                .setServerConfig("full_page_writes", "off")
                .setServerConfig("max_connections", "200");
        if (dataDir != null) {
            builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
        }
        try {
            return builder.start();
        } catch (IOException | RuntimeException e) {
            throw new EmbeddedInfrastructureException(
                    Reason.TRANSIENT,
                    "PostgreSQL did not start on port " + port + (dataDir == null ? "" : " with data in " + dataDir),
                    e);
        }
    }

    private static boolean databaseExists(Connection connection, String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    /**
     * A JVM killed with SIGKILL leaves its postmaster running (pg_ctl detaches it), and the next start
     * on the same directory would fail. Stop that orphan first; SIGTERM is PostgreSQL's smart shutdown,
     * which finishes at once because its clients died with the JVM.
     */
    private static void stopStaleServer(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> postmaster;
        try {
            String firstLine = Files.readAllLines(pidFile, StandardCharsets.UTF_8).stream()
                    .findFirst()
                    .orElse("")
                    .trim();
            postmaster = ProcessHandle.of(Long.parseLong(firstLine))
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().orElse("").endsWith("postgres"))
                    // The pid may have been reused: only stop a postgres serving this very directory.
                    .filter(p -> p.info()
                            .commandLine()
                            .map(line -> line.contains(dataDir.toString()))
                            .orElse(true));
        } catch (IOException | NumberFormatException e) {
            return; // unreadable pid file: let PostgreSQL itself judge it
        }
        postmaster.ifPresent(process -> {
            LOG.info("stopping PostgreSQL (pid {}) left running on {}", process.pid(), dataDir);
            process.destroy();
            try {
                process.onExit().get(STALE_SERVER_STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw new EmbeddedInfrastructureException(
                        Reason.INVALID_INPUT,
                        "a PostgreSQL server (pid " + process.pid() + ") still uses " + dataDir,
                        e);
            }
        });
    }
}
