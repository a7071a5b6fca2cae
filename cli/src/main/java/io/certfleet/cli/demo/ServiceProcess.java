package io.certfleet.cli.demo;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One certfleet service running as its own JVM, the way a Deployment runs it in production: its
 * own class path, its configuration as system properties, its log in a file.
 */
final class ServiceProcess implements AutoCloseable {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ServiceName service;
    private final Process process;
    private final int port;
    private final Path logFile;

    private ServiceProcess(ServiceName service, Process process, int port, Path logFile) {
        this.service = service;
        this.process = process;
        this.port = port;
        this.logFile = logFile;
    }

    static ServiceProcess start(
            ServiceName service, ServiceClasspath classpath, Map<String, String> properties, Path logDir) {
        int port = freePort();
        Path logFile = logDir.resolve(service.artifact() + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx384m");
        command.add("-XX:TieredStopAtLevel=1");
        if (Runtime.version().feature() >= 23) {
            // Kafka's client uses sun.misc.Unsafe; newer JDKs warn about it on every start
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.add("-cp");
        command.add(classpath.classpathOf(service));
        command.add("-Dmicronaut.server.port=" + port);
        command.add("-Dmicronaut.server.host=127.0.0.1");
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add(service.mainClass());
        try {
            Files.createDirectories(logDir);
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile())
                    .start();
            return new ServiceProcess(service, process, port, logFile);
        } catch (IOException e) {
            throw new DemoException("cannot start " + service.artifact() + ": " + e.getMessage(), e);
        }
    }

    ServiceName service() {
        return service;
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    Path logFile() {
        return logFile;
    }

    /** Throws, with the end of its log, when the JVM has exited: nothing it was to do will happen. */
    void requireRunning() {
        if (!process.isAlive()) {
            throw new DemoException(service.artifact() + " exited with code " + process.exitValue() + "; the end of "
                    + logFile + ":\n" + tail(logFile, 25));
        }
    }

    /** Waits until {@code /health} answers 200; fails early, with the log's end, when the JVM exits. */
    void awaitHealthy(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        HttpRequest request = HttpRequest.newBuilder(baseUri().resolve("/health"))
                .timeout(Duration.ofSeconds(2))
                .build();
        while (Instant.now().isBefore(deadline)) {
            requireRunning();
            try {
                if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DemoException("interrupted while waiting for " + service.artifact(), e);
            }
            pause(Duration.ofMillis(250));
        }
        throw new DemoException(service.artifact() + " did not become healthy within " + timeout.toSeconds()
                + " s; the end of " + logFile + ":\n" + tail(logFile, 25));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoException("interrupted", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new DemoException("no free loopback port: " + e.getMessage(), e);
        }
    }
}
