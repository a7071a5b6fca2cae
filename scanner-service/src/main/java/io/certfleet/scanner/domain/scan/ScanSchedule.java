package io.certfleet.scanner.domain.scan;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * When a cluster is scanned next: its interval plus a random jitter, so clusters registered together (a whole file,
 * a discovery run) spread out instead of being scanned in one burst forever after.
 *
 * @param interval time between two scans of a cluster
 * @param jitter up to this much is added at random
 */
public record ScanSchedule(Duration interval, Duration jitter) {
    public ScanSchedule {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(jitter, "jitter");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the scan interval must be positive");
        }
        if (jitter.isNegative()) {
            throw new IllegalArgumentException("the scan jitter must not be negative");
        }
    }

    /** The next scan after one that finished at {@code now}, with the cluster's own interval if it has one. */
    public Instant next(Instant now, Duration clusterInterval, RandomGenerator random) {
        long jitterMillis = jitter.isZero() ? 0 : random.nextLong(jitter.toMillis() + 1);
        return now.plus(clusterInterval).plusMillis(jitterMillis);
    }

    /** The first scan of a newly registered cluster: within one jitter from now. */
    public Instant first(Instant now, RandomGenerator random) {
        long jitterMillis = jitter.isZero() ? 0 : random.nextLong(jitter.toMillis() + 1);
        return now.plusMillis(jitterMillis);
    }
}
