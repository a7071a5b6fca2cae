package io.certfleet.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File-system chores for data directories. */
final class Directories {

    private Directories() {}

    static Path createTemporary(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new EmbeddedInfrastructureException(
                    EmbeddedInfrastructureException.Reason.INVALID_INPUT,
                    "cannot create a temporary directory in " + System.getProperty("java.io.tmpdir"),
                    e);
        }
    }

    static Path createIfMissing(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new EmbeddedInfrastructureException(
                    EmbeddedInfrastructureException.Reason.INVALID_INPUT, "cannot create directory " + dir, e);
        }
    }

    /** Deletes a directory tree; best effort, because it runs on close and at JVM exit. */
    static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // A leftover temporary directory is harmless; failing a close() over it is not.
        }
    }
}
