package io.certfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, end to end: a real broker and database, the four services as their
 * own JVMs (from the jars this build packaged), a simulated fleet, and the events they exchange.
 */
class DemoIT {

    @Test
    void theDemoRunsThePipelineOnTheSimulatedFleet(@TempDir Path dir) throws Exception {
        Path workDir = dir.resolve("demo");
        CliRun run = CliRun.of("demo", "--clusters", "6", "--work-dir", workDir.toString(), "--timeout", "PT2M");

        // the error first: a failure report shows the beginning of this
        assertThat(run.exitCode()).as(run.err() + "\n" + run.out()).isZero();
        assertThat(run.out()).contains("SIMULATED fleet").contains("[8/8]").doesNotContain("FAILED");
        // each situation of the demo fleet shows up with the decisions it calls for
        assertThat(line(run.out(), "prod-eu-1")).contains(" ok ").doesNotContain("completed");
        assertThat(line(run.out(), "prod-us-1")).contains("WARNING", " yes ", "completed", "3 node");
        assertThat(line(run.out(), "staging-1")).contains("CRITICAL", "completed", "1 node");
        assertThat(line(run.out(), "edge-1")).contains("EXPIRED", "completed", "1 node");
        assertThat(run.out())
                .contains("io.certfleet.CertScanned.v1")
                .contains("io.certfleet.ScanCompleted.v1")
                .contains("io.certfleet.ExpiryDetected.v1")
                .contains("io.certfleet.RenewalRequested.v1")
                .contains("io.certfleet.ApprovalGranted.v1")
                .contains("io.certfleet.NodeCertificatesRenewed.v1")
                .contains("io.certfleet.RenewalCompleted.v1")
                .contains("io.certfleet.ExpiryResolved.v1")
                .doesNotContain("RenewalFailed")
                .doesNotContain("dead letter");

        // every service logged to its file, and no private key ever reached a log or the output
        try (Stream<Path> logs = Files.list(workDir.resolve("logs"))) {
            for (Path log : logs.toList()) {
                assertThat(Files.readString(log)).as(log.toString()).doesNotContain("PRIVATE KEY");
            }
        }
        assertThat(run.all()).doesNotContain("PRIVATE KEY");
    }

    private static String line(String output, String cluster) {
        return output.lines()
                .filter(l -> l.startsWith(cluster + " "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no report line for " + cluster + " in:\n" + output));
    }
}
