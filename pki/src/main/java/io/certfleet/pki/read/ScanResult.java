package io.certfleet.pki.read;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link PathScanner} walk found: every certificate, every file it could not read (with why),
 * and files deliberately not read (key files, duplicates through symlinks).
 */
public record ScanResult(List<Certificate> certificates, List<FileError> errors, List<SkippedFile> skipped) {
    public ScanResult {
        certificates = List.copyOf(certificates);
        errors = List.copyOf(errors);
        skipped = List.copyOf(skipped);
    }

    /** A certificate and the file it was found in (the path as walked, symlinks not resolved). */
    public record Certificate(Path path, FoundCertificate found) {
        public Certificate {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(found, "found");
        }
    }

    /**
     * A file or directory that could not be read, or a part of a file that could not be.
     *
     * @param path as walked
     * @param reason specific, safe to show (never contains file content)
     */
    public record FileError(String path, String reason) {
        public FileError {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** A file not read on purpose, e.g. {@code ca.key} (private key, not read). */
    public record SkippedFile(String path, String reason) {
        public SkippedFile {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
