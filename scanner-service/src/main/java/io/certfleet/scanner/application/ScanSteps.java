package io.certfleet.scanner.application;

import io.certfleet.events.EventData;
import io.certfleet.events.ScanCompleted;
import io.certfleet.events.ScanError;
import io.certfleet.events.SourceKind;
import io.certfleet.messaging.Outbox;
import io.certfleet.scanner.config.ScannerSettings;
import io.certfleet.scanner.domain.expiry.ExpiryClassifier;
import io.certfleet.scanner.domain.expiry.ExpiryTransition;
import io.certfleet.scanner.domain.expiry.ThresholdPolicy;
import io.certfleet.scanner.domain.expiry.TrackedCertificate;
import io.certfleet.scanner.domain.inventory.Cluster;
import io.certfleet.scanner.domain.scan.CertificateLocation;
import io.certfleet.scanner.domain.scan.ObservedCertificate;
import io.certfleet.scanner.domain.scan.ScanEvents;
import io.certfleet.scanner.domain.scan.ScanRun;
import io.certfleet.scanner.domain.scan.ScanSchedule;
import io.certfleet.scanner.domain.scan.ScanScope;
import io.certfleet.scanner.domain.scan.SourceReading;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * The committed steps of a scan: begin, record what one step read (inventory rows, transitions, events and progress
 * in one transaction), finish. {@link ScanCluster} reads the sources between these steps, outside any transaction.
 */
@Singleton
public class ScanSteps {
    private final ClusterInventory clusters;
    private final CertificateInventory certificates;
    private final ScanRuns runs;
    private final ScanLeases leases;
    private final ScanRequests requests;
    private final EventBatch events;
    private final Outbox outbox;
    private final ExpiryClassifier classifier;
    private final ThresholdPolicy thresholds;
    private final ScanSchedule schedule;
    private final ScannerSettings settings;
    private final RandomGenerator random;
    private final Clock clock;

    ScanSteps(
            ClusterInventory clusters,
            CertificateInventory certificates,
            ScanRuns runs,
            ScanLeases leases,
            ScanRequests requests,
            EventBatch events,
            Outbox outbox,
            ExpiryClassifier classifier,
            ThresholdPolicy thresholds,
            ScanSchedule schedule,
            ScannerSettings settings,
            RandomGenerator random,
            Clock clock) {
        this.clusters = clusters;
        this.certificates = certificates;
        this.runs = runs;
        this.leases = leases;
        this.requests = requests;
        this.events = events;
        this.outbox = outbox;
        this.classifier = classifier;
        this.thresholds = thresholds;
        this.schedule = schedule;
        this.settings = settings;
        this.random = random;
        this.clock = clock;
    }

    /** A scan under way: the cluster as it was when the scan began, and its progress. */
    public record Begun(Cluster cluster, ScanRun run, ThresholdPolicy.Choice thresholds, boolean resumed) {}

    /** The lease on the cluster expired and another instance took it: this scan stops, the other goes on. */
    public static final class LeaseLostException extends RuntimeException {
        public LeaseLostException(String clusterId) {
            super("lease on cluster " + clusterId + " lost: another instance scans it now");
        }
    }

