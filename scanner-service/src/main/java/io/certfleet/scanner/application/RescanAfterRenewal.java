package io.certfleet.scanner.application;

import io.certfleet.events.RenewalCompleted;
import io.certfleet.events.ScanCompleted;
import io.certfleet.messaging.Outbox;
import io.certfleet.scanner.domain.scan.ScanEvents;
import io.certfleet.scanner.domain.scan.ScanRequest;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Use case: a renewal completed; scan the cluster again so the new certificates are observed from outside (the
 * files on disk and, above all, the certificates the restarted components serve).
 *
 * <p>The request becomes an immediate scan: it is recorded and the cluster's scan made due now, in the consumer's
 * transaction; the scan itself runs in the scan pipeline, never inside the consumer. A cluster the inventory does not
 * hold cannot be scanned: the request is answered at once by a ScanCompleted with that error, never by silence and
 * never by a clean, empty scan.
 */
@Singleton
public class RescanAfterRenewal {
    private static final Logger LOG = LoggerFactory.getLogger(RescanAfterRenewal.class);

    private final ScanRequests requests;
    private final ClusterInventory clusters;
    private final ScanLeases leases;
    private final Outbox outbox;
    private final Clock clock;

    RescanAfterRenewal(
            ScanRequests requests, ClusterInventory clusters, ScanLeases leases, Outbox outbox, Clock clock) {
        this.requests = requests;
        this.clusters = clusters;
        this.leases = leases;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** What became of the request. */
    public sealed interface Outcome {}

    /** The cluster's scan is due now. */
    public record ScanDue(ScanRequest request) implements Outcome {}

    /** The cluster is not in the inventory: answered with a ScanCompleted carrying that error. */
    public record NotInInventory(ScanRequest request, ScanCompleted answer) implements Outcome {}

    @Transactional
    public Outcome onRenewalCompleted(String eventId, RenewalCompleted renewal) {
        ScanRequest request = ScanRequest.after(renewal, eventId, clock.instant());
        requests.add(request);
        if (clusters.exists(request.clusterId())) {
            leases.dueNow(request.clusterId(), request.requestedAt());
            LOG.info("rescan of {} due now: {}", request.clusterId(), request.reason());
            return new ScanDue(request);
        }
        ScanCompleted answer =
                ScanEvents.clusterNotInInventory(UUID.randomUUID().toString(), request.clusterId(), clock.instant());
        requests.complete(request, answer);
        outbox.append(answer);
        LOG.warn(
                "rescan of {} asked by renewal {}: the cluster is not in the inventory",
                request.clusterId(),
                renewal.renewalId());
        return new NotInInventory(request, answer);
    }
}
