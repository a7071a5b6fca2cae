package io.certfleet.scanner.application;

import io.certfleet.events.RenewalCompleted;
import io.certfleet.events.ScanCompleted;
import io.certfleet.messaging.Outbox;
import io.certfleet.scanner.domain.ClusterScan;
import io.certfleet.scanner.domain.RescanRequest;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Use case: a renewal completed; scan the cluster again so the new certificates are observed from outside.
 *
 * <p>The scan runs right here because a cluster has no known sources yet, so it takes no time. Real scans read
 * remote sources and will be claimed from {@code rescan_request} rows by a scan scheduler instead of running inside
 * the consumer's transaction.
 */
@Singleton
public class RescanAfterRenewal {
    private static final Logger LOG = LoggerFactory.getLogger(RescanAfterRenewal.class);

    private final RescanRequests requests;
    private final ScanSources sources;
    private final Outbox outbox;
    private final Clock clock;
    private final ClusterScan scan;

    RescanAfterRenewal(RescanRequests requests, ScanSources sources, Outbox outbox, Clock clock) {
        this.requests = requests;
        this.sources = sources;
        this.outbox = outbox;
        this.clock = clock;
        this.scan = new ClusterScan(clock);
    }

    /** Records the request, scans, and publishes ScanCompleted, all in one transaction. */
    @Transactional
    public ScanCompleted onRenewalCompleted(String eventId, RenewalCompleted renewal) {
        RescanRequest request = RescanRequest.after(renewal, eventId, clock.instant());
        requests.add(request);
        ScanCompleted result = scan.run(request.clusterId(), sources.of(request.clusterId()));
        requests.complete(request, result);
        outbox.append(result);
        LOG.info(
                "Rescan {} of {} done: {} certificates, {} errors ({})",
                result.scanId(),
                request.clusterId(),
                result.certificateCount(),
                result.errorCount(),
                request.reason());
        return result;
    }
}
