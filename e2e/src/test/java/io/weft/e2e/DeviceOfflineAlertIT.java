package io.weft.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.standalone.WeftStandalone;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Offline alerts end to end on standalone Weft (alert after {@link SharedWeft#OFFLINE_ALERT_AFTER_MS}), with Eclipse
 * Paho as the device: the edge's OFFLINE reaches the alert job, whose {@code device-offline} alert shows over REST
 * once the device has been offline that long, and clears when the device reconnects; an operator acknowledges one
 * over REST and the alert job's change is in the answer.
 */
class DeviceOfflineAlertIT {
    @RegisterExtension
    static final SharedWeft WEFT = new SharedWeft();
    static WeftStandalone weft;
    static WeftApi api;
    static String productKey;

    @BeforeAll
    static void createProduct() throws Exception {
        weft = WEFT.weft();
        api = WEFT.api();
        productKey = api.createUniqueProduct("off", "Lamp", "{}");
    }

    @Test
    void offlineLongerThanN_raisesDeviceOffline_andReconnectClearsIt() throws Exception {
        TestDevice device = api.registerDevice(productKey, "lamp-gone");
        PahoDevice.connect(weft.config().mqttPort(), device).close();
        JsonNode offline = await().atMost(Duration.ofSeconds(30)).until(() -> api.device(device),
                d -> !d.path("online").asBoolean() && !d.path("lastOfflineAt").isNull());

        JsonNode alert = awaitAlert(device, "open");
        assertThat(alert.path("name").asString()).isEqualTo("device-offline");
        assertThat(alert.path("source").asString()).isEqualTo("offline");
        assertThat(alert.path("details").path("reason").asString()).isNotBlank();
        assertThat(Duration.between(Instant.parse(offline.path("lastOfflineAt").asString()),
                Instant.parse(alert.path("firstRaisedAt").asString())).toMillis())
                .isGreaterThanOrEqualTo(SharedWeft.OFFLINE_ALERT_AFTER_MS);

        try (PahoDevice back = PahoDevice.connect(weft.config().mqttPort(), device)) {
            JsonNode cleared = awaitAlert(device, "cleared");
            assertThat(cleared.path("id").asString()).isEqualTo(alert.path("id").asString());
            assertThat(cleared.path("clearedBy").asString()).isEqualTo("offline");
        }
    }

    @Test
    void operatorAcknowledges_theAlertJobsChangeIsInTheAnswer() throws Exception {
        TestDevice device = api.registerDevice(productKey, "lamp-ack");
        PahoDevice.connect(weft.config().mqttPort(), device).close();
        String id = awaitAlert(device, "open").path("id").asString();

        WeftApi.Response acked = api.post("/api/v1/alerts/" + id + "/acknowledge", "{\"operator\":\"alice\"}");

        assertThat(acked.status()).as(acked.body()).isEqualTo(200);
        assertThat(acked.json().path("state").asString()).isEqualTo("acknowledged");
        assertThat(acked.json().path("acknowledgedBy").asString()).isEqualTo("operator:alice");
    }

    /** The device's latest device-offline alert once it is in {@code state}. */
    private static JsonNode awaitAlert(TestDevice device, String state) {
        String path = "/api/v1/alerts?productKey=" + device.productKey() + "&deviceName=" + device.name()
                + "&state=" + state;
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get(path).json().path("items"), items -> items.size() > 0).get(0);
    }
}
