package io.certfleet.scanner.application;

import io.certfleet.scanner.domain.expiry.TrackedCertificate;
import io.certfleet.scanner.domain.scan.CertificateLocation;
import io.certfleet.scanner.domain.scan.ScanScope;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The certificate inventory (table {@code certificate}): one row per cluster, node, source kind, location and index,
 * with the facts last seen there and the expiry severity last announced. Runs in the caller's transaction.
 */
public interface CertificateInventory {

    /** What the inventory holds for the locations of these scopes of a cluster. */
    Map<CertificateLocation, TrackedCertificate> tracked(String clusterId, Collection<ScanScope> scopes);

    /** Inserts or updates rows (one batch of statements). */
    void save(String clusterId, String scanId, Instant seenAt, List<InventoryEntry> entries);

    /** Removes rows of completely read scopes that this scan did not see again; returns how many. */
    int removeNotSeen(String clusterId, String scanId, Collection<ScanScope> scopes);

    /** Removes the rows of nodes the cluster no longer has. */
    int removeNodesExcept(String clusterId, Collection<String> nodeNames);

    /** Certificates matching a query, soonest expiry first. */
    List<CertificateView> find(CertificateQuery query, Instant now);
}
