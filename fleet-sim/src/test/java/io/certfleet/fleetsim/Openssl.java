package io.certfleet.fleetsim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** Runs the standard {@code openssl} tool, the independent judge of what the simulator wrote. */
final class Openssl {

    private static final DateTimeFormatter ENDDATE = DateTimeFormatter.ofPattern(
                    "MMM ppd HH:mm:ss yyyy 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);

    record Result(int exitCode, String output) {}

    private Openssl() {}

    static Result run(String... args) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return new Result(process.exitValue(), output.trim());
        } catch (IOException e) {
            throw new AssertionError("openssl must be installed to run this test", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** {@code openssl x509 -noout -enddate}, parsed. */
    static Instant endDate(String certificateFile) {
        Result result = run("x509", "-noout", "-enddate", "-in", certificateFile);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).startsWith("notAfter=");
        return Instant.from(ENDDATE.parse(result.output().substring("notAfter=".length())));
    }
}
