package io.certfleet.pki.read;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Walks files and directories and reads every certificate in them, never stopping on bad input.
 *
 * <p>Symlinks are followed, safely: a directory reached again through a link of one of its own
 * ancestors is a loop and reported; a directory already walked through another link is skipped; a
 * dangling link is reported with its target. Special files (FIFOs, devices) are never opened. Files
 * above {@link ReadOptions#maxFileBytes()} are reported without being read. Entries are visited in
 * name order, so results are deterministic.
 */
public final class PathScanner {
    /** Deeper trees are reported rather than walked (protects the stack from hostile trees). */
    public static final int MAX_DEPTH = 64;

    private final CertificateReader reader;

    public PathScanner(CertificateReader reader) {
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    public ScanResult scan(List<Path> roots) {
        Walk walk = new Walk();
        for (Path root : roots) {
            walk.visit(root, List.of(), 0);
        }
        return new ScanResult(walk.certificates, walk.errors, walk.skipped);
    }

    private final class Walk {
        final List<ScanResult.Certificate> certificates = new ArrayList<>();
        final List<ScanResult.FileError> errors = new ArrayList<>();
        final List<ScanResult.SkippedFile> skipped = new ArrayList<>();
        /** Real path of each directory walked, to the path it was first walked as. */
        final Map<Path, Path> walkedDirectories = new HashMap<>();

        void visit(Path path, List<Path> ancestors, int depth) {
            String shown = path.toString();
            boolean link = Files.isSymbolicLink(path);
            if (!Files.exists(path)) {
                if (link) {
                    errors.add(new ScanResult.FileError(shown, FileContent.brokenLink(path)));
                } else if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                    errors.add(new ScanResult.FileError(shown, "cannot be resolved"));
                } else {
                    errors.add(new ScanResult.FileError(shown, "no such file or directory"));
                }
                return;
            }
            if (Files.isDirectory(path)) {
                visitDirectory(path, ancestors, depth);
                return;
            }
            readFile(path);
        }

        private void visitDirectory(Path dir, List<Path> ancestors, int depth) {
            String shown = dir.toString();
            Path real;
            try {
                real = dir.toRealPath();
            } catch (IOException e) {
                errors.add(new ScanResult.FileError(shown, "directory cannot be resolved: " + FileContent.describe(e)));
                return;
            }
            // a link to a directory that contains the link itself (an ancestor, or "..") is a loop,
            // even when the walk started below that directory
            Path container = ancestors.isEmpty() ? null : ancestors.get(ancestors.size() - 1);
            if (ancestors.contains(real) || (container != null && container.startsWith(real))) {
                errors.add(new ScanResult.FileError(
                        shown, "symlink loop: leads back to " + real + ", which contains it; not walked again"));
                return;
            }
            Path earlier = walkedDirectories.get(real);
            if (earlier != null) {
                skipped.add(new ScanResult.SkippedFile(shown, "same directory as " + earlier + ", already walked"));
                return;
            }
            if (depth >= MAX_DEPTH) {
                errors.add(new ScanResult.FileError(shown, "more than " + MAX_DEPTH + " directories deep; not walked"));
                return;
            }
            walkedDirectories.put(real, dir);
            List<Path> children = new ArrayList<>();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
                stream.forEach(children::add);
            } catch (NoSuchFileException e) {
                errors.add(new ScanResult.FileError(shown, "directory vanished while being listed"));
                return;
            } catch (IOException | SecurityException e) {
                errors.add(new ScanResult.FileError(
                        shown,
                        "directory cannot be listed: "
                                + (e instanceof IOException io ? FileContent.describe(io) : "permission denied")));
                return;
            }
            children.sort((a, b) ->
                    a.getFileName().toString().compareTo(b.getFileName().toString()));
            List<Path> nextAncestors = new ArrayList<>(ancestors);
            nextAncestors.add(real);
            for (Path child : children) {
                visit(child, List.copyOf(nextAncestors), depth + 1);
            }
        }

        private void readFile(Path file) {
            String shown = file.toString();
            ReadResult result;
            try {
                result = reader.readFile(file);
            } catch (RuntimeException e) {
                // a bug in one reader must not stop the walk; the reason stays generic (no content)
                result = ReadResult.failed(
                        "internal error while reading (" + e.getClass().getSimpleName() + ")");
            }
            for (FoundCertificate found : result.certificates()) {
                certificates.add(new ScanResult.Certificate(file, found));
            }
            for (String problem : result.problems()) {
                errors.add(new ScanResult.FileError(shown, problem));
            }
            if (result.onlySkipped()) {
                skipped.add(new ScanResult.SkippedFile(shown, String.join("; ", result.skipped())));
            }
        }
    }
}
