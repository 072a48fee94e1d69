package io.weft.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.standalone.StandaloneConfig;
import io.weft.standalone.WeftStandalone;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Restarting standalone Weft on the same data folder keeps products, devices and telemetry, and carries on. */
class StandaloneRestartIT {
    @TempDir
    Path dataDir;

    @Test
    void restart_keepsProductsDevicesAndTelemetry_andTheDeviceCarriesOn() throws Exception {
        StandaloneConfig config = StandaloneConfig.randomPorts(dataDir);
        TestDevice device;
        try (WeftStandalone weft = new WeftStandalone(config, System.out::println).start()) {
            WeftApi api = new WeftApi(config.restPort());
            String productKey = api.createProduct("restartThermo", "Thermometer", DeviceToStoreIT.TSL);
            device = api.registerDevice(productKey, "survivor");
            await().atMost(Duration.ofSeconds(30)).until(() -> weft.edge().downlinksReady());
            postAndAwait200(config, device, "1", 21.5);
            await().atMost(Duration.ofSeconds(60)).until(() -> api.latestValue(device, "Temp") != null);
        }

        try (WeftStandalone weft = new WeftStandalone(config, System.out::println).start()) {
            WeftApi api = new WeftApi(config.restPort());
            assertThat(api.get("/api/v1/products/restartThermo").status()).isEqualTo(200);
            assertThat(api.get("/api/v1/devices/restartThermo/survivor").status()).isEqualTo(200);
            assertThat(api.latestValue(device, "Temp").asDouble()).isEqualTo(21.5);

            await().atMost(Duration.ofSeconds(30)).until(() -> weft.edge().downlinksReady());
            postAndAwait200(config, device, "2", 22.75);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(api.latestValue(device, "Temp").asDouble()).isEqualTo(22.75));
            JsonNode history = api.get("/api/v1/devices/restartThermo/survivor/properties/Temp/history").json();
            assertThat(history).extracting(v -> v.path("value").asDouble()).containsExactly(22.75, 21.5);
        }
    }

    private static void postAndAwait200(StandaloneConfig config, TestDevice device, String id, double temp)
            throws Exception {
        try (PahoDevice paho = PahoDevice.connect(config.mqttPort(), device)) {
            paho.subscribe(device.replyTopic());
            paho.publish(device.postTopic(), "{\"id\":\"" + id + "\",\"version\":\"1.0\",\"params\":{\"Temp\":" + temp
                    + "},\"method\":\"thing.event.property.post\"}", 1);
            // Replies are at least once: after the restart the pipeline may answer the post of the first run again
            // (it resumes from its last checkpoint), so the device matches replies by id, as Alibaba's SDKs do.
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            JsonNode reply = paho.nextMessage(Duration.ofSeconds(90));
            while (!reply.path("id").asString().equals(id) && System.nanoTime() < deadline) {
                reply = paho.nextMessage(Duration.ofNanos(deadline - System.nanoTime()));
            }
            assertThat(reply.path("id").asString()).isEqualTo(id);
            assertThat(reply.path("code").asInt()).isEqualTo(200);
        }
    }
}
