package io.certfleet.pki.read;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * The bytes of one file, read safely: symlinks are followed but a dangling one is reported as such,
 * only regular files are opened (a FIFO or device would block or never end), and a file above the
 * size cap is reported without being read.
 */
public sealed interface FileContent {

    /** The file was read completely. */
    record Loaded(byte[] bytes) implements FileContent {
        public Loaded {
            Objects.requireNonNull(bytes, "bytes");
        }
    }

    /**
     * The file could not be read.
     *
     * @param reason specific and safe to show, e.g. {@code dangling symlink to kubelet-client-2024.pem}
     */
    record Unreadable(String reason) implements FileContent {
        public Unreadable {
            Objects.requireNonNull(reason, "reason");
        }
    }

    static FileContent read(Path path, long maxBytes) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (AccessDeniedException e) {
            return new Unreadable("permission denied");
        } catch (IOException e) {
            if (Files.isSymbolicLink(path)) {
                return new Unreadable(brokenLink(path));
            }
            return new Unreadable(e instanceof NoSuchFileException ? "no such file" : describe(e));
        }
        if (!attributes.isRegularFile()) {
            return new Unreadable("not a regular file (" + kind(path, attributes) + ")");
        }
        if (attributes.size() > maxBytes) {
            return new Unreadable(tooLarge(attributes.size(), maxBytes, true));
        }
        try (InputStream in = Files.newInputStream(path)) {
            // read one byte more than allowed: a file that grew since stat() is still caught
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                return new Unreadable(tooLarge(bytes.length, maxBytes, false));
            }
            return new Loaded(bytes);
        } catch (AccessDeniedException e) {
            return new Unreadable("permission denied");
        } catch (IOException e) {
            return new Unreadable(describe(e));
        }
    }

    private static String tooLarge(long size, long maxBytes, boolean exact) {
        return "file is larger than the " + maxBytes + "-byte limit (" + (exact ? "" : "at least ") + size
                + " bytes); not read";
    }

    private static String kind(Path path, BasicFileAttributes attributes) {
        if (attributes.isDirectory()) {
            return "directory";
        }
        if (attributes.isOther()) {
            return Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? "directory" : "FIFO, socket or device";
        }
        return "special file";
    }

    /** Why a symlink cannot be followed: a loop (with its chain) or a dangling target. */
    static String brokenLink(Path path) {
        java.util.List<Path> chain = new java.util.ArrayList<>();
        Path current = path.toAbsolutePath().normalize();
        for (int hop = 0; hop < 40; hop++) {
            if (chain.contains(current)) {
                return "symlink loop: " + path + " -> " + linkTarget(path) + " never reaches a file";
            }
            chain.add(current);
            if (!Files.isSymbolicLink(current)) {
                break;
            }
            try {
                Path target = Files.readSymbolicLink(current);
                Path parent = current.getParent();
                current = (parent == null ? target : parent.resolve(target)).normalize();
            } catch (IOException e) {
                return "symlink cannot be read: " + describe(e);
            }
            if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                return "dangling symlink to " + linkTarget(path) + " (the target does not exist)";
            }
        }
        if (chain.size() >= 40) {
            return "symlink chain longer than 40 links";
        }
        return "symlink to " + linkTarget(path) + " cannot be followed";
    }

    static String linkTarget(Path path) {
        try {
            return Files.readSymbolicLink(path).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "an unreadable target";
        }
    }

    /** An I/O failure in words; exception messages are not reused (they may carry odd paths). */
    static String describe(IOException e) {
        String name = e.getClass().getSimpleName();
        return switch (name) {
            case "AccessDeniedException" -> "permission denied";
            case "NoSuchFileException" -> "no such file";
            case "FileSystemLoopException" -> "symlink loop";
            case "NotDirectoryException" -> "not a directory";
            default -> "read error (" + name + ")";
        };
    }
}
