package io.certfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certfleet.pki.testing.Openssl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Acceptance: {@code scan} over a corpus of broken files reports every good certificate and names every bad file. */
class ScanCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The pyca corpus is kept once, in the pki module's test resources. */
    private static final Path PYCA = Path.of("..", "pki", "src", "test", "resources", "pyca-x509")
            .toAbsolutePath()
            .normalize();

    @TempDir
    Path dir;

    private void openssl(String... args) {
        Openssl.ok(dir, args);
    }

    @Test
    void brokenCorpusGoodCertificatesReportedBadFilesNamed() throws Exception {
        openssl(
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-keyout",
                "a.key",
                "-out",
                "a.pem",
                "-days",
                "30",
                "-subj",
                "/CN=a");
        openssl(
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-keyout",
                "b.key",
                "-out",
                "b.pem",
                "-days",
                "60",
                "-subj",
                "/CN=b");
        Path good = Files.createDirectories(dir.resolve("good"));
        Path bad = Files.createDirectories(dir.resolve("bad"));
        String a = Files.readString(dir.resolve("a.pem"));
        String b = Files.readString(dir.resolve("b.pem"));
        Files.writeString(good.resolve("bundle.pem"), "# a bundle\n" + a + "between\n" + b);
        Files.writeString(good.resolve("crlf.crt"), b.replace("\n", "\r\n"));
        openssl(
                "x509",
                "-in",
                "a.pem",
                "-outform",
                "DER",
                "-out",
                good.resolve("a.der").toString());
        openssl(
                "pkcs12",
                "-export",
                "-in",
                "a.pem",
                "-inkey",
                "a.key",
                "-out",
                good.resolve("a.p12").toString(),
                "-passout",
                "pass:");
        Files.writeString(good.resolve("with-key.pem"), a + Files.readString(dir.resolve("a.key")));

        Files.writeString(bad.resolve("truncated.pem"), a.substring(0, a.length() / 2));
        Files.write(bad.resolve("garbage.bin"), new byte[] {7, 0, 7, 0, (byte) 0xfe});
        Files.writeString(bad.resolve("notes.txt"), "not a certificate\n");
        Files.write(bad.resolve("huge.pem"), (a + "#".repeat(2 * 1024 * 1024)).getBytes(StandardCharsets.US_ASCII));
        Files.createSymbolicLink(bad.resolve("dangling.pem"), Path.of("nowhere.pem"));
        Files.createSymbolicLink(bad.resolve("loop"), Path.of(".."));
        Files.createSymbolicLink(dir.resolve("pyca"), PYCA);

        CliRun run = CliRun.of(
                "scan",
                "--path",
                good.toString(),
                bad.toString(),
                dir.resolve("pyca").toString(),
                "-o",
                "json",
                "--now",
                "2026-01-01T00:00:00Z");
        assertThat(run.exitCode()).isZero();
        JsonNode doc = JSON.readTree(run.out());

        Map<String, Integer> certificatesPerFile = new HashMap<>();
        for (JsonNode c : doc.get("certificates")) {
            Path file = Path.of(c.get("path").asText());
            certificatesPerFile.merge(dir.relativize(file).toString(), 1, Integer::sum);
            if (c.get("index").asInt() == 0 && !file.toString().endsWith(".p12")) {
                assertThat(Instant.parse(c.get("notAfter").asText())).isEqualTo(Openssl.endDate(file));
            }
            assertThat(c.get("residualSeconds").asLong())
                    .isEqualTo(Instant.parse("2026-01-01T00:00:00Z")
                            .until(Instant.parse(c.get("notAfter").asText()), java.time.temporal.ChronoUnit.SECONDS));
        }
        Map<String, Integer> expected = new HashMap<>(Map.of(
                "good/a.der", 1, "good/a.p12", 1, "good/bundle.pem", 2, "good/crlf.crt", 1, "good/with-key.pem", 1));
        List<String> refusedByOpenssl = new ArrayList<>();
        try (Stream<Path> files = Files.list(PYCA)) {
            for (Path f : files.sorted().toList()) {
                if (Openssl.run(f.getParent(), "x509", "-noout", "-in", f.toString())
                                .exitCode()
                        == 0) {
                    expected.put("pyca/" + f.getFileName(), 1);
                } else {
                    refusedByOpenssl.add("pyca/" + f.getFileName());
                }
            }
        }
        assertThat(certificatesPerFile).isEqualTo(expected);

        Map<String, String> errors = new HashMap<>();
        doc.get("errors")
                .forEach(e -> errors.merge(
                        dir.relativize(Path.of(e.get("path").asText())).toString(),
                        e.get("reason").asText(),
                        (x, y) -> x + " | " + y));
        List<String> expectedBad = new ArrayList<>(List.of(
                "bad/dangling.pem",
                "bad/garbage.bin",
                "bad/huge.pem",
                "bad/loop",
                "bad/notes.txt",
                "bad/truncated.pem"));
        expectedBad.addAll(refusedByOpenssl);
        assertThat(errors).containsOnlyKeys(expectedBad.toArray(String[]::new));
        assertThat(errors.get("bad/dangling.pem")).contains("dangling symlink to nowhere.pem");
        assertThat(errors.get("bad/huge.pem")).contains("larger than the 1048576-byte limit");
        assertThat(errors.get("bad/loop")).contains("symlink loop");
        assertThat(errors.get("bad/truncated.pem")).contains("truncated");
        assertThat(errors.get("bad/garbage.bin")).contains("not a certificate");
        assertThat(errors.get("pyca/invalid_utf8_common_name.pem")).contains("UTF-8");
        assertThat(errors.values()).allSatisfy(reason -> assertThat(reason).doesNotContain("Exception"));

        // JSON entry fields are those of check-expiration; name is null outside a kubeadm tree
        JsonNode first = doc.get("certificates").get(0);
        assertThat(first.fieldNames())
                .toIterable()
                .contains(
                        "name",
                        "index",
                        "path",
                        "subject",
                        "issuer",
                        "serialNumber",
                        "sha256",
                        "notBefore",
                        "notAfter",
                        "residualSeconds",
                        "certificateAuthority",
                        "externallyManaged",
                        "sans",
                        "keyAlgorithm",
                        "findings");
        assertThat(first.get("name").isNull()).isTrue();

        String key = Files.readString(dir.resolve("a.key"));
        key.lines()
                .filter(l -> !l.startsWith("-----"))
                .forEach(l -> assertThat(run.all()).doesNotContain(l));
    }

    @Test
    void tableOutputListsCertificatesAndErrorsOnStderr() throws Exception {
        openssl(
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-keyout",
                "a.key",
                "-out",
                "a.pem",
                "-days",
                "1",
                "-subj",
                "/CN=short-lived");
        Files.writeString(dir.resolve("broken.pem"), "-----BEGIN CERTIFICATE-----\nMIIB\n");
        CliRun run = CliRun.of(
                "scan", "--path", dir.toString(), "--now", "2000-01-01T00:00:00Z", "--max-file-size", "64KiB");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines().toList().get(0))
                .startsWith("PATH ")
                .contains("SUBJECT", "EXPIRES", "RESIDUAL TIME");
        assertThat(run.out()).contains("CN=short-lived");
        assertThat(run.err()).contains("broken.pem: PEM block 1 (CERTIFICATE) has no END line (truncated)");
        assertThat(run.err()).contains("1 certificate(s), 1 error(s), 1 file(s) skipped");
    }

    @Test
    void missingPathIsAnErrorEntryAndUsageErrorsExitTwo() throws Exception {
        CliRun run = CliRun.of("scan", "--path", dir.resolve("absent").toString(), "-o", "json");
        assertThat(run.exitCode()).isZero();
        assertThat(JSON.readTree(run.out()).get("errors").get(0).get("reason").asText())
                .isEqualTo("no such file or directory");
        assertThat(CliRun.of("scan").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("scan", "--path", dir.toString(), "--max-file-size", "lots")
                        .exitCode())
                .isEqualTo(2);
    }
}
