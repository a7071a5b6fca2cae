package io.certfleet.scanner.domain.expiry;

import io.certfleet.events.ExpirySeverity;
import java.util.Objects;
import java.util.Optional;

/**
 * What the inventory last knew about one location: the certificate there and the threshold it had crossed (empty
 * when it was outside every threshold). The next scan compares against it.
 *
 * @param sha256 fingerprint of the certificate last seen at the location
 * @param severity the severity last announced for it, empty when none
 */
public record TrackedCertificate(String sha256, Optional<ExpirySeverity> severity) {
    public TrackedCertificate {
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(severity, "severity");
    }
}
