package io.weft.e2e;

import io.weft.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** The control plane's REST API as an integrator calls it: the JDK's HttpClient and JSON. */
final class WeftApi {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    WeftApi(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    Response post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Creates a product with a thing model (TSL JSON) and returns its key. */
    /**
     * Creates a product whose key is {@code prefix} and eight random characters, so that test classes sharing one
     * Weft work in products of their own; returns the key.
     */
    String createUniqueProduct(String prefix, String name, String tsl) {
        return createProduct(prefix + UUID.randomUUID().toString().substring(0, 8), name, tsl);
    }

    String createProduct(String productKey, String name, String tsl) {
        Response created = post("/api/v1/products",
                "{\"productKey\":\"" + productKey + "\",\"name\":\"" + name + "\",\"thingModel\":" + tsl + "}");
        if (created.status() != 201) {
            throw new IllegalStateException("product not created: " + created.body());
        }
        return productKey;
    }

    /** Registers a device and returns it with the secret the answer carries. */
    TestDevice registerDevice(String productKey, String deviceName) {
        Response registered = post("/api/v1/products/" + productKey + "/devices",
                "{\"deviceName\":\"" + deviceName + "\"}");
        if (registered.status() != 201) {
            throw new IllegalStateException("device not registered: " + registered.body());
        }
        return new TestDevice(productKey, deviceName, registered.json().path("deviceSecret").asString());
    }

    /** The latest stored value of one property, or null. */
    JsonNode latestValue(TestDevice device, String identifier) {
        for (JsonNode v : get("/api/v1/devices/" + device.productKey() + "/" + device.name() + "/properties").json()) {
            if (v.path("identifier").asString().equals(identifier)) {
                return v.path("value");
            }
        }
        return null;
    }

    Response put(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    Response patch(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    /** The device as {@code GET /api/v1/devices/{pk}/{dn}} shows it (with its presence). */
    JsonNode device(TestDevice device) {
        return get("/api/v1/devices/" + device.productKey() + "/" + device.name()).json();
    }

    Response delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Response(int status, String contentType, String body) {
        JsonNode json() {
            return Json.tree(body);
        }
    }
}
