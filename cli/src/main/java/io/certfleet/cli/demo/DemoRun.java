package io.certfleet.cli.demo;

import io.certfleet.embedded.EmbeddedInfrastructure;
import io.certfleet.events.ApprovalGranted;
import io.certfleet.events.NodeCertificatesRenewed;
import io.certfleet.events.RenewalCompleted;
import io.certfleet.events.RenewalFailed;
import io.certfleet.events.RenewalRequested;
import io.certfleet.events.RenewalStrategy;
import io.certfleet.events.ScanCompleted;
import io.certfleet.events.Topics;
import io.certfleet.fleetsim.FleetSimulator;
import io.certfleet.fleetsim.SimulatedFleet;
import io.certfleet.fleetsim.SimulatedKubelets;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One run of the demo. Stages print as they go; everything started is stopped on close, in reverse
 * order, also when a stage fails.
 */
final class DemoRun implements AutoCloseable {
    record Settings(int clusters, long seed, Path workDir, Duration stageTimeout) {}

    private static final String MARKER = ".certfleet-demo";
    private static final String DATABASE = "certfleet";
    private static final int STAGES = 8;

    private final Settings settings;
    private final PrintWriter out;
    private final Clock clock = Clock.systemUTC();
    private final List<AutoCloseable> started = new ArrayList<>();
    private final Map<ServiceName, ServiceProcess> services = new EnumMap<>(ServiceName.class);
    private int stage;

    DemoRun(Settings settings, PrintWriter out) {
        this.settings = settings;
        this.out = out;
    }

    int execute() {
        out.println("certfleet demo — on a SIMULATED fleet (fleet-sim); nothing here touches a real cluster.");
        out.println();
        prepareWorkDir();

        EmbeddedInfrastructure infra = step("Kafka (KRaft, in-process) and PostgreSQL (embedded binaries)", () -> {
            EmbeddedInfrastructure started =
                    EmbeddedInfrastructure.start(settings.workDir().resolve("infra"));
            List<String> topics = new ArrayList<>(Topics.all());
            Topics.all().forEach(t -> topics.add(Topics.deadLetterTopic(t)));
            started.kafka().createTopics(topics, 3);
            started.postgres().createDatabase(DATABASE);
            return started;
        });
        started.add(infra);
        detail("broker " + infra.kafka().bootstrapServers() + ", database "
                + infra.postgres().jdbcUrl(DATABASE));

        SimulatedFleet fleet = step(
                "simulated fleet: " + settings.clusters() + " clusters",
                () -> FleetSimulator.create(
                        DemoFleet.spec(settings.clusters(), settings.seed()),
                        settings.workDir().resolve("fleet"),
                        clock));
        started.add(fleet);
        // the simulated kubelets restart static pods when renewal-service (another JVM) asks through the node files
        started.add(new SimulatedKubelets(fleet.clusters().stream()
                .flatMap(c -> c.controlPlaneNodes().stream())
                .toList()));
        detail(fleet.nodes().size() + " nodes, " + fleet.endpoints().size()
                + " TLS endpoints on loopback, management API "
                + fleet.managementApi().getMasterUrl());

        EventRecorder recorder = new EventRecorder(infra.kafka().bootstrapServers());
        started.add(recorder);

        step("four services, each in its own JVM", () -> {
            startServices(infra, fleet);
            return null;
        });
        services.values()
                .forEach(s -> detail(s.service().artifact() + " " + s.baseUri() + " (log "
                        + settings.workDir().relativize(s.logFile()) + ")"));

        DemoScan scan = new DemoScan(services.get(ServiceName.SCANNER), fleet);
        step("scan: every certificate of every node, endpoint and Secret", () -> {
            scan.registerAndScan();
            boolean done = recorder.await(
                    servicesRunningAnd(r -> r.events(ScanCompleted.class).stream()
                                    .map(ScanCompleted::clusterId)
                                    .distinct()
                                    .count()
                            >= fleet.clusters().size()),
                    settings.stageTimeout());
            if (!done) {
                throw new DemoException("not every cluster reported ScanCompleted within " + settings.stageTimeout());
            }
            return null;
        });

        step("decisions: expiry → renewal requests → notifications", () -> {
            recorder.awaitQuiet(Duration.ofSeconds(3), settings.stageTimeout());
            return null;
        });

        int granted = step("ChatOps: approving the renewals that wait for a person", () -> {
            int count = new DemoApprovals(services.get(ServiceName.NOTIFIER)).grantAll("demo-operator");
            recorder.await(
                    servicesRunningAnd(r -> r.events(ApprovalGranted.class).size() >= count), settings.stageTimeout());
            return count;
        });
        detail(granted + " approval(s) granted");

        // by id: a record read twice (a consumer rebalance) must not count as another renewal
        Set<String> renewals = recorder.events(RenewalRequested.class).stream()
                .filter(r -> r.strategy() != RenewalStrategy.VIA_UPGRADE) // an upgrade renews those
                .map(RenewalRequested::renewalId)
                .collect(Collectors.toSet());
        step("renewal: backup → renew → restart static pods → verify, one control-plane node at a time", () -> {
            boolean done =
                    recorder.await(servicesRunningAnd(r -> finished(r).containsAll(renewals)), settings.stageTimeout());
            if (!done) {
                ServiceProcess renewal = services.get(ServiceName.RENEWAL);
                List<String> open = new DemoRenewals(renewal).describeOpen();
                throw new DemoException("renewals still running after " + settings.stageTimeout() + ":\n  "
                        + String.join("\n  ", open) + "\nthe end of " + renewal.logFile() + ":\n"
                        + ServiceProcess.tail(renewal.logFile(), 15));
            }
            return null;
        });
        detail(recorder.events(NodeCertificatesRenewed.class).size() + " node(s) renewed, "
                + recorder.events(RenewalCompleted.class).size() + " renewal(s) completed, "
                + recorder.events(RenewalFailed.class).size() + " failed");

        step("re-scan after renewal: the served certificates changed, expiry resolved", () -> {
            long renewed = recorder.events(RenewalCompleted.class).stream()
                    .map(RenewalCompleted::clusterId)
                    .distinct()
                    .count();
            recorder.await(
                    servicesRunningAnd(r -> r.events(ScanCompleted.class).size()
                            >= fleet.clusters().size() + renewed),
                    settings.stageTimeout());
            recorder.awaitQuiet(Duration.ofSeconds(3), settings.stageTimeout());
            return null;
        });

        out.println();
        new DemoReport(fleet, recorder).print(out);
        out.println();
        out.println("Logs and data: " + settings.workDir());
        return recorder.deadLetters() == 0 ? 0 : 1;
    }

