package io.certfleet.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plays the person in the chat channel: grants every pending approval through notifier-service's API. */
final class DemoApprovals {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    DemoApprovals(ServiceProcess notifier) {
        this.base = notifier.baseUri();
    }

    int grantAll(String approvedBy) {
        int granted = 0;
        for (JsonNode approval : get("/approvals")) {
            ObjectNode body = JSON.createObjectNode()
                    .put("approvedBy", approvedBy)
                    .put("channel", "demo")
                    .put("comment", "approved in the certfleet demo");
            int status = post("/approvals/" + approval.path("id").asText() + "/grant", body);
            if (status == 200) {
                granted++;
            } else if (status != 409) { // 409: someone else granted it first
                throw new DemoException("notifier-service answered " + status + " to granting approval "
                        + approval.path("id").asText());
            }
        }
        return granted;
    }

    private JsonNode get(String path) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(base.resolve(path))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new DemoException("notifier-service answered " + response.statusCode() + " to GET " + path);
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new DemoException("cannot reach notifier-service: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoException("interrupted", e);
        }
    }

    private int post(String path, JsonNode body) {
        try {
            return http.send(
                            HttpRequest.newBuilder(base.resolve(path))
                                    .timeout(Duration.ofSeconds(10))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            throw new DemoException("cannot reach notifier-service: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoException("interrupted", e);
        }
    }
}
