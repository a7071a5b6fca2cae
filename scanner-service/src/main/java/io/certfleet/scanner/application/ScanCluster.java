package io.certfleet.scanner.application;

import io.certfleet.events.ScanCompleted;
import io.certfleet.scanner.config.ScannerSettings;
import io.certfleet.scanner.domain.inventory.Cluster;
import io.certfleet.scanner.domain.inventory.ClusterNode;
import io.certfleet.scanner.domain.inventory.Endpoint;
import io.certfleet.scanner.domain.scan.ObservedCertificate;
import io.certfleet.scanner.domain.scan.ScanRun;
import io.certfleet.scanner.domain.scan.ServedCertificateCheck;
import io.certfleet.scanner.domain.scan.SourceReading;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Use case: scan one claimed cluster, as a pipeline of committed steps (see {@link ScanRun}).
 *
 * <ol>
 *   <li>cluster-level sources: endpoints not tied to a node, management Secrets, trust bundles, issued CSRs;
 *   <li>the nodes in name order, {@code node-batch-size} at a time, each node's files and endpoints read in parallel
 *       ({@code node-concurrency}), its served certificates compared with the files on its disk;
 *   <li>ScanCompleted, the next scan scheduled, the lease released.
 * </ol>
 *
 * Sources are read outside any transaction; every step is committed with its events before the next one is read, so
 * memory stays bounded on a 5,000-node cluster and a restart resumes after the last committed step. A source that
 * cannot be read is a ScanError and the scan goes on.
 */
@Singleton
public class ScanCluster {
    private static final Logger LOG = LoggerFactory.getLogger(ScanCluster.class);

    private final ScanSteps steps;
    private final NodeFiles nodeFiles;
    private final TlsProbe tls;
    private final ManagementSources management;
    private final ScannerSettings settings;

    ScanCluster(
            ScanSteps steps,
            NodeFiles nodeFiles,
            TlsProbe tls,
            ManagementSources management,
            ScannerSettings settings) {
        this.steps = steps;
        this.nodeFiles = nodeFiles;
        this.tls = tls;
        this.management = management;
        this.settings = settings;
    }

    /** How a scan ended. */
    public sealed interface Outcome {}

    /** The scan finished and published ScanCompleted. */
    public record Completed(ScanCompleted event, boolean resumed) implements Outcome {}

    /** The cluster left the inventory after it was claimed. */
    public record ClusterGone(String clusterId) implements Outcome {}

    /** Another instance took the cluster over (this one's lease expired); it goes on with the scan. */
    public record LeaseLost(String clusterId, String scanId) implements Outcome {}

    /** The scan broke off; the cluster is scanned again later. */
    public record Abandoned(String clusterId, String scanId, String reason) implements Outcome {}

