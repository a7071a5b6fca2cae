package io.certfleet.renewal.application;

import io.certfleet.renewal.domain.execution.Renewal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Where earlier {@code EXTERNAL_CA} renewals of a cluster may have left new keys staged on a node: they failed (or were
 * cancelled) after REQUEST_SIGNING ran there and before INSTALL did. A retryable failure keeps the keys for a retry;
 * once a later renewal of the cluster runs, that retry is refused ({@link Renewals#laterStarted}) and the keys are of no
 * use. A cancel removes them at once, and they are listed here only when that failed.
 */
public interface AbandonedStaging {

    /**
     * @param renewal the renewal that is about to stage keys of its own on {@code node}
     * @return the earlier renewals whose staged keys may still be on the node, oldest first (at most {@link #LIMIT}):
     *     those whose removal there was not recorded yet ({@link #discarded})
     */
    List<UUID> before(Renewal renewal, String node);

    /** Records that what {@code renewalId} staged on {@code node} was removed, so it is not asked for again. */
    void discarded(UUID renewalId, String node, Instant at);

    /** How many are looked at per node and step. */
    int LIMIT = 20;
}
