package io.weft.bench.rules;

import io.weft.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Creates and starts a rule over the control plane's REST API ({@code /api/v1/rules}), as a user does, and waits
 * until its status says its group's Flink job runs.
 */
final class RuleRest {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI rest;

    RuleRest(URI rest) {
        this.rest = rest;
    }

    /** Creates rule {@code id} with one {@code alert} destination named {@code alertName}, severity major. */
    void create(String id, String productKey, String sql, String alertName) throws IOException, InterruptedException {
        ObjectNode body = Json.object();
        body.put("id", id);
        body.put("name", "device to alert bench");
        body.put("productKey", productKey);
        body.put("sql", sql);
        body.putArray("destinations").addObject().put("type", "alert").put("name", alertName)
                .put("severity", "major");
        expect(send("POST", "/api/v1/rules", body), 201, "creating rule " + id);
    }

    /** Starts the rule; the control plane answers once the group's job runs. */
    void start(String id) throws IOException, InterruptedException {
        expect(send("POST", "/api/v1/rules/" + id + "/start", null), 200, "starting rule " + id);
    }

    /**
     * Polls {@code GET /api/v1/rules/{id}/status} until {@code state} is {@code started} and {@code jobState}
     * {@code RUNNING}; returns the last status.
     *
     * @throws IOException when it does not within {@code timeout}
     */
    JsonNode awaitRunning(String id, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode status;
        do {
            HttpResponse<String> response = send("GET", "/api/v1/rules/" + id + "/status", null);
            expect(response, 200, "status of rule " + id);
            status = Json.tree(response.body());
            if ("started".equals(text(status, "state")) && "RUNNING".equals(text(status, "jobState"))) {
                return status;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
        } while (System.nanoTime() - deadline < 0);
        throw new IOException("rule " + id + " not running after " + timeout.toSeconds() + " s: " + status);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private HttpResponse<String> send(String method, String path, JsonNode body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(rest + path)).timeout(TIMEOUT);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(Json.writeString(body)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void expect(HttpResponse<String> response, int status, String what) throws IOException {
        if (response.statusCode() != status) {
            throw new IOException(what + ": HTTP " + response.statusCode() + " " + response.body());
        }
    }
}
