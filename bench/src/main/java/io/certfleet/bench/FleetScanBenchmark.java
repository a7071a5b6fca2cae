package io.certfleet.bench;

import io.certfleet.embedded.EmbeddedInfrastructure;
import io.certfleet.events.ScanCompleted;
import io.certfleet.events.Topics;
import io.certfleet.fleetsim.FleetSimulator;
import io.certfleet.fleetsim.FleetSpec;
import io.certfleet.fleetsim.KubeletKubeconfig;
import io.certfleet.fleetsim.SimulatedFleet;
import io.certfleet.fleetsim.SimulatedNode;
import io.certfleet.scanner.application.RegisterClusters;
import io.certfleet.scanner.application.ScanCluster;
import io.certfleet.scanner.application.ScanLeases;
import io.certfleet.scanner.domain.inventory.Cluster;
import io.certfleet.scanner.domain.inventory.ClusterFlavour;
import io.certfleet.scanner.domain.inventory.ClusterNode;
import io.certfleet.scanner.domain.inventory.ClusterOrigin;
import io.certfleet.scanner.domain.inventory.NodeAccess;
import io.certfleet.scanner.domain.inventory.NodeRole;
import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * End-to-end benchmark of the scanner's scan pipeline on a large SIMULATED cluster: a 5,000-node cluster (mostly
 * workers, each with kubelet.conf and the kubelet's PKI) scanned to completion in-process — node files read, inventory
 * rows, expiry transitions and CertScanned events committed step by step to a real PostgreSQL, the outbox relayed to a
 * real Kafka broker (both embedded) — against a 500-node baseline measured in the same run.
 *
 * <p>It prints nodes/s, certificates/s and heap (peak used, and peak left after a collection: the retained set) for
 * each, then the ratios to the baseline. A pipeline with bounded memory keeps the heap ratio near 1 while the time ratio
 * follows the node ratio. Timings are this machine's; only the ratios travel. Not a test: nothing asserts a time.
 *
 * <pre>{@code
 * ./build -pl bench -am package -DskipTests
 * java -Xmx512m -cp "bench/target/classes:$(cat bench/target/classpath.txt)" io.certfleet.bench.FleetScanBenchmark
 * }</pre>
 *
 * Arguments: {@code --nodes N} (default 5000), {@code --baseline N} (default 500), {@code --dir DIR} (where the
 * simulated node trees go; default a temporary directory, deleted afterwards).
 */
public final class FleetScanBenchmark {
    /** Nodes per simulated cluster: fleet-sim gives each cluster one loopback /24. */
    private static final int NODES_PER_SIMULATED_CLUSTER = 250;

    private FleetScanBenchmark() {}

    /** One measured scan. */
    record Measurement(
            String name,
            int nodes,
            int certificates,
            int errors,
            Duration scan,
            Duration drain,
            long peakHeapUsed,
            long peakHeapAfterGc) {
        double nodesPerSecond() {
            return nodes / seconds(scan);
        }

        double certificatesPerSecond() {
            return certificates / seconds(scan);
        }
    }

