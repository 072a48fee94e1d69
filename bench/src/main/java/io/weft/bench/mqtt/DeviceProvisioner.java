package io.weft.bench.mqtt;

import io.weft.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Creates the bench product and registers its devices over the control plane's REST API, with a bounded number
 * of requests outstanding. A device that already exists (409) cannot be used: its secret is shown only once, so
 * a run needs a fresh product or fresh device names.
 */
public final class DeviceProvisioner {
    private static final Logger log = LoggerFactory.getLogger(DeviceProvisioner.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .build();
    private final URI rest;

    public DeviceProvisioner(URI rest) {
        this.rest = rest;
    }

    /** Creates the product; one that already exists (409) is kept as it is. */
    public void createProduct(String productKey, String thingModelJson) throws IOException, InterruptedException {
        ObjectNode body = Json.object();
        body.put("productKey", productKey);
        body.put("name", "Weft bench " + productKey);
        body.set("thingModel", Json.tree(thingModelJson));
        HttpResponse<String> response = http.send(post("/api/v1/products", body), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 409) {
            log.info("product {} exists; reusing it", productKey);
        } else if (response.statusCode() != 201) {
            throw new IOException("creating product " + productKey + ": HTTP " + response.statusCode() + " "
                    + response.body());
        }
    }

    /**
     * Registers {@code bench-0000..} with at most {@code concurrency} requests outstanding.
     *
     * @throws IOException naming the first failure when any registration fails
     */
    public List<BenchDevice> registerDevices(String productKey, int count, int concurrency)
            throws IOException, InterruptedException {
        Semaphore permits = new Semaphore(concurrency);
        List<CompletableFuture<BenchDevice>> pending = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String deviceName = BenchDevice.name(i);
            ObjectNode body = Json.object().put("deviceName", deviceName);
            permits.acquire();
            pending.add(http.sendAsync(post("/api/v1/products/" + productKey + "/devices", body),
                            HttpResponse.BodyHandlers.ofString())
                    .thenApply(response -> registered(productKey, deviceName, response))
                    .whenComplete((device, error) -> permits.release()));
        }
        List<BenchDevice> devices = new ArrayList<>(count);
        for (CompletableFuture<BenchDevice> future : pending) {
            try {
                devices.add(future.join());
            } catch (RuntimeException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                throw new IOException("registering devices of " + productKey + ": " + cause.getMessage(), cause);
            }
        }
        return devices;
    }

    private static BenchDevice registered(String productKey, String deviceName, HttpResponse<String> response) {
        if (response.statusCode() == 409) {
            throw new IllegalStateException("device " + productKey + "/" + deviceName
                    + " already exists and its secret is not shown again: use a fresh --product");
        }
        if (response.statusCode() != 201) {
            throw new IllegalStateException("device " + productKey + "/" + deviceName + ": HTTP "
                    + response.statusCode() + " " + response.body());
        }
        JsonNode secret = Json.tree(response.body()).get("deviceSecret");
        if (secret == null || !secret.isString()) {
            throw new IllegalStateException("device " + productKey + "/" + deviceName + ": no deviceSecret in "
                    + response.body());
        }
        return new BenchDevice(productKey, deviceName, secret.asString());
    }

    private HttpRequest post(String path, JsonNode body) {
        return HttpRequest.newBuilder(URI.create(rest + path))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.writeString(body)))
                .build();
    }
}
