package io.certfleet.renewal.application;

import io.certfleet.renewal.domain.Renewal;
import java.util.Optional;

/** Where renewals are kept (the {@code renewal} table). Runs in the caller's transaction. */
public interface Renewals {

    /** The renewal of the certificate at this location that is still open, if any. */
    Optional<Renewal> findOpen(String clusterId, String nodeName, String location);

    void add(Renewal renewal);
}
