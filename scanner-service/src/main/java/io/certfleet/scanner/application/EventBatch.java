package io.certfleet.scanner.application;

import io.certfleet.events.EventData;
import java.util.List;

/**
 * Appends many events to the transactional outbox at once, in order, in the caller's transaction: a scan step of a
 * large cluster emits hundreds of CertScanned events, and one round trip per event would dominate the scan.
 */
public interface EventBatch {

    /**
     * @throws IllegalStateException outside a transaction
     */
    void append(List<? extends EventData> events);
}