    public static void main(String[] args) throws Exception {
        // before the first logger exists: the services' own logback.xml would print every INFO line
        System.setProperty("logback.configurationFile", "logback-bench.xml");
        Map<String, String> options = options(args);
        int nodes = Integer.parseInt(options.getOrDefault("nodes", "5000"));
        int baseline = Integer.parseInt(options.getOrDefault("baseline", "500"));
        Optional<Path> dir = Optional.ofNullable(options.get("dir")).map(Path::of);
        Path root = dir.orElseGet(FleetScanBenchmark::temporaryDirectory);
        System.out.printf(
                "fleet scan benchmark: %d nodes against a %d-node baseline, max heap %d MiB, %d cores%n",
                nodes,
                baseline,
                Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors());

        // the last two simulated clusters only warm the JIT up; the others make the measured clusters
        int clusters = (nodes + NODES_PER_SIMULATED_CLUSTER - 1) / NODES_PER_SIMULATED_CLUSTER + 2;
        long generating = System.nanoTime();
        try (SimulatedFleet fleet = FleetSimulator.create(spec(clusters), root, Clock.systemUTC());
                EmbeddedInfrastructure infrastructure = EmbeddedInfrastructure.start()) {
            System.out.printf(
                    "simulated %d nodes in %d clusters under %s in %.1f s%n",
                    fleet.nodes().size(), clusters, root, seconds(Duration.ofNanos(System.nanoTime() - generating)));
            infrastructure.kafka().createTopics(Topics.all(), 3);
            String database = infrastructure.postgres().createDatabase("bench_scanner");
            try (ApplicationContext scanner = ApplicationContext.builder()
                    .properties(properties(infrastructure, database))
                    .start()) {
                List<SimulatedNode> all = fleet.clusters().subList(0, clusters - 2).stream()
                        .flatMap(c -> c.nodes().stream())
                        .toList();
                List<SimulatedNode> warmUp = fleet.clusters().subList(clusters - 2, clusters).stream()
                        .flatMap(c -> c.nodes().stream())
                        .toList();
                register(scanner, "bench-warm-up", warmUp);
                register(scanner, "bench-baseline", all.subList(0, Math.min(baseline, all.size())));
                register(scanner, "bench-large", all.subList(0, Math.min(nodes, all.size())));

                DataSource dataSource = infrastructure.postgres().dataSource("bench_scanner");
                measure(scanner, dataSource, "bench-warm-up", "warm-up, first scan");
                measure(scanner, dataSource, "bench-warm-up", "warm-up, rescan");
                Measurement small = measure(scanner, dataSource, "bench-baseline", "baseline, first scan");
                Measurement large = measure(scanner, dataSource, "bench-large", "large, first scan");
                Measurement again = measure(scanner, dataSource, "bench-large", "large, rescan");
                System.out.println();
                System.out.printf(
                        "ratios to the baseline (%d nodes): %-22s time %6.2fx   nodes/s %5.2fx   heap peak %5.2fx"
                                + "   heap after GC %5.2fx%n",
                        small.nodes(),
                        "",
                        ratio(large.scan(), small.scan()),
                        large.nodesPerSecond() / small.nodesPerSecond(),
                        (double) large.peakHeapUsed() / small.peakHeapUsed(),
                        (double) large.peakHeapAfterGc() / small.peakHeapAfterGc());
                System.out.printf(
                        "%-44s time %6.2fx   nodes/s %5.2fx   heap peak %5.2fx   heap after GC %5.2fx%n",
                        "  rescan of the large cluster:",
                        ratio(again.scan(), small.scan()),
                        again.nodesPerSecond() / small.nodesPerSecond(),
                        (double) again.peakHeapUsed() / small.peakHeapUsed(),
                        (double) again.peakHeapAfterGc() / small.peakHeapAfterGc());
                System.out.printf(
                        "node ratio %.1fx: a pipeline that scales linearly shows a time ratio near it and heap ratios"
                                + " near 1%n",
                        (double) large.nodes() / small.nodes());
            }
        } finally {
            if (dir.isEmpty()) {
                deleteTree(root);
            }
        }
    }

    private static FleetSpec spec(int clusters) {
        FleetSpec.Builder spec = FleetSpec.builder(5000).tlsEndpoints(false).managementApi(false);
        for (int i = 0; i < clusters; i++) {
            String name = String.format("large-%02d", i);
            spec.cluster(c -> c.name(name)
                    .kubernetesVersion("v1.30.6")
                    .controlPlaneNodes(1)
                    .workers(NODES_PER_SIMULATED_CLUSTER - 1)
                    .kubeletKubeconfig(KubeletKubeconfig.EMBEDDED_CERTIFICATE));
        }
        return spec.build();
    }

