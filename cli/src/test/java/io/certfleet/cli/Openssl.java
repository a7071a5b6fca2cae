package io.certfleet.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** The {@code openssl} command: the independent tool the tests build trees with and compare against. */
final class Openssl {
    private static final DateTimeFormatter ENDDATE = DateTimeFormatter.ofPattern(
                    "MMM d HH:mm:ss yyyy 'GMT'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private Openssl() {}

    record Result(int exitCode, String stdout, String stderr) {}

    static Result run(Path workDir, String... args) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        try {
            Process process =
                    new ProcessBuilder(command).directory(workDir.toFile()).start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            byte[] err = process.getErrorStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("openssl did not finish: " + command);
            }
            return new Result(
                    process.exitValue(),
                    new String(out, StandardCharsets.UTF_8),
                    new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run openssl", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String ok(Path workDir, String... args) {
        Result result = run(workDir, args);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + result.stderr());
        }
        return result.stdout();
    }

    /** notAfter of the first certificate in {@code file}, read by {@code openssl x509 -noout -enddate}. */
    static Instant endDate(Path file) {
        String out = ok(file.getParent(), "x509", "-noout", "-enddate", "-in", file.toString())
                .strip();
        return ENDDATE.parse(out.substring(out.indexOf('=') + 1).replaceAll("\\s+", " "), Instant::from);
    }

    /** {@code openssl x509 -serial}, lowercased. */
    static String serial(Path file) {
        String out = ok(file.getParent(), "x509", "-noout", "-serial", "-in", file.toString())
                .strip();
        return out.substring(out.indexOf('=') + 1).toLowerCase(Locale.ROOT);
    }

    /** {@code openssl x509 -fingerprint -sha256}, lowercased without colons. */
    static String sha256(Path file) {
        String out = ok(file.getParent(), "x509", "-noout", "-fingerprint", "-sha256", "-in", file.toString())
                .strip();
        return out.substring(out.indexOf('=') + 1).replace(":", "").toLowerCase(Locale.ROOT);
    }
}
