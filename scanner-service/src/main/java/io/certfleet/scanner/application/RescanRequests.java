package io.certfleet.scanner.application;

import io.certfleet.events.ScanCompleted;
import io.certfleet.scanner.domain.RescanRequest;

/** Where rescan requests are kept (the {@code rescan_request} table). Runs in the caller's transaction. */
public interface RescanRequests {

    void add(RescanRequest request);

    void complete(RescanRequest request, ScanCompleted scan);
}
