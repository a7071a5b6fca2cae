package io.certfleet.pki.checkexpiration;

import java.util.Objects;

/**
 * A file (or part of one) that could not be read: the {@code {path, reason}} of the JSON {@code
 * errors} array. The reason is specific and never contains file content.
 */
public record ReportError(String path, String reason) {
    public ReportError {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(reason, "reason");
    }
}
