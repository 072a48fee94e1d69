package io.weft.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.core.envelope.Downlink;
import io.weft.core.envelope.Uplink;
import io.weft.core.json.Json;
import io.weft.core.kafka.JsonSerde;
import io.weft.core.kafka.WeftTopics;
import io.weft.standalone.WeftStandalone;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Custom topic classes end to end on standalone Weft, with Alibaba-signed Eclipse Paho devices: the classes are
 * defined over REST ({@code telemetry} PUB, {@code cmd} SUB, besides Alibaba's defaults); a device publishes on the
 * PUB class into {@code weft.up}, may not subscribe to it, receives a downlink on the SUB class, answers a
 * custom-topic RRPC ({@code /ext/rrpc/{messageId}/{pk}/{dn}/user/cmd}, clientId with {@code ext=1}); publishing
 * on the SUB-only class ends its connection.
 */
class CustomTopicsIT {
    @RegisterExtension
    static final SharedWeft WEFT = new SharedWeft();
    static WeftStandalone weft;
    static WeftApi api;
    static String productKey;

    @BeforeAll
    static void createProduct() throws Exception {
        weft = WEFT.weft();
        api = WEFT.api();
        productKey = api.createUniqueProduct("tc", "Thermometer", "{\"properties\":[]}");
        for (String body : List.of("{\"name\":\"telemetry\",\"operation\":\"PUB\"}",
                "{\"name\":\"cmd\",\"operation\":\"SUB\",\"description\":\"commands to the device\"}")) {
            WeftApi.Response created = api.post(classesPath(), body);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
        }
    }

    @Test
    void device_publishesOnPub_receivesOnSub_andAnswersCustomTopicRrpc() throws Exception {
        TestDevice device = api.registerDevice(productKey, "thermo-1");
        String user = "/" + productKey + "/" + device.name() + "/user/";
        try (PahoDevice paho = PahoDevice.connect(weft.config().mqttPort(), device, true)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> granted(paho, user + "cmd") == 1);
            assertThat(granted(paho, user + "telemetry")).as("PUB-only class").isEqualTo(0x80);
            assertThat(granted(paho, "/" + productKey + "/thermo-2/user/cmd")).as("another device").isEqualTo(0x80);

            paho.publish(user + "telemetry", "{\"t\":21.5}", 1);
            assertThat(uplinkOn(user + "telemetry").payload()).asString(UTF_8).isEqualTo("{\"t\":21.5}");

            paho.subscribe(user + "cmd");
            sendDownlink(device, user + "cmd", "{\"precision\":2}");
            assertThat(paho.nextMessage(Duration.ofSeconds(20)).path("precision").asInt()).isEqualTo(2);

            paho.answerCustomRrpc(user + "cmd", request -> ("ack:" + new String(request, UTF_8)).getBytes(UTF_8));
            RrpcIT.awaitOnline(api, device);
            WeftApi.Response answer = api.post("/api/v1/devices/" + productKey + "/" + device.name() + "/rrpc",
                    "{\"payload\":\"" + base64("reboot") + "\",\"timeoutMs\":5000,\"topic\":\"" + user + "cmd\"}");

            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            JsonNode body = answer.json();
            assertThat(new String(Base64.getDecoder().decode(body.path("payload").asString()), UTF_8))
                    .isEqualTo("ack:reboot");
            assertThat(body.path("rrpcCode").asString()).isEqualTo("SUCCESS");
        }
    }

    @Test
    void device_publishingOnASubOnlyClass_isDisconnected() throws Exception {
        TestDevice device = api.registerDevice(productKey, "thermo-bad");
        try (PahoDevice paho = PahoDevice.connect(weft.config().mqttPort(), device)) {
            paho.client.publish("/" + productKey + "/" + device.name() + "/user/cmd", "{}".getBytes(UTF_8), 0, false);

            assertThat(paho.awaitConnectionLost(Duration.ofSeconds(20))).isTrue();
        }
    }

    @Test
    void customTopicRrpc_onATopicTheDeviceMayNotSubscribe_isProblem400() {
        TestDevice device = api.registerDevice(productKey, "thermo-3");

        WeftApi.Response answer = api.post("/api/v1/devices/" + productKey + "/" + device.name() + "/rrpc",
                "{\"payload\":\"" + base64("x") + "\",\"timeoutMs\":1000,\"topic\":\"/" + productKey + "/"
                        + device.name() + "/user/telemetry\"}");

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
    }

    private static String classesPath() {
        return "/api/v1/products/" + productKey + "/topic-classes";
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(UTF_8));
    }

    /** The granted QoS of a SUBSCRIBE, 0x80 when Weft refused it. */
    private static int granted(PahoDevice paho, String filter) throws MqttException {
        try {
            return paho.client.subscribeWithResponse(filter, 1).getGrantedQos()[0];
        } catch (MqttException e) {
            if (e.getReasonCode() == MqttException.REASON_CODE_SUBSCRIBE_FAILED) {
                return 0x80;
            }
            throw e;
        }
    }

    /** A downlink on {@code weft.down}, as a rule job or another service writes one. */
    private static void sendDownlink(TestDevice device, String topic, String payload) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, weft.config().kafkaBootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            Downlink downlink = new Downlink(System.nanoTime(), device.productKey(), device.name(), topic,
                    payload.getBytes(UTF_8), 1, 0L);
            producer.send(new ProducerRecord<>(WeftTopics.DEFAULT.down(), downlink.key(), Json.write(downlink)))
                    .get(10, TimeUnit.SECONDS);
        }
    }

    /** The uplink on {@code weft.up} with this topic, waiting up to 20 s. */
    private static Uplink uplinkOn(String topic) {
        try (KafkaConsumer<String, Uplink> consumer = CommittedConsumers.subscribe(weft, WeftTopics.DEFAULT.up(),
                JsonSerde.deserializer(Uplink.class))) {
            Uplink[] found = new Uplink[1];
            await().atMost(Duration.ofSeconds(20)).pollInSameThread().until(() -> {
                for (ConsumerRecord<String, Uplink> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() != null && topic.equals(r.value().topic())) {
                        found[0] = r.value();
                    }
                }
                return found[0] != null;
            });
            return found[0];
        }
    }
}
