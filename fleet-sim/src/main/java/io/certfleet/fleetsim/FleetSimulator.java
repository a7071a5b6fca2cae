package io.certfleet.fleetsim;

import io.certfleet.pki.issue.BouncyCastleCertificateIssuer;
import io.certfleet.pki.issue.PkiFileWriter;
import io.certfleet.pki.kubeadm.NodeIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a SIMULATED fleet: THIS IS A SIMULATOR for the demo, tests and benchmarks, not a tool
 * for production clusters. Nothing it creates is a real cluster and it never talks to one.
 *
 * <p>From a {@link FleetSpec} and a seed it creates, deterministically (names, topology, ages,
 * serial numbers; key bytes are random):
 *
 * <ul>
 *   <li>per node a directory {@code <root>/<cluster>/<node>/} shaped like the node's file system,
 *       with real certificates and keys as the seed 003 table ({@code KubeadmCertificate}) says,
 *       aged relative to {@code clock};
 *   <li>per node a loopback address {@code 127.<10 + cluster/256>.<cluster % 256>.<node + 1>}
 *       used as its host IP;
 *   <li>per control-plane node TLS endpoints serving the on-disk apiserver and etcd server
 *       certificates ({@link TlsEndpoint});
 *   <li>a management API (Fabric8 mock server) with a namespace per cluster, and per cluster an
 *       API holding its Nodes, started on first use.
 * </ul>
 *
 * <p>Cost: ECDSA keys (the default) make a 20-cluster fleet a matter of seconds; RSA 2048 keys
 * cost 100-200 ms each, about 50 per three-node control plane.
 */
public final class FleetSimulator {

    private static final Logger LOG = LoggerFactory.getLogger(FleetSimulator.class);
    private static final String[] RANDOM_CHARS = "bcdfghjklmnpqrstvwxz2456789".split("");

    private FleetSimulator() {}

