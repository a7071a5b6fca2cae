package io.certfleet.events;

/**
 * A source a scan could not read; the rest of the scan continued.
 *
 * @param location the source, e.g. a file path or endpoint
 * @param reason why it failed, e.g. {@code not a certificate: PEM block 2 is truncated}
 */
public record ScanError(String location, String reason) {
    public ScanError {
        Fields.text(location, "location");
        Fields.text(reason, "reason");
    }
}
