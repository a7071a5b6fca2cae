package io.certfleet.scanner.application;

import io.certfleet.events.ExpirySeverity;
import io.certfleet.scanner.domain.scan.ObservedCertificate;
import io.certfleet.scanner.domain.scan.ScanScope;
import java.util.Objects;
import java.util.Optional;

/**
 * One inventory row to write: a certificate observed in a scope and the severity now recorded for it.
 *
 * @param scope the scope it was read in
 * @param certificate the observation
 * @param severity the expiry severity after this observation (empty: outside every threshold)
 */
public record InventoryEntry(ScanScope scope, ObservedCertificate certificate, Optional<ExpirySeverity> severity) {
    public InventoryEntry {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(severity, "severity");
    }
}
