package io.certfleet.scanner.application;

import io.certfleet.scanner.domain.scan.ScanRequest;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Optional;

/** Use case: scan a cluster now (the API's {@code POST /clusters/{id}/scans}). */
@Singleton
public class RequestScan {
    private final ClusterInventory clusters;
    private final ScanRequests requests;
    private final ScanLeases leases;
    private final Clock clock;

    RequestScan(ClusterInventory clusters, ScanRequests requests, ScanLeases leases, Clock clock) {
        this.clusters = clusters;
        this.requests = requests;
        this.leases = leases;
        this.clock = clock;
    }

    /**
     * Records the request and makes the cluster's scan due now; a scan already running answers it when it started
     * after the request, otherwise the cluster is scanned again right after.
     *
     * @return empty when the cluster is not in the inventory
     */
    @Transactional
    public Optional<ScanRequest> request(String clusterId, String reason) {
        if (!clusters.exists(clusterId)) {
            return Optional.empty();
        }
        ScanRequest request = ScanRequest.onDemand(clusterId, reason, clock.instant());
        requests.add(request);
        leases.dueNow(clusterId, request.requestedAt());
        return Optional.of(request);
    }
}