    private static Map<String, Object> properties(EmbeddedInfrastructure infrastructure, String database) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("kafka.bootstrap.servers", infrastructure.kafka().bootstrapServers());
        properties.put("datasources.default.url", database);
        properties.put("datasources.default.username", infrastructure.postgres().username());
        properties.put("datasources.default.password", infrastructure.postgres().password());
        properties.put("datasources.default.driver-class-name", "org.postgresql.Driver");
        // the benchmark runs scans itself; no timer interferes
        properties.put("certfleet.scanner.scheduler-enabled", "false");
        properties.put("certfleet.scanner.scan-jitter", "0s");
        properties.put("certfleet.scanner.metrics-refresh", "1h");
        return properties;
    }

    /** One inventory cluster made of simulated nodes (possibly of several simulated clusters). */
    private static void register(ApplicationContext scanner, String id, List<SimulatedNode> nodes) {
        List<ClusterNode> members = new ArrayList<>();
        for (SimulatedNode node : nodes) {
            members.add(new ClusterNode(
                    node.name(),
                    node.role() == io.certfleet.fleetsim.NodeRole.CONTROL_PLANE
                            ? NodeRole.CONTROL_PLANE
                            : NodeRole.WORKER,
                    Optional.of(node.hostIp()),
                    Optional.of(node.root().toString()),
                    List.of()));
        }
        scanner.getBean(RegisterClusters.class)
                .register(new Cluster(
                        id,
                        ClusterFlavour.KUBEADM,
                        Map.of("team", "bench"),
                        Optional.empty(),
                        Optional.empty(),
                        false,
                        NodeAccess.LOCAL,
                        ClusterOrigin.API,
                        Optional.empty(),
                        members,
                        List.of()));
    }

    private static Measurement measure(ApplicationContext scanner, DataSource dataSource, String clusterId, String name)
            throws Exception {
        String owner = "bench";
        ScanLeases leases = scanner.getBean(ScanLeases.class);
        Instant now = Instant.now();
        leases.dueNow(clusterId, now);
        List<String> claimed;
        do {
            // the other bench clusters are due too: claim until this one is ours, give the others back
            claimed = leases.claimDue(owner, now, now.plus(Duration.ofHours(1)), 10);
            claimed.stream()
                    .filter(c -> !c.equals(clusterId))
                    .forEach(c -> leases.release(c, owner, now.plus(Duration.ofDays(1))));
        } while (!claimed.contains(clusterId));

        System.gc();
        HeapSampler heap = HeapSampler.start();
        long began = System.nanoTime();
        ScanCluster.Outcome outcome = scanner.getBean(ScanCluster.class).scan(clusterId, owner, "benchmark");
        Duration scan = Duration.ofNanos(System.nanoTime() - began);
        heap.stop();
        if (!(outcome instanceof ScanCluster.Completed completed)) {
            throw new IllegalStateException("the scan of " + clusterId + " did not complete: " + outcome);
        }
        long draining = System.nanoTime();
        while (unpublished(dataSource) > 0) {
            Thread.sleep(50);
        }
        Duration drain = Duration.ofNanos(System.nanoTime() - draining);
        ScanCompleted event = completed.event();
        int nodes = nodes(dataSource, clusterId);
        Measurement m = new Measurement(
                name,
                nodes,
                event.certificateCount(),
                event.errorCount(),
                scan,
                drain,
                heap.peakUsed(),
                heap.peakAfterGc());
        System.out.printf(
                "%-26s %5d nodes %6d certificates %4d errors  scan %6.2f s  %7.0f nodes/s  %8.0f certificates/s"
                        + "  heap peak %5d MiB, after GC %4d MiB  (events relayed %.2f s later)%n",
                m.name(),
                m.nodes(),
                m.certificates(),
                m.errors(),
                seconds(m.scan()),
                m.nodesPerSecond(),
                m.certificatesPerSecond(),
                m.peakHeapUsed() >> 20,
                m.peakHeapAfterGc() >> 20,
                seconds(m.drain()));
        return m;
    }

    private static long unpublished(DataSource dataSource) throws Exception {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM scanner.outbox WHERE published_at IS NULL")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int nodes(DataSource dataSource, String clusterId) throws Exception {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT count(*) FROM scanner.cluster_node WHERE cluster_id = '" + clusterId + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /**
     * Samples the heap every 5 ms: the largest "used" seen, and the largest usage left after a collection (the
     * retained set, which is what "bounded memory" is about; "used" also counts garbage not collected yet).
     */
    private static final class HeapSampler implements Runnable {
        private final AtomicLong peakUsed = new AtomicLong();
        private final AtomicLong peakAfterGc = new AtomicLong();
        private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .toList();
        private volatile boolean running = true;
        private Thread thread;

        static HeapSampler start() {
            HeapSampler sampler = new HeapSampler();
            sampler.thread = Thread.ofPlatform().daemon().name("heap-sampler").start(sampler);
            return sampler;
        }

        @Override
        public void run() {
            while (running) {
                sample();
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void sample() {
            peakUsed.accumulateAndGet(
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
            long afterGc = 0;
            for (MemoryPoolMXBean pool : heapPools) {
                if (pool.getCollectionUsage() != null) {
                    afterGc += pool.getCollectionUsage().getUsed();
                }
            }
            peakAfterGc.accumulateAndGet(afterGc, Math::max);
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
            sample();
        }

        long peakUsed() {
            return peakUsed.get();
        }

        long peakAfterGc() {
            return peakAfterGc.get();
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static double ratio(Duration a, Duration b) {
        return (double) a.toNanos() / b.toNanos();
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("certfleet-bench-fleet");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a temporary directory", e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
