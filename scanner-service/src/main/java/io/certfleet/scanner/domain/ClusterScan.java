package io.certfleet.scanner.domain;

import io.certfleet.events.ScanCompleted;
import io.certfleet.events.ScanError;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One scan of one cluster over its known sources. Reading sources (node PKI through the node executor, Secrets, TLS
 * endpoints) arrives with the scanner's inventory; until then a cluster has no known sources, and the scan says so
 * in its result instead of reporting a clean, empty cluster.
 */
public final class ClusterScan {
    /** The {@code location} of the scan error reported when a cluster has no known sources. */
    public static final String INVENTORY = "inventory";

    private final Clock clock;

    public ClusterScan(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Scans the cluster's sources.
     *
     * @throws UnsupportedOperationException if there are sources: reading them is not implemented yet
     */
    public ScanCompleted run(String clusterId, List<ScanSource> sources) {
        Instant startedAt = clock.instant();
        if (!sources.isEmpty()) {
            throw new UnsupportedOperationException("reading " + sources.size() + " scan sources is not implemented");
        }
        return new ScanCompleted(
                UUID.randomUUID().toString(),
                clusterId,
                startedAt,
                clock.instant(),
                0,
                1,
                List.of(),
                List.of(new ScanError(INVENTORY, "no certificate sources are known for this cluster yet")));
    }
}
