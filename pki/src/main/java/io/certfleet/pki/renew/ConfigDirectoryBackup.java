package io.certfleet.pki.renew;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.certfleet.pki.renew.RenewalException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitor;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Backs up a node's configuration directory ({@code /etc/kubernetes}, certificate directory included)
 * before renewal writes anything, and restores it. Like kubeadm's backups the default location is
 * under {@code <config-dir>/tmp/}; that {@code tmp} directory itself is never copied (older backups
 * would nest forever).
 *
 * <p>The copy keeps modes, owners (when the process may set them) and modification times; symlinks
 * stay symlinks (kubeadm trees link {@code kubelet-client-current.pem}). Every file is forced to
 * disk, the backup is assembled under a hidden {@code .partial} name and renamed into place, so a
 * backup directory that exists is complete. The manifest records a SHA-256 per file; restore checks
 * them all before it replaces anything, and replaces each file atomically.
 */
public final class ConfigDirectoryBackup {

    /** The manifest file in the backup's root. */
    public static final String MANIFEST = "certfleet-backup.json";

    /** Where a certificate directory outside the configuration directory is copied in the backup. */
    public static final String CERT_DIR_COPY = "certfleet-cert-dir";

    /** kubeadm's scratch and backup area inside the configuration directory. */
    public static final String TMP = "tmp";

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss").withZone(ZoneOffset.UTC);

