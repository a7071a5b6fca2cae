package io.certfleet.scanner.application;

import java.time.Instant;
import java.util.List;

/**
 * Who scans which cluster: database leases on the {@code cluster} rows, so several service instances share the fleet
 * without scanning a cluster twice at once. Each method is its own short transaction or joins the caller's.
 */
public interface ScanLeases {

    /**
     * Claims up to {@code limit} clusters whose scan is due and whose lease is free or expired ({@code FOR UPDATE SKIP
     * LOCKED}, so concurrent instances never claim the same one).
     *
     * @return the claimed cluster ids
     */
    List<String> claimDue(String owner, Instant now, Instant leaseUntil, int limit);

    /** Extends a held lease; false when this owner lost it (it expired and another instance took the cluster). */
    boolean renew(String clusterId, String owner, Instant leaseUntil);

    /** Gives the lease back and schedules the next scan; records the finished scan when there is one. */
    void release(String clusterId, String owner, Instant nextScanAt);

    /** Makes a cluster's scan due now (an on-demand or post-renewal request). */
    void dueNow(String clusterId, Instant now);
}