    public Outcome scan(String clusterId, String owner, String trigger) {
        Optional<ScanSteps.Begun> begun = steps.begin(clusterId, owner, trigger);
        if (begun.isEmpty()) {
            return new ClusterGone(clusterId);
        }
        ScanSteps.Begun scan = begun.get();
        ScanRun run = scan.run();
        MDC.put("clusterId", clusterId);
        MDC.put("scanId", run.scanId());
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            Semaphore permits = new Semaphore(settings.nodeConcurrency());
            if (!run.clusterSourcesDone()) {
                run = steps.record(scan, run, owner, clusterSources(scan.cluster(), readers, permits), 0, true);
            }
            List<ClusterNode> nodes = scan.cluster().nodes().stream()
                    .sorted(Comparator.comparing(ClusterNode::name))
                    .toList();
            while (run.nodesDone() < nodes.size()) {
                int from = run.nodesDone();
                List<ClusterNode> batch = nodes.subList(from, Math.min(nodes.size(), from + settings.nodeBatchSize()));
                List<SourceReading> readings = readNodes(scan.cluster(), batch, readers, permits);
                run = steps.record(scan, run, owner, readings, batch.size(), false);
            }
            ScanCompleted completed = steps.finish(scan, run, owner);
            LOG.info(
                    "scan {} of {} done{}: {} certificates, {} errors, {} unreachable, {} ExpiryDetected, {}"
                            + " ExpiryResolved (thresholds: {})",
                    run.scanId(),
                    clusterId,
                    scan.resumed() ? " (resumed)" : "",
                    run.certificateCount(),
                    run.errorCount(),
                    run.unreachableCount(),
                    run.expiryDetected(),
                    run.expiryResolved(),
                    scan.thresholds().reason());
            return new Completed(completed, scan.resumed());
        } catch (ScanSteps.LeaseLostException e) {
            LOG.warn("scan {} of {} stopped: {}", run.scanId(), clusterId, e.getMessage());
            return new LeaseLost(clusterId, run.scanId());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return abandon(clusterId, run, owner, "interrupted (the instance is stopping)");
        } catch (RuntimeException e) {
            // a defect or the database: the scan row says why, the cluster is retried at the next dispatch
            LOG.error("scan {} of {} failed", run.scanId(), clusterId, e);
            return abandon(clusterId, run, owner, "failed: " + e.getClass().getSimpleName());
        } finally {
            MDC.remove("clusterId");
            MDC.remove("scanId");
        }
    }

    private Outcome abandon(String clusterId, ScanRun run, String owner, String reason) {
        try {
            steps.abandon(clusterId, run.scanId(), owner, reason);
        } catch (RuntimeException e) {
            LOG.warn(
                    "could not mark scan {} of {} abandoned ({}); its lease expires on its own",
                    run.scanId(),
                    clusterId,
                    e.getClass().getSimpleName());
        }
        return new Abandoned(clusterId, run.scanId(), reason);
    }

    private List<SourceReading> clusterSources(Cluster cluster, ExecutorService readers, Semaphore permits)
            throws InterruptedException {
        List<Future<SourceReading>> pending = new ArrayList<>();
        for (Endpoint endpoint : cluster.endpoints()) {
            pending.add(submit(readers, permits, () -> tls.probe(Optional.empty(), endpoint)));
        }
        pending.add(submit(readers, permits, () -> management.secrets(cluster)));
        pending.add(submit(readers, permits, () -> management.trustBundles(cluster)));
        pending.add(submit(readers, permits, () -> management.certificateSigningRequests(cluster)));
        return collect(pending);
    }

    private List<SourceReading> readNodes(
            Cluster cluster, List<ClusterNode> batch, ExecutorService readers, Semaphore permits)
            throws InterruptedException {
        List<Future<List<SourceReading>>> pending = new ArrayList<>();
        for (ClusterNode node : batch) {
            pending.add(readers.submit(() -> readNode(cluster, node, readers, permits)));
        }
        List<SourceReading> readings = new ArrayList<>();
        for (Future<List<SourceReading>> future : pending) {
            readings.addAll(join(future));
        }
        return readings;
    }

    /** A node's files and endpoints; each served leaf compared with the file on the node's disk. */
    private List<SourceReading> readNode(Cluster cluster, ClusterNode node, ExecutorService readers, Semaphore permits)
            throws InterruptedException {
        Future<SourceReading> files = submit(readers, permits, () -> nodeFiles.read(cluster, node));
        List<Future<SourceReading>> served = new ArrayList<>();
        for (Endpoint endpoint : node.endpoints()) {
            served.add(submit(readers, permits, () -> tls.probe(Optional.of(node.name()), endpoint)));
        }
        SourceReading disk = join(files);
        List<SourceReading> readings = new ArrayList<>();
        readings.add(disk);
        for (int i = 0; i < served.size(); i++) {
            readings.add(compared(node.endpoints().get(i), join(served.get(i)), disk));
        }
        return readings;
    }

    private static SourceReading compared(Endpoint endpoint, SourceReading served, SourceReading disk) {
        if (served.certificates().isEmpty() || !disk.complete()) {
            return served;
        }
        List<ObservedCertificate> flagged = new ArrayList<>(served.certificates());
        ObservedCertificate leaf = flagged.get(0);
        if (ServedCertificateCheck.compare(endpoint.component(), leaf, disk.certificates())
                instanceof ServedCertificateCheck.Differs differs) {
            flagged.set(0, leaf.withFinding(differs.finding()));
        }
        return new SourceReading(served.scope(), served.complete(), flagged, served.errors(), served.unreachable());
    }

    private static Future<SourceReading> submit(
            ExecutorService readers, Semaphore permits, Supplier<SourceReading> read) {
        return readers.submit(() -> {
            permits.acquire();
            try {
                return read.get();
            } finally {
                permits.release();
            }
        });
    }

    private static List<SourceReading> collect(List<Future<SourceReading>> pending) throws InterruptedException {
        List<SourceReading> readings = new ArrayList<>();
        for (Future<SourceReading> future : pending) {
            readings.add(join(future));
        }
        return readings;
    }

    private static <T> T join(Future<T> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            throw new IllegalStateException("reading a source failed", e.getCause());
        }
    }
}