    private final Clock clock;
    private final DurableFileStore files = new DurableFileStore();
    private final ObjectMapper json = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public ConfigDirectoryBackup(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A backup that was taken. */
    public record Backup(Path directory, BackupManifest manifest) {
        public Backup {
            Objects.requireNonNull(directory, "directory");
            Objects.requireNonNull(manifest, "manifest");
        }
    }

    /** What a restore put back. */
    public record Restore(Path backup, List<Path> restored) {
        public Restore {
            Objects.requireNonNull(backup, "backup");
            restored = List.copyOf(restored);
        }
    }

    /** {@code <configDir>/tmp/certfleet-backup-<yyyy-MM-dd-HH-mm-ss>}, with a suffix if that exists already. */
    public Path defaultLocation(Path configDir) {
        Path tmp = configDir.resolve(TMP);
        String base = "certfleet-backup-" + STAMP.format(clock.instant());
        Path candidate = tmp.resolve(base);
        for (int i = 2; Files.exists(candidate, LinkOption.NOFOLLOW_LINKS); i++) {
            candidate = tmp.resolve(base + "-" + i);
        }
        return candidate;
    }

    /** Copies {@code configDir} (and {@code certDir} when it lies elsewhere) into the new {@code backupDir}. */
    public Backup create(Path configDir, Path certDir, Path backupDir) {
        Path config = real(configDir);
        Path cert = real(certDir);
        Path absolute = backupDir.toAbsolutePath().normalize();
        Path target = real(absolute.getParent()).resolve(absolute.getFileName().toString());
        if (!Files.isDirectory(config)) {
            throw new RenewalException(
                    Reason.INVALID_INPUT, "configuration directory " + configDir + " does not exist");
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new RenewalException(Reason.POLICY, "backup directory " + target + " already exists; name a new one");
        }
        Path partial = target.resolveSibling("." + target.getFileName() + ".partial-" + UUID.randomUUID());
        List<BackupManifest.Entry> entries = new ArrayList<>();
        // compared as real paths: a pki directory that is a symlink to elsewhere is copied on its own
        boolean certInside = cert.startsWith(config);
        String certCopy = certInside ? slashed(config.relativize(cert)) : CERT_DIR_COPY;
        try {
            Files.createDirectories(target.getParent());
            Files.createDirectory(
                    partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            List<Path> excluded = List.of(config.resolve(TMP), target, partial);
            copyTree(config, partial, partial, excluded, entries);
            if (!certInside && Files.isDirectory(cert)) {
                copyTree(cert, partial.resolve(CERT_DIR_COPY), partial, excluded, entries);
            }
            BackupManifest manifest =
                    new BackupManifest(1, clock.instant(), config.toString(), cert.toString(), certCopy, entries);
            writeForced(partial.resolve(MANIFEST), json.writeValueAsBytes(manifest));
            DurableFileStore.syncDirectory(partial);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            DurableFileStore.syncDirectory(target.getParent());
            return new Backup(target, manifest);
        } catch (IOException e) {
            deleteQuietly(partial);
            throw new RenewalException(
                    Reason.TRANSIENT, "cannot back up " + config + " to " + target + ": " + describe(e), e);
        }
    }

    /** Reads the manifest of an existing backup. */
    public BackupManifest manifest(Path backupDir) {
        Path file = backupDir.resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            throw new RenewalException(
                    Reason.INVALID_INPUT, backupDir + " is not a certfleet backup (no " + MANIFEST + ")");
        }
        try {
            return json.readValue(file.toFile(), BackupManifest.class);
        } catch (IOException e) {
            throw new RenewalException(
                    Reason.INVALID_INPUT,
                    "cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Restores into the directories the backup was taken from. */
    public Restore restore(Path backupDir) {
        BackupManifest manifest = manifest(backupDir);
        return restore(backupDir, Path.of(manifest.configDir()), Path.of(manifest.certDir()));
    }

    /**
     * Puts every file of the backup back, each atomically with its backed-up mode and owner. Files that
     * were created after the backup are left alone. Refuses, before writing anything, when a file of
     * the backup is missing or its content no longer matches the manifest.
     */
    public Restore restore(Path backupDir, Path configDir, Path certDir) {
        BackupManifest manifest = manifest(backupDir);
        for (BackupManifest.Entry entry : manifest.entries()) {
            Path copy = backupDir.resolve(entry.path());
            if (!entry.symlink() && !entry.sha256().equals(sha256(copy))) {
                throw new RenewalException(
                        Reason.POLICY,
                        "backup " + backupDir + " is damaged: " + entry.path() + " does not match its manifest");
            }
            if (entry.symlink() && !Files.isSymbolicLink(copy)) {
                throw new RenewalException(
                        Reason.POLICY, "backup " + backupDir + " is damaged: symlink " + entry.path() + " is missing");
            }
        }
        List<Path> restored = new ArrayList<>();
        boolean separateCertDir = manifest.certDirCopy().equals(CERT_DIR_COPY);
        for (BackupManifest.Entry entry : manifest.entries()) {
            Path target = separateCertDir && entry.path().startsWith(CERT_DIR_COPY + "/")
                    ? certDir.resolve(entry.path().substring(CERT_DIR_COPY.length() + 1))
                    : configDir.resolve(entry.path());
            Path copy = backupDir.resolve(entry.path());
            try {
                if (entry.symlink()) {
                    restoreSymlink(target, entry.symlinkTarget());
                } else {
                    PosixFileAttributes attributes =
                            Files.readAttributes(copy, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    // a symlink now standing where a file was is replaced by the file, as in the backup
                    files.replace(
                            target,
                            Files.readAllBytes(copy),
                            attributes.permissions(),
                            Optional.of(attributes.owner()),
                            Optional.of(attributes.group()));
                }
                restored.add(target);
            } catch (IOException e) {
                throw new RenewalException(
                        Reason.TRANSIENT,
                        "restore from " + backupDir + " stopped at " + target + " after " + restored.size() + " files ("
                                + describe(e) + "); run it again to finish",
                        e);
            }
        }
        return new Restore(backupDir, restored);
    }

    private void copyTree(
            Path source, Path destination, Path backupRoot, List<Path> excluded, List<BackupManifest.Entry> entries)
            throws IOException {
        Deque<Path[]> directories = new ArrayDeque<>();
        Files.walkFileTree(source, Set.of(), Integer.MAX_VALUE, new FileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (excluded.contains(dir)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Path copy = destination.resolve(source.relativize(dir).toString());
                Files.createDirectories(copy);
                directories.push(new Path[] {dir, copy});
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (excluded.contains(file) || file.getFileName().toString().contains(DurableFileStore.TEMP_MARKER)) {
                    // a crashed run's temporary file is never content worth restoring
                    return FileVisitResult.CONTINUE;
                }
                Path copy = destination.resolve(source.relativize(file).toString());
                String relative = slashed(backupRoot.relativize(copy));
                if (attrs.isSymbolicLink()) {
                    Path link = Files.readSymbolicLink(file);
                    Files.createSymbolicLink(copy, link);
                    entries.add(new BackupManifest.Entry(relative, link.toString(), null, null));
                } else if (attrs.isRegularFile()) {
                    byte[] content = Files.readAllBytes(file);
                    writeForced(copy, content);
                    PosixFileAttributes posix =
                            Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    Files.setPosixFilePermissions(copy, posix.permissions());
                    keepOwner(copy, posix);
                    Files.setLastModifiedTime(copy, posix.lastModifiedTime());
                    entries.add(new BackupManifest.Entry(
                            relative, null, sha256(content), PosixFilePermissions.toString(posix.permissions())));
                }
                // sockets, fifos, devices: nothing a configuration directory needs back
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                throw exc;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Path[] pair = directories.pop();
                PosixFileAttributes posix =
                        Files.readAttributes(pair[0], PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                DurableFileStore.syncDirectory(pair[1]);
                if (!pair[1].equals(backupRoot)) {
                    // the backup root stays 0700: it holds every key of the node
                    Files.setPosixFilePermissions(pair[1], posix.permissions());
                    keepOwner(pair[1], posix);
                    Files.setLastModifiedTime(pair[1], posix.lastModifiedTime());
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static Path real(Path directory) {
        Path absolute = directory.toAbsolutePath().normalize();
        try {
            return Files.exists(absolute) ? absolute.toRealPath() : absolute;
        } catch (IOException e) {
            return absolute;
        }
    }

    private static void restoreSymlink(Path target, String linkTarget) throws IOException {
        Path link = Path.of(linkTarget);
        if (Files.isSymbolicLink(target) && Files.readSymbolicLink(target).equals(link)) {
            return;
        }
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path temporary =
                target.resolveSibling("." + target.getFileName() + DurableFileStore.TEMP_MARKER + UUID.randomUUID());
        Files.createSymbolicLink(temporary, link);
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        DurableFileStore.syncDirectory(target.toAbsolutePath().getParent());
    }

    private static void keepOwner(Path copy, PosixFileAttributes original) {
        PosixFileAttributeView view =
                Files.getFileAttributeView(copy, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        try {
            PosixFileAttributes now = view.readAttributes();
            if (!now.owner().equals(original.owner())) {
                view.setOwner(original.owner());
            }
            if (!now.group().equals(original.group())) {
                view.setGroup(original.group());
            }
        } catch (IOException e) {
            // without the privilege to chown the copy keeps the backing-up user; the manifest still
            // restores content and mode, and the agent that restores runs with the same privilege
        }
    }

    private static void writeForced(Path file, byte[] content) throws IOException {
        try (FileChannel channel = FileChannel.open(
                file,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    private static String sha256(Path file) {
        try {
            return sha256(Files.readAllBytes(file));
        } catch (IOException e) {
            return "unreadable";
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String slashed(Path relative) {
        return relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
    }

    private static String describe(IOException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static void deleteQuietly(Path directory) {
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(directory)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // leave it; a hidden .partial directory is never mistaken for a backup
                }
            });
        } catch (IOException e) {
            // same
        }
    }
}
