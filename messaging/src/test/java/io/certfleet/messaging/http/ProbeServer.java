package io.certfleet.messaging.http;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A bare context (no database, no broker) with the messaging beans, {@link ProbeApi} and an HTTP server on a random
 * port; keeps every response it received so a test can search them.
 */
final class ProbeServer implements AutoCloseable {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final ApplicationContext context;
    private final EmbeddedServer server;
    final List<String> responses = new CopyOnWriteArrayList<>();

    private ProbeServer(ApplicationContext context, EmbeddedServer server) {
        this.context = context;
        this.server = server;
    }

    static ProbeServer start(Map<String, Object> overrides) {
        ApplicationContext context =
                ApplicationContext.builder().properties(properties(overrides)).start();
        EmbeddedServer server = context.getBean(EmbeddedServer.class);
        server.start();
        return new ProbeServer(context, server);
    }

    static Map<String, Object> properties(Map<String, Object> overrides) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("micronaut.application.name", "api-probe");
        properties.put("micronaut.server.port", -1);
        properties.putAll(bare());
        properties.putAll(overrides);
        return properties;
    }

    /** What a context without database and broker needs: the probe beans, a messaging source, no relay. */
    static Map<String, Object> bare() {
        return Map.of(
                ProbeApi.ENABLED,
                true,
                "certfleet.messaging.source",
                "/certfleet/api-probe",
                "certfleet.messaging.relay-enabled",
                false,
                "kafka.health.enabled",
                false);
    }

    ApplicationContext context() {
        return context;
    }

    HttpResponse<String> send(String method, String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.getURI() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    HttpResponse<String> postJson(String path, String json, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.getURI() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            List<String> seen = new ArrayList<>();
            seen.add(response.body());
            response.headers().map().forEach((name, values) -> seen.add(name + ": " + values));
            responses.addAll(seen);
            return response;
        } catch (IOException e) {
            throw new IllegalStateException("HTTP " + request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
        context.close();
    }
}