    /** The renewals that completed or failed. */
    private static Set<String> finished(EventRecorder recorder) {
        Set<String> ids = new HashSet<>();
        recorder.events(RenewalCompleted.class).forEach(c -> ids.add(c.renewalId()));
        recorder.events(RenewalFailed.class).forEach(f -> ids.add(f.renewalId()));
        return ids;
    }

    /** {@code condition}, after making sure no service JVM has exited (then nothing more would happen). */
    private Predicate<EventRecorder> servicesRunningAnd(Predicate<EventRecorder> condition) {
        return recorder -> {
            services.values().forEach(ServiceProcess::requireRunning);
            return condition.test(recorder);
        };
    }

    private void startServices(EmbeddedInfrastructure infra, SimulatedFleet fleet) {
        ServiceClasspath classpath = ServiceClasspath.locate();
        Map<String, String> common = new LinkedHashMap<>();
        common.put("kafka.bootstrap.servers", infra.kafka().bootstrapServers());
        common.put("datasources.default.url", infra.postgres().jdbcUrl(DATABASE));
        common.put("datasources.default.username", infra.postgres().username());
        common.put("datasources.default.password", infra.postgres().password());
        common.put("certfleet.notifier.http-approvals", "true");
        Path logs = settings.workDir().resolve("logs");
        for (ServiceName name : ServiceName.values()) {
            Map<String, String> properties = new LinkedHashMap<>(common);
            if (name == ServiceName.SCANNER) {
                properties.putAll(DemoScan.scannerProperties(fleet));
            }
            if (name == ServiceName.RENEWAL) {
                properties.putAll(
                        DemoScan.renewalProperties(fleet, settings.workDir().resolve("inventory.yaml")));
            }
            ServiceProcess process = ServiceProcess.start(name, classpath, properties, logs);
            services.put(name, process);
            started.add(process);
        }
        // the JVMs start in parallel; wait for all of them
        CompletableFuture.allOf(services.values().stream()
                        .map(s -> CompletableFuture.runAsync(() -> s.awaitHealthy(settings.stageTimeout())))
                        .toArray(CompletableFuture[]::new))
                .join();
    }

    private <T> T step(String title, StageAction<T> action) {
        stage++;
        out.printf("[%d/%d] %s ... ", stage, STAGES, title);
        out.flush();
        long start = System.nanoTime();
        try {
            T result = action.run();
            out.printf("done (%.1f s)%n", (System.nanoTime() - start) / 1e9);
            out.flush();
            return result;
        } catch (java.util.concurrent.CompletionException e) {
            out.println("FAILED");
            throw e.getCause() instanceof RuntimeException r ? r : e;
        } catch (RuntimeException e) {
            out.println("FAILED");
            throw e;
        }
    }

    private void detail(String line) {
        out.println("      " + line);
        out.flush();
    }

    /** Empties the work directory of an earlier demo; refuses to empty a folder it did not make. */
    private void prepareWorkDir() {
        Path dir = settings.workDir();
        try {
            if (Files.isDirectory(dir)) {
                boolean empty;
                try (Stream<Path> entries = Files.list(dir)) {
                    empty = entries.findAny().isEmpty();
                }
                if (!empty && !Files.exists(dir.resolve(MARKER))) {
                    throw new DemoException(
                            dir + " is not empty and was not made by a demo; choose another --work-dir");
                }
                try (Stream<Path> walk = Files.walk(dir)) {
                    for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(path);
                    }
                }
            }
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(MARKER), "made by certfleet demo; emptied by the next run\n");
        } catch (IOException e) {
            throw new DemoException("cannot prepare " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                out.println("      (while stopping: " + e.getMessage() + ")");
            }
        }
        out.flush();
    }

    @FunctionalInterface
    private interface StageAction<T> {
        T run();
    }
}