    /**
     * Starts a scan of a claimed cluster, or resumes the one an earlier instance left unfinished.
     *
     * @return empty when the cluster left the inventory since it was claimed
     */
    @Transactional
    public Optional<Begun> begin(String clusterId, String owner, String trigger) {
        Instant now = clock.instant();
        Optional<Cluster> found = clusters.find(clusterId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Cluster cluster = found.get();
        ThresholdPolicy.Choice choice = thresholds.thresholdsFor(cluster.labels());
        Optional<ScanRun> unfinished = runs.unfinished(clusterId);
        if (unfinished.isPresent()
                && unfinished.get().nodesTotal() == cluster.nodes().size()) {
            return Optional.of(new Begun(cluster, unfinished.get(), choice, true));
        }
        // the node list changed since: the old progress cursor means nothing any more
        unfinished.ifPresent(run -> runs.abandon(run.scanId(), "the cluster's node list changed; scanned again", now));
        ScanRun run = ScanRun.start(
                UUID.randomUUID().toString(), clusterId, now, cluster.nodes().size());
        runs.start(run, trigger, owner, now);
        return Optional.of(new Begun(cluster, run, choice, false));
    }

    /**
     * Records one step: inventory rows, expiry transitions, their events and the scan's progress, in one
     * transaction.
     *
     * @param run the progress before this step
     * @param nodes how many nodes the step covered (0 for the cluster-level step)
     * @param clusterSources whether this is the cluster-level step
     * @throws LeaseLostException if this instance no longer holds the cluster (nothing is written)
     */
    @Transactional
    public ScanRun record(
            Begun scan, ScanRun run, String owner, List<SourceReading> readings, int nodes, boolean clusterSources) {
        Instant now = clock.instant();
        Cluster cluster = scan.cluster();
        if (!leases.renew(cluster.id(), owner, now.plus(settings.leaseDuration()))) {
            throw new LeaseLostException(cluster.id());
        }
        Map<CertificateLocation, Observed> observed = new LinkedHashMap<>();
        Set<String> onDisk = new HashSet<>();
        List<ScanError> errors = new ArrayList<>();
        List<String> unreachable = new ArrayList<>();
        List<ScanScope> complete = new ArrayList<>();
        List<ScanScope> scopes = new ArrayList<>();
        for (SourceReading reading : readings) {
            scopes.add(reading.scope());
            if (reading.complete()) {
                complete.add(reading.scope());
            }
            errors.addAll(reading.errors());
            reading.unreachable().ifPresent(unreachable::add);
            for (ObservedCertificate certificate : reading.certificates()) {
                // one location, one row: a source that names a location twice keeps its first certificate there
                observed.putIfAbsent(certificate.at(), new Observed(reading.scope(), certificate));
                if (certificate.at().kind() != SourceKind.TLS_ENDPOINT) {
                    onDisk.add(certificate.sha256());
                }
            }
        }
        Map<CertificateLocation, TrackedCertificate> tracked = certificates.tracked(cluster.id(), scopes);
        List<EventData> out = new ArrayList<>(observed.size() + 8);
        List<InventoryEntry> entries = new ArrayList<>(observed.size());
        int detected = 0;
        int resolved = 0;
        for (Observed o : observed.values()) {
            ObservedCertificate c = o.certificate();
            Optional<TrackedCertificate> previous = Optional.ofNullable(tracked.get(c.at()));
            ExpiryTransition transition = classifier.classify(
                    previous,
                    c.sha256(),
                    c.facts().notAfter(),
                    scan.thresholds().thresholds());
            out.add(ScanEvents.certScanned(run.scanId(), cluster.id(), c));
            // a location that announced a severity keeps alerting until it is resolved, so every alert is closed
            boolean announced = previous.flatMap(TrackedCertificate::severity).isPresent();
            boolean alerts = announced || ScanEvents.alerts(c, onDisk.contains(c.sha256()));
            if (alerts) {
                Optional<EventData> alert = ScanEvents.expiryEvent(cluster.id(), cluster.labels(), c, transition, now);
                if (alert.isPresent()) {
                    out.add(alert.get());
                    if (transition instanceof ExpiryTransition.Detected) {
                        detected++;
                    } else {
                        resolved++;
                    }
                }
            }
            // the severity column is the one last announced: a copy that does not alert announces none, so once it
            // starts to alert (a served certificate that is no longer the one on disk) its crossing is announced
            entries.add(new InventoryEntry(o.scope(), c, alerts ? transition.severityAfter() : Optional.empty()));
        }
        certificates.save(cluster.id(), run.scanId(), now, entries);
        certificates.removeNotSeen(cluster.id(), run.scanId(), complete);
        events.append(out);
        ScanRun.Step step =
                new ScanRun.Step(nodes, clusterSources, observed.size(), detected, resolved, unreachable, errors);
        List<ScanError> kept = run.errorsToKeep(errors);
        ScanRun after = run.after(step);
        runs.advance(after, kept, now);
        return after;
    }

    /**
     * Finishes a scan: ScanCompleted, answered requests, the next scheduled scan, the lease released.
     *
     * @return the event published
     */
    @Transactional
    public ScanCompleted finish(Begun scan, ScanRun run, String owner) {
        Instant now = clock.instant();
        Cluster cluster = scan.cluster();
        ScanCompleted completed = run.completed(now);
        runs.finish(run, now);
        outbox.append(completed);
        requests.completeUpTo(cluster.id(), run.startedAt(), completed);
        Instant next = requests.pending(cluster.id())
                ? now
                : schedule.next(now, cluster.scanInterval().orElse(settings.scanInterval()), random);
        leases.release(cluster.id(), owner, next);
        return completed;
    }

    /** Gives up a scan that cannot go on; the cluster is scanned again at its next due time. */
    @Transactional
    public void abandon(String clusterId, String scanId, String owner, String reason) {
        Instant now = clock.instant();
        runs.abandon(scanId, reason, now);
        leases.release(clusterId, owner, now.plus(settings.dispatchInterval()));
    }

    private record Observed(ScanScope scope, ObservedCertificate certificate) {}
}
