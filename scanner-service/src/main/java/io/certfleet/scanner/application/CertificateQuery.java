package io.certfleet.scanner.application;

import io.certfleet.events.ExpirySeverity;
import io.certfleet.messaging.ClusterScope;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A search of the inventory; every filter is optional and they combine with AND.
 *
 * @param scope only certificates of clusters in it (what the reader may see)
 * @param clusterId one cluster
 * @param team clusters whose {@code team} label is this
 * @param severity certificates currently at this severity
 * @param expiringWithin certificates whose notAfter is at most this far away (expired ones included)
 * @param limit at most this many rows (1..5000)
 * @param offset skip this many (paging)
 */
public record CertificateQuery(
        ClusterScope scope,
        Optional<String> clusterId,
        Optional<String> team,
        Optional<ExpirySeverity> severity,
        Optional<Duration> expiringWithin,
        int limit,
        int offset) {
    public static final int MAX_LIMIT = 5000;

    public CertificateQuery {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(clusterId, "clusterId");
        Objects.requireNonNull(team, "team");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(expiringWithin, "expiringWithin");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative");
        }
        if (expiringWithin.isPresent() && expiringWithin.get().isNegative()) {
            throw new IllegalArgumentException("expiringWithin must not be negative");
        }
    }
}
