package io.weft.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.weft.core.auth.DeviceSigner;
import io.weft.core.auth.SignMethod;
import io.weft.core.envelope.Rejected;
import io.weft.core.json.Json;
import io.weft.core.kafka.JsonSerde;
import io.weft.core.kafka.WeftTopics;
import io.weft.standalone.StandaloneConfig;
import io.weft.standalone.WeftStandalone;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The spine, end to end on standalone Weft: a product and device made over REST, an Alibaba-signed Eclipse Paho
 * device (a client we did not write) posting properties over MQTT, the Flink pipeline validating them, the reply
 * reaching the device, and the values read back over REST from the time-series store.
 */
class DeviceToStoreIT {
    private static final String TSL = """
            {"properties":[
              {"identifier":"Temp","name":"Temperature","accessMode":"r",
               "dataType":{"type":"float","specs":{"min":"-40","max":"120","unit":"°C"}}},
              {"identifier":"Humidity","name":"Humidity","accessMode":"r",
               "dataType":{"type":"int","specs":{"min":"0","max":"100"}}},
              {"identifier":"Label","name":"Label","accessMode":"rw",
               "dataType":{"type":"text","specs":{"length":"32"}}}]}""";

    @TempDir
    static Path dataDir;
    static WeftStandalone weft;
    static WeftApi api;
    static String productKey;

    @BeforeAll
    static void startWeft() throws Exception {
        weft = new WeftStandalone(StandaloneConfig.randomPorts(dataDir), System.out::println).start();
        api = new WeftApi(weft.config().restPort());
        productKey = "e2e" + UUID.randomUUID().toString().substring(0, 8);
        WeftApi.Response created = api.post("/api/v1/products",
                "{\"productKey\":\"" + productKey + "\",\"name\":\"Thermometer\",\"thingModel\":" + TSL + "}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> weft.edge().downlinksReady());
    }

    @AfterAll
    static void stopWeft() {
        if (weft != null) {
            weft.close();
        }
    }

    @Test
    void propertyPost_isAnsweredWith200_andReadableOverRest() throws Exception {
        Device device = register("thermo-ok");
        try (Paho paho = Paho.connect(weft.config().mqttPort(), device)) {
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
            JsonNode latest = api.get("/api/v1/devices/" + productKey + "/" + device.name + "/properties").json();
            assertThat(valueOf(latest, "Temp")).isNotNull();
            assertThat(valueOf(latest, "Temp").asDouble()).isEqualTo(23.5);
            assertThat(valueOf(latest, "Humidity").asLong()).isEqualTo(40);
            assertThat(valueOf(latest, "Label").asString()).isEqualTo("kitchen");
        });
        JsonNode history = api.get("/api/v1/devices/" + productKey + "/" + device.name
                + "/properties/Temp/history").json();
        assertThat(history.size()).isEqualTo(1);
        assertThat(history.get(0).path("value").asDouble()).isEqualTo(23.5);
    }

    @Test
    void valueOutsideSpec_getsAlibabaErrorReply_landsInRejected_andIsNotStored() throws Exception {
        Device device = register("thermo-hot");
        try (Paho paho = Paho.connect(weft.config().mqttPort(), device);
             KafkaConsumer<String, Rejected> rejected = rejectedConsumer()) {
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
                    if (r.value().uplink().deviceName().equals(device.name)) {
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
        JsonNode history = api.get("/api/v1/devices/" + productKey + "/" + device.name
                + "/properties/Temp/history").json();
        assertThat(history.size()).isZero();
    }

    @Test
    void wrongSignature_isRefusedWithBadUsernameOrPassword() throws Exception {
        Device device = register("thermo-bad");
        Device forged = new Device(device.name, "0".repeat(32));
        assertThatThrownBy(() -> Paho.connect(weft.config().mqttPort(), forged))
                .isInstanceOfSatisfying(MqttException.class, e ->
                        assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION));
    }

    @Test
    void unknownDevice_isRefusedWithBadUsernameOrPassword() {
        Device ghost = new Device("never-registered", "0".repeat(32));
        assertThatThrownBy(() -> Paho.connect(weft.config().mqttPort(), ghost))
                .isInstanceOfSatisfying(MqttException.class, e ->
                        assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION));
    }

    @Test
    void publishingOnAnotherDevicesTopic_endsTheConnection() throws Exception {
        Device device = register("thermo-nosy");
        Device other = register("thermo-victim");
        try (Paho paho = Paho.connect(weft.config().mqttPort(), device)) {
            assertThatThrownBy(() -> paho.publish(other.postTopic(), "{\"id\":\"1\",\"params\":{}}", 1))
                    .isInstanceOf(MqttException.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> !paho.client.isConnected());
        }
    }

    private static JsonNode valueOf(JsonNode latest, String identifier) {
        for (JsonNode v : latest) {
            if (v.path("identifier").asString().equals(identifier)) {
                return v.path("value");
            }
        }
        return null;
    }

    private static Device register(String name) {
        WeftApi.Response registered = api.post("/api/v1/products/" + productKey + "/devices",
                "{\"deviceName\":\"" + name + "\"}");
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        return new Device(name, registered.json().path("deviceSecret").asString());
    }

    private static KafkaConsumer<String, Rejected> rejectedConsumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, weft.config().kafkaBootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, Rejected> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                JsonSerde.deserializer(Rejected.class));
        consumer.subscribe(List.of(WeftTopics.DEFAULT.rejected()));
        return consumer;
    }

    record Device(String name, String secret) {
        String postTopic() {
            return "/sys/" + productKey + "/" + name + "/thing/event/property/post";
        }

        String replyTopic() {
            return postTopic() + "_reply";
        }
    }

    /** An Eclipse Paho v3 client connected with Alibaba's signature, collecting what it receives. */
    static final class Paho implements AutoCloseable {
        final MqttClient client;
        final BlockingQueue<String> received = new ArrayBlockingQueue<>(100);

        private Paho(MqttClient client) {
            this.client = client;
        }

        static Paho connect(int port, Device device) throws MqttException {
            DeviceSigner.MqttCredentials credentials = DeviceSigner.mqttCredentials(productKey, device.name,
                    device.secret, SignMethod.HMACSHA256, productKey + "." + device.name,
                    Long.toString(System.currentTimeMillis()));
            MqttClient client = new MqttClient("tcp://127.0.0.1:" + port, credentials.clientId(),
                    new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setUserName(credentials.username());
            options.setPassword(credentials.password().toCharArray());
            options.setKeepAliveInterval(60);
            options.setCleanSession(true);
            options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            options.setConnectionTimeout(10);
            client.setTimeToWait(30_000);
            client.connect(options);
            return new Paho(client);
        }

        void subscribe(String topic) throws MqttException {
            client.subscribe(topic, 1, (t, message) ->
                    received.add(new String(message.getPayload(), StandardCharsets.UTF_8)));
        }

        void publish(String topic, String payload, int qos) throws MqttException {
            client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, false);
        }

        JsonNode nextMessage(Duration timeout) throws InterruptedException {
            String message = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(message).as("a message within " + timeout).isNotNull();
            return Json.tree(message);
        }

        @Override
        public void close() throws MqttException {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close();
        }
    }
}
