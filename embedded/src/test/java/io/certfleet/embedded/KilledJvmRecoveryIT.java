package io.certfleet.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A demo JVM killed with SIGKILL leaves its postmaster running on the data directory (pg_ctl detaches
 * it and no shutdown hook runs). The next start on that directory must take over, not fail.
 */
class KilledJvmRecoveryIT {

    @TempDir
    Path workDir;

    @Test
    void aPostmasterOrphanedByAKilledJvmIsStoppedAndTheDataIsKept() throws Exception {
        Path dataDir = workDir.resolve("postgres");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process other = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        PostgresInAnotherJvm.class.getName(),
                        dataDir.toString())
                .redirectErrorStream(true)
                .start();
        try {
            CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> {
                try (BufferedReader out =
                        new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = out.readLine()) != null) {
                        if (line.equals("READY")) {
                            return true;
                        }
                    }
                    return false;
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            assertThat(ready.get(120, TimeUnit.SECONDS))
                    .as("other JVM started PostgreSQL")
                    .isTrue();
        } finally {
            other.destroyForcibly();
            other.waitFor(30, TimeUnit.SECONDS);
        }
        long orphanPid = Long.parseLong(
                Files.readAllLines(dataDir.resolve("postmaster.pid")).getFirst().trim());
        assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive))
                .as("postmaster outlives the killed JVM")
                .contains(true);

        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(dataDir)) {
            assertThat(ProcessHandle.of(orphanPid).filter(ProcessHandle::isAlive))
                    .as("orphan stopped")
                    .isEmpty();
            try (Connection connection = postgres.dataSource("demo").getConnection();
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT id FROM survivor")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("written-before-kill");
            }
        } finally {
            // If the take-over failed, do not leave the orphan running past this test.
            // Only that very postmaster: after it exited, the pid may belong to another process.
            ProcessHandle.of(orphanPid)
                    .filter(p -> p.info()
                            .commandLine()
                            .map(line -> line.contains(dataDir.toString()))
                            .orElse(false))
                    .ifPresent(ProcessHandle::destroy);
        }
    }
}
