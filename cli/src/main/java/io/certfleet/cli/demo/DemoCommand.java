package io.certfleet.cli.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code certfleet demo}: the whole pipeline on one machine with nothing installed — a real Kafka
 * broker and a real PostgreSQL in-process, the four services as their own JVMs, and a simulated
 * fleet — then a report of what crossed the bus.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Run the whole pipeline end to end on a SIMULATED fleet.",
            "Starts a real Kafka broker (KRaft) and a real PostgreSQL in-process and the four services as"
                    + " separate JVMs, then scans the fleet, raises expiry alerts, asks for approval, renews"
                    + " one control-plane node at a time, re-scans, and reports what crossed the bus.",
        })
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--clusters",
            defaultValue = "6",
            description = "Simulated clusters (every 6 cover each situation once; default ${DEFAULT-VALUE}).")
    int clusters;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Seed of the simulated fleet (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--work-dir",
            defaultValue = ".certfleet/demo",
            description = "Where the broker, database, fleet files and service logs go; emptied at start"
                    + " (default ${DEFAULT-VALUE}).")
    Path workDir;

    @Option(
            names = "--timeout",
            defaultValue = "PT3M",
            description = "How long to wait for each stage (ISO-8601, default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
        if (clusters < 1 || clusters > 500) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--clusters must be 1..500");
        }
        try (DemoRun run = new DemoRun(
                new DemoRun.Settings(clusters, seed, workDir.toAbsolutePath(), timeout),
                spec.commandLine().getOut())) {
            return run.execute();
        }
    }
}
