package io.weft.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.weft.standalone.WeftStandalone;

import java.time.Duration;
import java.time.Instant;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Presence and revocation end to end on standalone Weft, with Eclipse Paho as the device: the edge's events reach
 * the control plane, which shows {@code online} and the last online/offline times over REST; disabling the device
 * over REST drops its live connection and refuses it from then on (CONNACK 0x05).
 */
class DevicePresenceIT {
    @RegisterExtension
    static final SharedWeft WEFT = new SharedWeft();
    static WeftStandalone weft;
    static WeftApi api;
    static String productKey;

    @BeforeAll
    static void createProduct() throws Exception {
        weft = WEFT.weft();
        api = WEFT.api();
        productKey = api.createUniqueProduct("prs", "Lamp", "{}");
    }

    @Test
    void connect_showsOnline_andDisconnect_showsOfflineWithLastOfflineAt() throws Exception {
        TestDevice device = api.registerDevice(productKey, "lamp-online");
        assertThat(api.device(device).path("online").asBoolean()).isFalse();

        Instant before = Instant.now().minusSeconds(1);
        PahoDevice paho = PahoDevice.connect(weft.config().mqttPort(), device);
        JsonNode online = await().atMost(Duration.ofSeconds(30)).until(() -> api.device(device),
                d -> d.path("online").asBoolean());
        assertThat(Instant.parse(online.path("lastOnlineAt").asString())).isAfter(before);

        paho.close();

        JsonNode offline = await().atMost(Duration.ofSeconds(30)).until(() -> api.device(device),
                d -> !d.path("online").asBoolean());
        assertThat(Instant.parse(offline.path("lastOfflineAt").asString()))
                .isAfterOrEqualTo(Instant.parse(offline.path("lastOnlineAt").asString()));
    }

    @Test
    void disableOverRest_dropsTheConnectedDevice_andItCannotReconnect() throws Exception {
        TestDevice device = api.registerDevice(productKey, "lamp-disabled");
        try (PahoDevice paho = PahoDevice.connect(weft.config().mqttPort(), device)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> api.device(device).path("online").asBoolean());

            WeftApi.Response disabled = api.patch("/api/v1/devices/" + productKey + "/" + device.name(),
                    "{\"enabled\":false}");
            assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);

            assertThat(paho.awaitConnectionLost(Duration.ofSeconds(10))).as("connection dropped").isTrue();
            assertThat(paho.client.isConnected()).isFalse();
        }
        assertThatThrownBy(() -> PahoDevice.connect(weft.config().mqttPort(), device))
                .isInstanceOfSatisfying(MqttException.class, e ->
                        assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED));
        JsonNode shown = await().atMost(Duration.ofSeconds(30)).until(() -> api.device(device),
                d -> !d.path("online").asBoolean());
        assertThat(shown.path("enabled").asBoolean()).isFalse();
    }
}
