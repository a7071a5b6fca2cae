package io.certfleet.pki.renew;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * {@link PkiFileStore} on the local file system: the content goes to a temporary file in the target's
 * directory (created with the final mode, so a key is never readable by others even briefly), is
 * forced to disk, given the replaced file's owner and group, renamed over the target, and the
 * directory is forced so the rename survives a power cut. Temporary files a crashed run left behind
 * for the same target are removed first, which is what lets a re-run complete an interrupted one.
 */
public final class DurableFileStore implements PkiFileStore {

    /** Marks temporary files; a crashed run may leave {@code .<name>.certfleet-tmp-<uuid>} behind. */
    public static final String TEMP_MARKER = ".certfleet-tmp-";

    static final Set<PosixFilePermission> SECRET_MODE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> PUBLIC_MODE = PosixFilePermissions.fromString("rw-r--r--");
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    @Override
    public void write(Path target, byte[] content, Secrecy secrecy) throws IOException {
        Path real = resolve(target);
        Optional<PosixFileAttributes> existing = attributes(real);
        Set<PosixFilePermission> mode = existing.map(a -> EnumSet.copyOf(nonEmpty(a.permissions())))
                .orElseGet(() -> EnumSet.copyOf(secrecy == Secrecy.SECRET ? SECRET_MODE : PUBLIC_MODE));
        if (secrecy == Secrecy.SECRET) {
            mode.retainAll(OWNER_ONLY);
            if (mode.isEmpty()) {
                mode.addAll(SECRET_MODE);
            }
        }
        replace(
                real,
                content,
                mode,
                existing.map(PosixFileAttributes::owner),
                existing.map(PosixFileAttributes::group));
    }

    /**
     * Replaces {@code target} with exactly {@code mode}, {@code owner} and {@code group} (when given):
     * what a restore from a backup needs.
     */
    public void replace(
            Path target,
            byte[] content,
            Set<PosixFilePermission> mode,
            Optional<UserPrincipal> owner,
            Optional<GroupPrincipal> group)
            throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        removeStaleTemporaries(directory, target.getFileName().toString());
        Path temporary = directory.resolve("." + target.getFileName() + TEMP_MARKER + UUID.randomUUID());
        try {
            try (FileChannel channel = POSIX
                    ? FileChannel.open(
                            temporary,
                            EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                            PosixFilePermissions.asFileAttribute(mode))
                    : FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                if (POSIX) {
                    // the umask narrowed the creation mode; set exactly what the replaced file had
                    Files.setPosixFilePermissions(temporary, mode);
                    giveOwnership(temporary, owner, group);
                }
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(directory);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
    }

    /** The file a write to {@code target} replaces: a symlink's final target, so the link stays a link. */
    static Path resolve(Path target) throws IOException {
        if (Files.isSymbolicLink(target) && Files.exists(target)) {
            return target.toRealPath();
        }
        return target;
    }

    static void syncDirectory(Path directory) {
        // Makes a rename durable on Linux; not every platform can open a directory, then it is best effort.
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort
        }
    }

    private static Set<PosixFilePermission> nonEmpty(Set<PosixFilePermission> permissions) {
        return permissions.isEmpty() ? EnumSet.of(PosixFilePermission.OWNER_READ) : permissions;
    }

    private static Optional<PosixFileAttributes> attributes(Path file) throws IOException {
        if (!POSIX || !Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return Optional.of(Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
    }

    private static void giveOwnership(Path file, Optional<UserPrincipal> owner, Optional<GroupPrincipal> group)
            throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        PosixFileAttributes now = view.readAttributes();
        // only when it differs: changing ownership needs privileges a same-owner write does not
        if (owner.isPresent() && !owner.get().equals(now.owner())) {
            view.setOwner(owner.get());
        }
        if (group.isPresent() && !group.get().equals(now.group())) {
            view.setGroup(group.get());
        }
    }

    private static void removeStaleTemporaries(Path directory, String name) throws IOException {
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(directory, "." + glob(name) + TEMP_MARKER + "*")) {
            for (Path leftover : stale) {
                Files.deleteIfExists(leftover);
            }
        }
    }

    private static String glob(String name) {
        return name.replaceAll("([*?\\[\\]{}\\\\])", "\\\\$1");
    }
}
