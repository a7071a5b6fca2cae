package io.certfleet.pki.issue;

import io.certfleet.pki.issue.IssuanceException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Writes PKI files the way a careful renewal must: to a temporary file in the same directory,
 * forced to disk, then renamed over the target, so a crash never leaves a half-written
 * certificate or key. Keys get mode 0600, certificates and kubeconfig-free public files 0644
 * (kubeadm's modes), on file systems that support POSIX permissions.
 */
public final class PkiFileWriter {

    /** Owner read/write only: private keys, kubeconfigs. */
    public static final Set<PosixFilePermission> SECRET = PosixFilePermissions.fromString("rw-------");
    /** World-readable: certificates, public keys. */
    public static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final boolean syncToDisk;

    /** A writer that forces every file (and its directory entry) to disk before returning. */
    public PkiFileWriter() {
        this(true);
    }

    /**
     * @param syncToDisk whether to force files to disk; only simulators and tests, which write
     *     thousands of throw-away files, should pass {@code false}
     */
    public PkiFileWriter(boolean syncToDisk) {
        this.syncToDisk = syncToDisk;
    }

    /** PEM certificates (a chain is written leaf first), mode 0644. */
    public void writeCertificates(Path target, List<X509Certificate> certificates) {
        write(target, Pem.encodeCertificates(certificates).getBytes(StandardCharsets.US_ASCII), PUBLIC);
    }

    /** A private key in kubeadm's traditional PEM form ({@link Pem#encodePrivateKeyTraditional}), mode 0600. */
    public void writePrivateKey(Path target, PrivateKey key) {
        write(target, Pem.encodePrivateKeyTraditional(key).getBytes(StandardCharsets.US_ASCII), SECRET);
    }

    /** Text with the given permissions. */
    public void writeText(Path target, String text, Set<PosixFilePermission> permissions) {
        write(target, text.getBytes(StandardCharsets.UTF_8), permissions);
    }

    /** Bytes with the given permissions, atomically replacing {@code target}. */
    public void write(Path target, byte[] content, Set<PosixFilePermission> permissions) {
        Path directory = target.toAbsolutePath().getParent();
        Path temporary = directory.resolve("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectories(directory);
            try (FileChannel channel =
                    FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                if (POSIX) {
                    // restrict before the content is written, so a key is never briefly world-readable
                    Files.setPosixFilePermissions(temporary, permissions);
                }
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                if (syncToDisk) {
                    channel.force(true);
                }
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
            if (syncToDisk) {
                syncDirectory(directory);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // the original failure is the one worth reporting
            }
            throw new IssuanceException(Reason.IO_FAILURE, "cannot write " + target, e);
        }
    }

    private static void syncDirectory(Path directory) {
        // Makes the rename durable on Linux; not supported everywhere, and only an optimisation there.
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort
        }
    }
}
