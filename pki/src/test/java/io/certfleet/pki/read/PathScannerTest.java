package io.certfleet.pki.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.certfleet.pki.testing.TestCertificates;
import io.certfleet.pki.testing.TestCertificates.Issued;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input never stops a scan: each unreadable, truncated, non-certificate, oversized, dangling or
 * looping entry becomes an error with a specific reason, and the good certificates around it are
 * all reported.
 *
 * <p>An unreadable directory is not built here: tests run as root, for whom {@code chmod 000} does
 * not deny anything. The reason text for a denied read is checked on its own instead.
 */
class PathScannerTest {
    private static final Issued CA =
            TestCertificates.certificate("CN=kubernetes").ca().build();
    private static final Issued LEAF =
            TestCertificates.certificate("CN=leaf").clientAuth().signedBy(CA).build();

    @TempDir
    Path root;

    private ScanResult scan(ReadOptions options, Path... paths) {
        return new PathScanner(new CertificateReader(options)).scan(List.of(paths));
    }

    private Map<String, String> errorsByFile(ScanResult result) {
        return result.errors().stream()
                .collect(Collectors.toMap(
                        e -> root.relativize(Path.of(e.path())).toString(),
                        ScanResult.FileError::reason,
                        (a, b) -> a + " | " + b));
    }

    @Test
    void reportsEveryGoodCertificateAndNamesEveryBadFile() throws Exception {
        Path certs = Files.createDirectories(root.resolve("certs"));
        Files.writeString(certs.resolve("bundle.pem"), LEAF.pem() + CA.pem());
        Files.writeString(certs.resolve("crlf.crt"), LEAF.pem().replace("\n", "\r\n"));
        Files.write(certs.resolve("leaf.der"), LEAF.der());
        Files.writeString(certs.resolve("leaf.key"), LEAF.keyPem());
        Files.writeString(certs.resolve("truncated.pem"), CA.pem().substring(0, 300));
        Files.write(certs.resolve("garbage.bin"), new byte[] {0x13, 0x37, 0x00, 0x42});
        Files.writeString(certs.resolve("notes.txt"), "remember to renew\n");
        Files.write(certs.resolve("empty.pem"), new byte[0]);
        Files.writeString(certs.resolve("big.pem"), LEAF.pem() + "x".repeat(5000));
        Files.createSymbolicLink(certs.resolve("dangling.pem"), Path.of("gone.pem"));
        Files.createSymbolicLink(certs.resolve("current.pem"), Path.of("bundle.pem"));
        Files.createSymbolicLink(certs.resolve("loop-a"), Path.of("loop-b"));
        Files.createSymbolicLink(certs.resolve("loop-b"), Path.of("loop-a"));
        Path nested = Files.createDirectories(certs.resolve("nested/deeper"));
        Files.createSymbolicLink(nested.resolve("up"), Path.of("../.."));
        Files.writeString(nested.resolve("ca.crt"), CA.pem());

        ScanResult result = scan(ReadOptions.defaults().withMaxFileBytes(4096), root);

        assertThat(result.certificates().stream()
                        .map(c -> root.relativize(c.path()) + "#" + c.found().index()))
                .containsExactly(
                        "certs/bundle.pem#0",
                        "certs/bundle.pem#1",
                        "certs/crlf.crt#0",
                        "certs/current.pem#0",
                        "certs/current.pem#1",
                        "certs/leaf.der#0",
                        "certs/nested/deeper/ca.crt#0");
        Map<String, String> errors = errorsByFile(result);
        assertThat(errors)
                .containsOnlyKeys(
                        "certs/big.pem",
                        "certs/dangling.pem",
                        "certs/empty.pem",
                        "certs/garbage.bin",
                        "certs/loop-a",
                        "certs/loop-b",
                        "certs/nested/deeper/up",
                        "certs/notes.txt",
                        "certs/truncated.pem");
        assertThat(errors.get("certs/big.pem")).startsWith("file is larger than the 4096-byte limit");
        assertThat(errors.get("certs/dangling.pem"))
                .isEqualTo("dangling symlink to gone.pem (the target does not exist)");
        assertThat(errors.get("certs/empty.pem")).isEqualTo("empty file");
        assertThat(errors.get("certs/garbage.bin"))
                .isEqualTo("not a certificate: binary data that is neither PEM nor DER");
        assertThat(errors.get("certs/loop-a")).startsWith("symlink loop");
        assertThat(errors.get("certs/nested/deeper/up")).startsWith("symlink loop: leads back to");
        assertThat(errors.get("certs/notes.txt"))
                .isEqualTo("not a certificate: text with no PEM block, and not a kubeconfig or Secret");
        assertThat(errors.get("certs/truncated.pem"))
                .isEqualTo("PEM block 1 (CERTIFICATE) has no END line (truncated)");
        assertThat(result.skipped())
                .extracting(s -> root.relativize(Path.of(s.path())).toString())
                .containsExactly("certs/leaf.key");
    }

    @Test
    void aDirectoryReachedTwiceIsWalkedOnce() throws Exception {
        Path real = Files.createDirectories(root.resolve("real"));
        Files.writeString(real.resolve("ca.crt"), CA.pem());
        Files.createSymbolicLink(root.resolve("alias"), Path.of("real"));

        ScanResult result = scan(ReadOptions.defaults(), root);
        assertThat(result.certificates()).hasSize(1);
        assertThat(result.errors()).isEmpty();
        assertThat(result.skipped())
                .singleElement()
                .satisfies(s -> assertThat(s.reason()).startsWith("same directory as"));
    }

    @Test
    void specialFilesAreNeverOpened() throws Exception {
        Path fifo = root.resolve("pipe");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(mkfifo.exitValue()).isZero();

        ScanResult result = scan(ReadOptions.defaults(), root);
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo(fifo.toString());
            assertThat(e.reason()).isEqualTo("not a regular file (FIFO, socket or device)");
        });
    }

    @Test
    void missingRootIsAnErrorNotAnException() {
        ScanResult result = scan(ReadOptions.defaults(), root.resolve("absent"));
        assertThat(result.errors())
                .singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo("no such file or" + " directory"));
    }

    @Test
    void deniedReadsAreDescribedWithoutTheExceptionText() {
        IOException denied = new AccessDeniedException("/etc/kubernetes/pki/ca.key", null, "secret detail");
        assertThat(FileContent.describe(denied)).isEqualTo("permission denied");
        assertThat(FileContent.describe(new IOException("Input/output error"))).isEqualTo("read error (IOException)");
    }
}
