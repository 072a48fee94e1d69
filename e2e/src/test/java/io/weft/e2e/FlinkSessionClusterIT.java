package io.weft.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.standalone.StandaloneConfig;
import io.weft.standalone.WeftStandalone;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The same job jar on a real Flink session cluster: a JobManager and a TaskManager in their own JVMs, the jar
 * uploaded and run through Flink's REST API, and a device's post going edge → Kafka → Flink → store → REST.
 */
class FlinkSessionClusterIT {
    @TempDir
    static Path dir;
    static FlinkSessionCluster flink;
    static WeftStandalone weft;

    @BeforeAll
    static void start() throws Exception {
        flink = new FlinkSessionCluster(dir.resolve("flink")).start();
        weft = new WeftStandalone(StandaloneConfig.randomPorts(dir.resolve("weft"))
                .withExternalFlink(flink.restAddress()), System.out::println).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> weft.edge().downlinksReady());
    }

    @AfterAll
    static void stop() throws Exception {
        if (weft != null) {
            weft.close();
        }
        if (flink != null) {
            flink.close();
        }
    }

    @Test
    void propertyPost_runsThroughTheJobOnTheSessionCluster() throws Exception {
        WeftApi api = new WeftApi(weft.config().restPort());
        String productKey = api.createProduct("clusterThermo", "Thermometer", DeviceToStoreIT.TSL);
        TestDevice device = api.registerDevice(productKey, "cluster-1");
        try (PahoDevice paho = PahoDevice.connect(weft.config().mqttPort(), device)) {
            paho.subscribe(device.replyTopic());
            paho.publish(device.postTopic(),
                    "{\"id\":\"9\",\"version\":\"1.0\",\"params\":{\"Temp\":-12.25},\"method\":\"thing.event.property.post\"}",
                    1);
            JsonNode reply = paho.nextMessage(Duration.ofSeconds(90));
            assertThat(reply.path("id").asString()).isEqualTo("9");
            assertThat(reply.path("code").asInt()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode temp = api.latestValue(device, "Temp");
            assertThat(temp).isNotNull();
            assertThat(temp.asDouble()).isEqualTo(-12.25);
        });
    }
}
