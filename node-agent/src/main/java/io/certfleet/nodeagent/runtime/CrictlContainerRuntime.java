package io.certfleet.nodeagent.runtime;

import io.certfleet.nodeagent.FailureReason;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@link ContainerRuntime} through {@code crictl}, as seed 001 does by hand: {@code crictl ps --name
 * ^NAME$ -q} (crictl's name filter is a regular expression; anchored so {@code etcd} does not match
 * {@code etcd-defrag}) and {@code crictl stop ID}. A call that fails with {@code DeadlineExceeded}
 * ("context deadline exceeded") or runs past its timeout is retried a bounded number of times with a
 * growing pause, as the seed advises; other failures are reported at once.
 */
public final class CrictlContainerRuntime implements ContainerRuntime {

    private static final int MAX_MESSAGE = 300;

    private final List<String> command;
    private final Map<String, String> environment;
    private final int maxAttempts;
    private final Duration backoff;
    private final Duration commandTimeout;
    private final Pause pause;

    /** {@code crictl} from the PATH, 5 attempts, 2 s growing backoff, 60 s per call. */
    public CrictlContainerRuntime() {
        this(List.of("crictl"), Map.of(), 5, Duration.ofSeconds(2), Duration.ofSeconds(60), Pause.SLEEP);
    }

    /**
     * @param command the crictl command and global options, e.g. {@code [crictl, --runtime-endpoint,
     *     unix:///run/containerd/containerd.sock]}
     * @param environment variables added to the process environment (e.g. {@code PATH})
     * @param maxAttempts attempts per call when the runtime answers DeadlineExceeded
     * @param backoff pause after the first failed attempt; doubled after each further one
     * @param commandTimeout how long one crictl call may take before it is killed and retried
     */
    public CrictlContainerRuntime(
            List<String> command,
            Map<String, String> environment,
            int maxAttempts,
            Duration backoff,
            Duration commandTimeout,
            Pause pause) {
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.maxAttempts = maxAttempts;
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.commandTimeout = Objects.requireNonNull(commandTimeout, "commandTimeout");
        this.pause = Objects.requireNonNull(pause, "pause");
        if (command.isEmpty() || maxAttempts < 1) {
            throw new IllegalArgumentException("a command and at least one attempt are needed");
        }
    }

    @Override
    public List<String> runningContainers(String name) {
        String output = run(List.of("ps", "--name", "^" + name + "$", "-q"), false);
        return output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    @Override
    public void stop(String containerId) {
        run(List.of("stop", containerId), true);
    }

    private String run(List<String> arguments, boolean notFoundIsDone) {
        String what = "crictl " + String.join(" ", arguments);
        Duration wait = backoff;
        for (int attempt = 1; ; attempt++) {
            Outcome outcome = execute(arguments);
            if (outcome.exitCode() == 0) {
                return outcome.stdout();
            }
            String stderr = outcome.stderr().toLowerCase(Locale.ROOT);
            if (notFoundIsDone && (stderr.contains("notfound") || stderr.contains("not found"))) {
                // the kubelet replaced it meanwhile: it is stopped
                return "";
            }
            boolean deadline = outcome.timedOut()
                    || stderr.contains("deadlineexceeded")
                    || stderr.contains("context deadline exceeded");
            if (!deadline) {
                boolean unreachable = stderr.contains("connection refused")
                        || stderr.contains("no such file or directory")
                        || stderr.contains("code = unavailable");
                throw new ContainerRuntimeException(
                        unreachable ? FailureReason.UNREACHABLE : FailureReason.TRANSIENT,
                        what + " failed (exit " + outcome.exitCode() + "): " + firstLine(outcome.stderr()));
            }
            if (attempt >= maxAttempts) {
                throw new ContainerRuntimeException(
                        FailureReason.TRANSIENT,
                        what + " still failing with DeadlineExceeded after " + attempt + " attempts: "
                                + firstLine(outcome.stderr()));
            }
            try {
                pause.pause(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ContainerRuntimeException(FailureReason.TRANSIENT, what + " interrupted", e);
            }
            wait = wait.multipliedBy(2);
        }
    }

    private record Outcome(int exitCode, String stdout, String stderr, boolean timedOut) {}

    private Outcome execute(List<String> arguments) {
        List<String> full = new ArrayList<>(command);
        full.set(0, executable(command.get(0)));
        full.addAll(arguments);
        ProcessBuilder builder =
                new ProcessBuilder(full).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new ContainerRuntimeException(
                    FailureReason.UNREACHABLE, "cannot run " + command.get(0) + " (" + e.getMessage() + ")", e);
        }
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> drain(process.getInputStream()));
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()));
        try {
            if (!process.waitFor(commandTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                return new Outcome(-1, "", "timed out after " + commandTimeout, true);
            }
            return new Outcome(process.exitValue(), stdout.get(), stderr.get(), false);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ContainerRuntimeException(FailureReason.TRANSIENT, "interrupted while running crictl", e);
        } catch (ExecutionException e) {
            throw new ContainerRuntimeException(FailureReason.TRANSIENT, "cannot read crictl's output", e);
        }
    }

    /**
     * A bare command name looked up on the PATH the process will get (the configured one, else this
     * process's), since the JVM itself resolves names on its own PATH only.
     */
    private String executable(String name) {
        if (name.contains("/")) {
            return name;
        }
        String path = environment.getOrDefault("PATH", System.getenv().getOrDefault("PATH", ""));
        for (String directory : path.split(java.io.File.pathSeparator)) {
            if (!directory.isEmpty()) {
                java.nio.file.Path candidate = java.nio.file.Path.of(directory, name);
                if (java.nio.file.Files.isExecutable(candidate) && !java.nio.file.Files.isDirectory(candidate)) {
                    return candidate.toString();
                }
            }
        }
        return name;
    }

    private static String drain(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("(no message)");
        return line.length() > MAX_MESSAGE ? line.substring(0, MAX_MESSAGE) + "..." : line;
    }
}
