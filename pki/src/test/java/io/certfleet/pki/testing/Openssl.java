package io.certfleet.pki.testing;

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

/** Runs the {@code openssl} command, the independent reference certfleet is compared against. */
public final class Openssl {
    // "Apr  8 18:44:59 2026 GMT"
    private static final DateTimeFormatter ENDDATE = DateTimeFormatter.ofPattern(
                    "MMM d HH:mm:ss yyyy 'GMT'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private Openssl() {}

    /** The outcome of one openssl run. */
    public record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** Everything openssl printed, as a person reads it ({@code verify} says "OK" on stdout, why not on stderr). */
        public String output() {
            return (stdout + stderr).strip();
        }
    }

    /** Runs openssl in the current directory (all paths given absolute). */
    public static Result run(String... args) {
        return run(Path.of("").toAbsolutePath(), args);
    }

    public static Result run(Path workDir, String... args) {
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

    /** Like {@link #run} but fails the test when openssl fails. */
    public static String ok(Path workDir, String... args) {
        Result result = run(workDir, args);
        if (!result.ok()) {
            throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + result.stderr());
        }
        return result.stdout();
    }

    /** {@code notAfter=Apr  8 18:44:59 2026 GMT} → the instant. */
    public static Instant parseEndDate(String output) {
        String line = output.strip();
        String value = line.substring(line.indexOf('=') + 1).replaceAll("\\s+", " ");
        return ENDDATE.parse(value, Instant::from);
    }

    /** notAfter of the first certificate of a PEM or DER file, as openssl reads it. */
    public static Instant endDate(Path file) {
        return parseEndDate(ok(file.getParent(), "x509", "-noout", "-enddate", "-in", file.toString()));
    }

    /** {@code openssl x509 -serial} of the first certificate in {@code file}, lowercased. */
    public static String serial(Path file) {
        String out = ok(file.getParent(), "x509", "-noout", "-serial", "-in", file.toString())
                .strip();
        return out.substring(out.indexOf('=') + 1).toLowerCase(Locale.ROOT);
    }

    /** {@code openssl x509 -fingerprint -sha256} of the first certificate in {@code file}, lowercased, no colons. */
    public static String sha256(Path file) {
        String out = ok(file.getParent(), "x509", "-noout", "-fingerprint", "-sha256", "-in", file.toString())
                .strip();
        return out.substring(out.indexOf('=') + 1).replace(":", "").toLowerCase(Locale.ROOT);
    }
}
