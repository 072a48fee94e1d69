package io.weft.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.weft.core.envelope.Rejected;
import io.weft.core.kafka.JsonSerde;
import io.weft.core.kafka.WeftTopics;
import io.weft.standalone.WeftStandalone;

import java.time.Duration;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The spine, end to end on standalone Weft: a product and device made over REST, an Alibaba-signed Eclipse Paho
 * device (a client we did not write) posting properties over MQTT, the Flink pipeline validating them, the reply
 * reaching the device, and the values read back over REST from the time-series store.
 */
class DeviceToStoreIT {
    static final String TSL = """
            {"properties":[
              {"identifier":"Temp","name":"Temperature","accessMode":"r",
               "dataType":{"type":"float","specs":{"min":"-40","max":"120","unit":"°C"}}},
              {"identifier":"Humidity","name":"Humidity","accessMode":"r",
               "dataType":{"type":"int","specs":{"min":"0","max":"100"}}},
              {"identifier":"Label","name":"Label","accessMode":"rw",
               "dataType":{"type":"text","specs":{"length":"32"}}}]}""";

    @RegisterExtension
    static final SharedWeft WEFT = new SharedWeft();
    static WeftStandalone weft;
    static WeftApi api;
    static String productKey;

    @BeforeAll
    static void createProduct() throws Exception {
        weft = WEFT.weft();
        api = WEFT.api();
        productKey = api.createUniqueProduct("e2e", "Thermometer", TSL);
    }

    @Test
    void propertyPost_isAnsweredWith200_andReadableOverRest() throws Exception {
        TestDevice device = register("thermo-ok");
        try (PahoDevice paho = PahoDevice.connect(weft.config().mqttPort(), device)) {
            paho.subscribe(device.replyTopic());
            paho.publish(device.postTopic(), """
                    {"id":"41","version":"1.0","params":{"Temp":23.5,"Humidity":40,"Label":"kitchen"},
                     "method":"thing.event.property.post"}""", 1);

            JsonNode reply = paho.nextMessage(Duration.ofSeconds(60));
            assertThat(reply.path("id").asString()).isEqualTo("41");
            assertThat(reply.path("code").asInt()).isEqualTo(200);
            assertThat(reply.path("message").asString()).isEqualTo("success");
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(api.latestValue(device, "Temp")).isNotNull();
            assertThat(api.latestValue(device, "Temp").asDouble()).isEqualTo(23.5);
            assertThat(api.latestValue(device, "Humidity").asLong()).isEqualTo(40);
            assertThat(api.latestValue(device, "Label").asString()).isEqualTo("kitchen");
        });
        JsonNode history = api.get("/api/v1/devices/" + productKey + "/" + device.name()
                + "/properties/Temp/history").json();
        assertThat(history.size()).isEqualTo(1);
        assertThat(history.get(0).path("value").asDouble()).isEqualTo(23.5);
    }

    @Test
    void valueOutsideSpec_getsAlibabaErrorReply_landsInRejected_andIsNotStored() throws Exception {
        TestDevice device = register("thermo-hot");
        try (PahoDevice paho = PahoDevice.connect(weft.config().mqttPort(), device);
             KafkaConsumer<String, Rejected> rejected = CommittedConsumers.subscribe(weft,
                     WeftTopics.DEFAULT.rejected(), JsonSerde.deserializer(Rejected.class))) {
            paho.subscribe(device.replyTopic());
            paho.publish(device.postTopic(), """
                    {"id":"7","version":"1.0","params":{"Temp":500,"Humidity":40},
                     "method":"thing.event.property.post"}""", 1);

            JsonNode reply = paho.nextMessage(Duration.ofSeconds(60));
            assertThat(reply.path("id").asString()).isEqualTo("7");
            assertThat(reply.path("code").asInt()).isEqualTo(6307);
            assertThat(reply.path("message").asString()).contains("Temp").contains("500");

            Rejected record = await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (var r : rejected.poll(Duration.ofMillis(500))) {
                    if (r.value().uplink().deviceName().equals(device.name())) {
                        return r.value();
                    }
                }
                return null;
            }, r -> r != null);
            assertThat(record.code()).isEqualTo(6307);
            assertThat(record.errors()).singleElement().satisfies(e -> {
                assertThat(e.path()).isEqualTo("Temp");
                assertThat(e.reason()).contains("outside");
            });
        }
        JsonNode history = api.get("/api/v1/devices/" + productKey + "/" + device.name()
                + "/properties/Temp/history").json();
        assertThat(history.size()).isZero();
    }

    @Test
    void wrongSignature_isRefusedWithBadUsernameOrPassword() throws Exception {
        TestDevice device = register("thermo-bad");
        TestDevice forged = new TestDevice(productKey, device.name(), "0".repeat(32));
        assertThatThrownBy(() -> PahoDevice.connect(weft.config().mqttPort(), forged))
                .isInstanceOfSatisfying(MqttException.class, e ->
                        assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION));
    }

    @Test
    void unknownDevice_isRefusedWithBadUsernameOrPassword() {
        TestDevice ghost = new TestDevice(productKey, "never-registered", "0".repeat(32));
        assertThatThrownBy(() -> PahoDevice.connect(weft.config().mqttPort(), ghost))
                .isInstanceOfSatisfying(MqttException.class, e ->
                        assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION));
    }

    @Test
    void publishingOnAnotherDevicesTopic_endsTheConnection() throws Exception {
        TestDevice device = register("thermo-nosy");
        TestDevice other = register("thermo-victim");
        try (PahoDevice paho = PahoDevice.connect(weft.config().mqttPort(), device)) {
            assertThatThrownBy(() -> paho.publish(other.postTopic(), "{\"id\":\"1\",\"params\":{}}", 1))
                    .isInstanceOf(MqttException.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> !paho.client.isConnected());
        }
    }

    private static TestDevice register(String name) {
        return api.registerDevice(productKey, name);
    }

}