    /**
     * Creates the fleet under {@code root} (created if missing; existing cluster directories are
     * overwritten) and starts its endpoints and APIs.
     */
    public static SimulatedFleet create(FleetSpec spec, Path root, Clock clock) {
        long started = System.nanoTime();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Path absoluteRoot = root.toAbsolutePath().normalize();
        SplittableRandom master = new SplittableRandom(spec.seed() ^ 0x9E3779B97F4A7C15L);
        List<SimulatedCluster> clusters = new ArrayList<>();
        Map<SimulatedCluster, SplittableRandom> randoms = new HashMap<>();
        for (int i = 0; i < spec.clusters().size(); i++) {
            SimulatedCluster cluster = new SimulatedCluster(spec.clusters().get(i), i, clock);
            SplittableRandom random = master.split();
            planNodes(cluster, absoluteRoot, random);
            clusters.add(cluster);
            randoms.put(cluster, random);
        }
        SimulatedFleet fleet = new SimulatedFleet(spec, absoluteRoot, clock, now, clusters);
        long written;
        long served;
        // CPU-bound certificate work on the cores; the mock server boots meanwhile on its own threads
        ExecutorService pool =
                Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
                    Thread thread = new Thread(r, "fleet-sim-builder");
                    thread.setDaemon(true);
                    return thread;
                });
        Future<ManagementApi> management = null;
        try {
            management = spec.managementApi() ? pool.submit(ManagementApi::start) : null;
            Files.createDirectories(absoluteRoot);
            Map<SimulatedNode, String> localUrls = bindEndpoints(spec, clusters, clock);
            BouncyCastleCertificateIssuer issuer = new BouncyCastleCertificateIssuer(clock);
            // throw-away files: no fsync, or thousands of them would take minutes on a real disk
            PkiFileWriter files = new PkiFileWriter(false);
            runAll(
                    pool,
                    clusters,
                    cluster -> new ClusterWriter(cluster, now, randoms.get(cluster), issuer, files, localUrls::get)
                            .write());
            written = System.nanoTime();
            runAll(pool, fleet.endpoints(), TlsEndpoint::start);
            served = System.nanoTime();
            if (management != null) {
                ManagementApi api = await(management);
                // from here on closing the fleet closes the management API
                fleet.managementApi(api);
                runAll(pool, clusters, api::register);
            }
        } catch (IOException e) {
            abandon(fleet, management);
            throw new UncheckedIOException("cannot build the simulated fleet under " + absoluteRoot, e);
        } catch (RuntimeException e) {
            abandon(fleet, management);
            throw e;
        } finally {
            pool.shutdownNow();
        }
        long done = System.nanoTime();
        LOG.info(
                "simulated fleet ready: {} clusters, {} nodes, {} TLS endpoints under {} in {} ms"
                        + " (PKI and files {} ms, endpoints {} ms, management API {} ms)",
                clusters.size(),
                fleet.nodes().size(),
                fleet.endpoints().size(),
                absoluteRoot,
                (done - started) / 1_000_000,
                (written - started) / 1_000_000,
                (served - written) / 1_000_000,
                (done - served) / 1_000_000);
        return fleet;
    }

    /** Names, roles, zones and addresses; consumes the cluster's random in a fixed order. */
    private static void planNodes(SimulatedCluster cluster, Path root, SplittableRandom random) {
        ClusterSpec spec = cluster.spec();
        KubeadmConventions conventions = KubeadmConventions.of(spec);
        List<String> zones = spec.zones();
        int zoneOffset = random.nextInt(zones.size());
        boolean capi = spec.flavour() == ClusterFlavour.CLUSTER_API;
        String machineSet = spec.name() + "-md-0-" + randomSuffix(random);
        int ordinal = 0;
        for (int i = 0; i < spec.controlPlaneNodes(); i++, ordinal++) {
            String name =
                    capi ? spec.name() + "-control-plane-" + randomSuffix(random) : spec.name() + "-cp-" + (i + 1);
            addNode(
                    cluster,
                    root,
                    conventions,
                    name,
                    NodeRole.CONTROL_PLANE,
                    i,
                    zones.get((zoneOffset + i) % zones.size()),
                    ordinal);
        }
        for (int i = 0; i < spec.workers(); i++, ordinal++) {
            String name = capi ? machineSet + "-" + randomSuffix(random) : spec.name() + "-worker-" + (i + 1);
            addNode(
                    cluster,
                    root,
                    conventions,
                    name,
                    NodeRole.WORKER,
                    i,
                    zones.get((zoneOffset + i) % zones.size()),
                    ordinal);
        }
    }

    private static void addNode(
            SimulatedCluster cluster,
            Path root,
            KubeadmConventions conventions,
            String name,
            NodeRole role,
            int indexInRole,
            String zone,
            int ordinal) {
        int index = cluster.index();
        String hostIp = "127." + (10 + index / 256) + "." + (index % 256) + "." + (ordinal + 1);
        boolean initNode = role == NodeRole.CONTROL_PLANE && indexInRole == 0;
        cluster.addNode(new SimulatedNode(
                cluster,
                name,
                role,
                indexInRole,
                zone,
                NodeIdentity.of(name, hostIp),
                root.resolve(cluster.name()).resolve(name),
                initNode,
                conventions.certificatesOf(role, initNode)));
    }

    private static String randomSuffix(SplittableRandom random) {
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            suffix.append(RANDOM_CHARS[random.nextInt(RANDOM_CHARS.length)]);
        }
        return suffix.toString();
    }

    /** Binds listeners first: kubeconfigs need the ports. Returns each control-plane node's own API URL. */
    private static Map<SimulatedNode, String> bindEndpoints(
            FleetSpec spec, List<SimulatedCluster> clusters, Clock clock) throws IOException {
        Map<SimulatedNode, String> localUrls = new HashMap<>();
        for (SimulatedCluster cluster : clusters) {
            for (SimulatedNode node : cluster.controlPlaneNodes()) {
                if (spec.tlsEndpoints()) {
                    InetAddress address = InetAddress.getByName(node.hostIp());
                    TlsEndpoint apiserver = TlsEndpoint.bind(
                            TlsEndpoint.Component.APISERVER,
                            node.name(),
                            address,
                            node.certDir().resolve("apiserver.crt"),
                            node.certDir().resolve("apiserver.key"),
                            node.certDir().resolve("ca.crt"),
                            clock,
                            TlsEndpoint.relayTo(cluster::workloadApiAddress));
                    TlsEndpoint etcd = TlsEndpoint.bind(
                            TlsEndpoint.Component.ETCD,
                            node.name(),
                            address,
                            node.certDir().resolve("etcd/server.crt"),
                            node.certDir().resolve("etcd/server.key"),
                            node.certDir().resolve("etcd/ca.crt"),
                            clock,
                            TlsEndpoint.health(TlsEndpoint.Component.ETCD, cluster.kubernetesVersion()));
                    node.attachEndpoints(apiserver, etcd);
                    localUrls.put(node, apiserver.url());
                } else {
                    localUrls.put(node, "https://" + node.hostIp() + ":6443");
                }
            }
            cluster.apiserverUrl(localUrls.get(cluster.controlPlaneNodes().get(0)));
        }
        return localUrls;
    }

    /** Stops what was started before a failure, including a management API not yet handed to the fleet. */
    private static void abandon(SimulatedFleet fleet, Future<ManagementApi> management) {
        boolean attached = fleet.hasManagementApi();
        fleet.close();
        if (management != null && !attached) {
            try {
                management.get().close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | RuntimeException e) {
                LOG.debug("management API of an abandoned fleet: {}", e.toString());
            }
        }
    }

    private static <T> void runAll(ExecutorService pool, List<T> items, Consumer<T> task) {
        List<Future<?>> work = new ArrayList<>();
        for (T item : items) {
            work.add(pool.submit(() -> task.accept(item)));
        }
        for (Future<?> future : work) {
            await(future);
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the simulated fleet", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("building the simulated fleet failed", e.getCause());
        }
    }
}
