package io.weft.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.weft.standalone.WeftStandalone;

import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Broadcast and NTP end to end on standalone Weft with Alibaba-signed Eclipse Paho devices: a broadcast sent over
 * REST ({@code POST /api/v1/products/{pk}/broadcast}) reaches every device of the product subscribed to
 * {@code /broadcast/{pk}/...}, through {@code weft.down}; a device's NTP request on
 * {@code /ext/ntp/{pk}/{dn}/request} is answered on {@code .../response} with the server's timestamps.
 */
class BroadcastAndNtpIT {
    @RegisterExtension
    static final SharedWeft WEFT = new SharedWeft();
    static WeftStandalone weft;
    static WeftApi api;
    static String productKey;

    @BeforeAll
    static void createProduct() throws Exception {
        weft = WEFT.weft();
        api = WEFT.api();
        productKey = api.createUniqueProduct("bcast", "Lamp", "{\"properties\":[]}");
    }

    @Test
    void broadcast_sentOverRest_reachesBothSubscribedPahoDevices() throws Exception {
        TestDevice first = api.registerDevice(productKey, "lamp-1");
        TestDevice second = api.registerDevice(productKey, "lamp-2");
        try (PahoDevice one = PahoDevice.connect(weft.config().mqttPort(), first);
             PahoDevice two = PahoDevice.connect(weft.config().mqttPort(), second)) {
            one.subscribe("/broadcast/" + productKey + "/#");
            two.subscribe("/broadcast/" + productKey + "/firmware/news");
            String payload = Base64.getEncoder().encodeToString("{\"version\":\"2.0\"}".getBytes(UTF_8));

            WeftApi.Response answer = api.post("/api/v1/products/" + productKey + "/broadcast",
                    "{\"topic\":\"firmware/news\",\"payload\":\"" + payload + "\",\"qos\":1}");

            assertThat(answer.status()).as(answer.body()).isEqualTo(202);
            assertThat(answer.json().path("messageId").asString()).matches("[0-9]+");
            assertThat(answer.json().path("topic").asString()).isEqualTo("/broadcast/" + productKey + "/firmware/news");
            assertThat(one.nextMessage(Duration.ofSeconds(20)).path("version").asString()).isEqualTo("2.0");
            assertThat(two.nextMessage(Duration.ofSeconds(20)).path("version").asString()).isEqualTo("2.0");
        }
    }

    @Test
    void ntpRequest_fromPahoDevice_isAnsweredWithServerTimestamps() throws Exception {
        TestDevice device = api.registerDevice(productKey, "lamp-ntp");
        String ntp = "/ext/ntp/" + productKey + "/" + device.name() + "/";
        try (PahoDevice paho = PahoDevice.connect(weft.config().mqttPort(), device)) {
            paho.subscribe(ntp + "response");
            long deviceSendTime = System.currentTimeMillis();

            paho.publish(ntp + "request", "{\"deviceSendTime\":\"" + deviceSendTime + "\"}", 0);

            JsonNode response = paho.nextMessage(Duration.ofSeconds(20));
            long deviceRecvTime = System.currentTimeMillis();
            assertThat(response.path("deviceSendTime").asString()).isEqualTo(Long.toString(deviceSendTime));
            long serverRecvTime = Long.parseLong(response.path("serverRecvTime").asString());
            long serverSendTime = Long.parseLong(response.path("serverSendTime").asString());
            assertThat(serverRecvTime).isBetween(deviceSendTime, serverSendTime);
            assertThat(serverSendTime).isLessThanOrEqualTo(deviceRecvTime);
        }
    }
}
