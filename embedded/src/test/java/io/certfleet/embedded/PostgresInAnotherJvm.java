package io.certfleet.embedded;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;

/**
 * Started as a separate JVM by {@link KilledJvmRecoveryIT}: starts PostgreSQL on a persistent
 * directory, writes one row, prints READY and waits to be killed.
 */
public final class PostgresInAnotherJvm {

    private PostgresInAnotherJvm() {}

    public static void main(String[] args) throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.start(Path.of(args[0]));
        postgres.createDatabase("demo");
        try (Connection connection = postgres.dataSource("demo").getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS survivor (id TEXT)");
            statement.execute("INSERT INTO survivor VALUES ('written-before-kill')");
        }
        System.out.println("READY");
        System.out.flush();
        new CountDownLatch(1).await(); // until SIGKILL
    }
}
