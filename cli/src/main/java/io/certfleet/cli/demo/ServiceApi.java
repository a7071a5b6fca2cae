package io.certfleet.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** JSON over the HTTP API of one demo service; every failure is a {@link DemoException} naming the service. */
final class ServiceApi {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final ServiceProcess service;

    ServiceApi(ServiceProcess service) {
        this.service = service;
    }

    JsonNode get(String path) {
        HttpResponse<String> response = send(
                HttpRequest.newBuilder(service.baseUri().resolve(path)).timeout(Duration.ofSeconds(10)), "GET " + path);
        if (response.statusCode() != 200) {
            throw new DemoException(
                    service.service().artifact() + " answered " + response.statusCode() + " to GET " + path);
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new DemoException(
                    service.service().artifact() + " answered GET " + path + " with invalid JSON: " + e.getMessage(),
                    e);
        }
    }

    /** The status of a POST with a JSON body. */
    int post(String path, JsonNode body) {
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(service.baseUri().resolve(path))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } catch (IOException e) {
            throw new DemoException("cannot write the body of POST " + path + ": " + e.getMessage(), e);
        }
        return send(request, "POST " + path).statusCode();
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String what) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new DemoException(
                    "cannot reach " + service.service().artifact() + " (" + what + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoException("interrupted during " + what, e);
        }
    }
}
