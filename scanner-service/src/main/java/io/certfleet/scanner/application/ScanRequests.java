package io.certfleet.scanner.application;

import io.certfleet.events.ScanCompleted;
import io.certfleet.scanner.domain.scan.ScanRequest;
import java.time.Instant;

/** Requests for an immediate scan (table {@code scan_request}). Runs in the caller's transaction. */
public interface ScanRequests {

    void add(ScanRequest request);

    /** Marks a request answered by a scan that ran without the cluster (it is not in the inventory). */
    void complete(ScanRequest request, ScanCompleted scan);

    /** Marks the cluster's open requests made up to {@code startedAt} as answered by this scan; returns how many. */
    int completeUpTo(String clusterId, Instant startedAt, ScanCompleted scan);

    /** Whether the cluster has requests no scan has answered yet. */
    boolean pending(String clusterId);
}
