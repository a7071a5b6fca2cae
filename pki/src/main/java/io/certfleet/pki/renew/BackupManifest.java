package io.certfleet.pki.renew;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The description a backup carries of itself ({@value ConfigDirectoryBackup#MANIFEST} in its root):
 * where it came from and a fingerprint of every file, so a restore can refuse a damaged backup before
 * it writes anything.
 *
 * @param version format version, 1
 * @param createdAt when the backup was taken
 * @param configDir the configuration directory that was copied into the backup's root
 * @param certDir the certificate directory
 * @param certDirCopy where the certificate directory is inside the backup: {@code pki} when it lies
 *     inside the configuration directory, {@value ConfigDirectoryBackup#CERT_DIR_COPY} otherwise
 * @param entries every copied file and symlink
 */
public record BackupManifest(
        int version, Instant createdAt, String configDir, String certDir, String certDirCopy, List<Entry> entries) {

    public BackupManifest {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(configDir, "configDir");
        Objects.requireNonNull(certDir, "certDir");
        Objects.requireNonNull(certDirCopy, "certDirCopy");
        entries = List.copyOf(entries);
    }

    /**
     * One copied file or symlink.
     *
     * @param path relative to the backup root, {@code /}-separated
     * @param symlinkTarget the link's target for a symlink, else null
     * @param sha256 SHA-256 of a regular file's content, else null
     * @param mode {@code rw-------} form, for information (the copy carries the mode itself)
     */
    public record Entry(String path, String symlinkTarget, String sha256, String mode) {
        public Entry {
            Objects.requireNonNull(path, "path");
        }

        public boolean symlink() {
            return symlinkTarget != null;
        }
    }
}
