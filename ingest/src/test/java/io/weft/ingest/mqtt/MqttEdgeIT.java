package io.weft.ingest.mqtt;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.weft.core.envelope.Downlink;
import io.weft.core.envelope.Reply;
import io.weft.core.envelope.Uplink;
import io.weft.core.json.Json;
import io.weft.core.kafka.WeftTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real {@link MqttEdge} against a real Kafka broker, with Eclipse Paho (a client we did not write) as the
 * device. Oracle: every message Paho saw acknowledged (PUBACK) is in {@code weft.up}.
 */
class MqttEdgeIT {
    private static final WeftTopics TOPICS = WeftTopics.DEFAULT;
    private static final String PK = "a1ItProduct";
    private static final String ORACLE_DN = "oracle-1";
    private static final String DOWNLINK_DN = "downlink-1";
    private static final String AUTH_DN = "auth-1";
    private static final String RRPC_DN = "rrpc-1";
    private static final String SECRET = "it-secret-";
    private static final String OTHER_PK = "a1ItOtherProduct";
    private static final List<String> BROADCAST_DNS = List.of("bcast-1", "bcast-2", "bcast-quiet");

    private static KafkaFixture kafka;
    private static MqttEdge edge;

    @BeforeAll
    static void startKafkaAndEdge() throws Exception {
        kafka = KafkaFixture.start();
        register(ORACLE_DN);
        register(DOWNLINK_DN);
        register(AUTH_DN);
        register(RRPC_DN);
        for (String dn : BROADCAST_DNS) {
            register(dn);
        }
        register(OTHER_PK, "bcast-other");

        edge = new MqttEdge(new MqttEdgeConfig("127.0.0.1", 0, 256 * 1024, 10_000, 1000, "edge-it", 7),
                kafka.bootstrapServers(), TOPICS).start(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() throws Exception {
        if (edge != null) {
            edge.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    /**
     * Verifies that the edge sends PUBACK only after the message is in Kafka: the set of payloads Paho saw
     * acknowledged (its synchronous publish returns after PUBACK) is a subset of what {@code weft.up} holds, each
     * record keyed {@code pk/dn} and carrying the device, topic, QoS and protocol.
     */
    @Test
    void publish_whenPahoGetsPuback_thenTheUplinkIsInWeftUp() throws Exception {
        String topic = "/sys/" + PK + "/" + ORACLE_DN + "/thing/event/property/post";
        Set<String> acknowledged = new LinkedHashSet<>();
        MqttClient device = connect(ORACLE_DN, SECRET + ORACLE_DN);
        try {
            for (int i = 0; i < 200; i++) {
                String payload = "{\"id\":\"" + i + "\",\"version\":\"1.0\",\"params\":{\"Temp\":" + i
                        + "},\"method\":\"thing.event.property.post\"}";
                device.publish(topic, payload.getBytes(UTF_8), 1, false);
                acknowledged.add(payload);
            }
        } finally {
            disconnect(device);
        }

        Map<String, ConsumerRecord<String, byte[]>> stored = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = consumerFromBeginning(TOPICS.up())) {
            await().atMost(Duration.ofSeconds(20)).pollInSameThread().until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Uplink u = Json.read(r.value(), Uplink.class);
                    if (u.deviceName().equals(ORACLE_DN)) {
                        stored.put(new String(u.payload(), UTF_8), r);
                    }
                }
                return stored.keySet().containsAll(acknowledged);
            });
        }

        assertThat(acknowledged).hasSize(200);
        assertThat(stored.keySet()).containsAll(acknowledged);
        assertThat(stored.values()).allSatisfy(r -> {
            assertThat(r.key()).isEqualTo(PK + "/" + ORACLE_DN);
            Uplink u = Json.read(r.value(), Uplink.class);
            assertThat(u.productKey()).isEqualTo(PK);
            assertThat(u.topic()).isEqualTo(topic);
            assertThat(u.qos()).isEqualTo(1);
            assertThat(u.protocol()).isEqualTo("mqtt");
            assertThat(u.edge()).isEqualTo("edge-it");
        });
        assertThat(stored.values()).extracting(r -> Json.read(r.value(), Uplink.class).messageId())
                .as("platform message ids are unique").doesNotHaveDuplicates();
    }

    /**
     * A downlink on {@code weft.down} reaches the device subscribed to its topic; one for a topic the device did
     * not subscribe to, produced first on the same partition, never arrives.
     */
    @Test
    void downlink_whenDeviceSubscribed_thenDeliveredAndUnsubscribedTopicIsNot() throws Exception {
        String subscribed = "/sys/" + PK + "/" + DOWNLINK_DN + "/thing/service/property/set";
        String notSubscribed = "/sys/" + PK + "/" + DOWNLINK_DN + "/thing/service/reboot";
        BlockingQueue<String> arrived = new LinkedBlockingQueue<>();
        MqttClient device = connect(DOWNLINK_DN, SECRET + DOWNLINK_DN);
        try {
            device.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                    arrived.add("connection lost: " + cause);
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    arrived.add(topic + " " + new String(message.getPayload(), UTF_8) + " qos" + message.getQos());
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
            device.subscribe(subscribed, 1);
            await().atMost(Duration.ofSeconds(30)).until(edge::downlinksReady);

            sendDownlink(DOWNLINK_DN, notSubscribed, "{\"id\":\"1\",\"method\":\"thing.service.reboot\"}");
            sendDownlink(DOWNLINK_DN, subscribed, "{\"id\":\"2\",\"method\":\"thing.service.property.set\"}");

            assertThat(arrived.poll(20, TimeUnit.SECONDS))
                    .isEqualTo(subscribed + " {\"id\":\"2\",\"method\":\"thing.service.property.set\"} qos1");
            assertThat(arrived).as("the unsubscribed downlink came first on the partition and was not delivered")
                    .isEmpty();
        } finally {
            disconnect(device);
        }
    }

    /**
     * RRPC through Kafka: a request on {@code weft.down} reaches the Paho device subscribed to
     * {@code /rrpc/request/+}; the edge reports it {@code DEVICE_ONLINE}; the device's answer on
     * {@code /rrpc/response/{messageId}} is on {@code weft.replies} (keyed pk/dn, with the request's message id) by
     * the time Paho has its PUBACK, and never on {@code weft.up}.
     */
    @Test
    void rrpc_whenDeviceAnswers_thenResponseIsOnWeftRepliesBeforePuback_andNotOnWeftUp() throws Exception {
        String own = "/sys/" + PK + "/" + RRPC_DN + "/rrpc/";
        BlockingQueue<String> requests = new LinkedBlockingQueue<>();
        MqttClient device = connect(RRPC_DN, SECRET + RRPC_DN);
        try (KafkaConsumer<String, byte[]> replies = consumerFromBeginning(TOPICS.replies());
             KafkaConsumer<String, byte[]> uplinks = consumerFromBeginning(TOPICS.up())) {
            device.subscribe(own + "request/+", 0, (topic, message) -> requests.add(topic));
            await().atMost(Duration.ofSeconds(30)).until(edge::downlinksReady);

            sendDownlink(RRPC_DN, own + "request/5550001", "ping");
            String requestTopic = requests.poll(20, TimeUnit.SECONDS);
            assertThat(requestTopic).isEqualTo(own + "request/5550001");
            device.publish(own + "response/5550001", "pong".getBytes(UTF_8), 1, false);

            List<ConsumerRecord<String, byte[]>> found = readToEnd(replies);
            assertThat(found).as("the response is in Kafka once Paho has its PUBACK").anySatisfy(r ->
                    assertThat(Json.read(r.value(), Reply.class).kind()).isEqualTo(Reply.Kind.RESPONSE));
            await().atMost(Duration.ofSeconds(10)).pollInSameThread().until(() -> {
                found.addAll(readToEnd(replies));
                return found.size() >= 2;
            });
            List<Reply> read = found.stream().map(r -> Json.read(r.value(), Reply.class)).toList();
            assertThat(found).allSatisfy(r -> assertThat(r.key()).isEqualTo(PK + "/" + RRPC_DN));
            assertThat(read).extracting(Reply::kind).containsExactlyInAnyOrder(Reply.Kind.DEVICE_ONLINE,
                    Reply.Kind.RESPONSE);
            assertThat(read).allSatisfy(r -> assertThat(r.messageId()).isEqualTo("5550001"));
            Reply response = read.stream().filter(r -> r.kind() == Reply.Kind.RESPONSE).findFirst().orElseThrow();
            assertThat(response.topic()).isEqualTo(own + "response/5550001");
            assertThat(new String(response.payload(), UTF_8)).isEqualTo("pong");

            assertThat(readToEnd(uplinks)).allSatisfy(r ->
                    assertThat(Json.read(r.value(), Uplink.class).topic()).doesNotContain("/rrpc/"));
        } finally {
            disconnect(device);
        }
    }

    /** The edge follows the registry: a device created after the edge started can connect shortly after. */
    @Test
    void connect_whenDeviceRegisteredAfterEdgeStarted_thenAcceptedShortlyAfter() throws Exception {
        String late = "late-1";
        assertThatThrownBy(() -> connect(late, SECRET + late))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode())
                        .as("unknown yet: bad user name or password").isEqualTo(4));

        register(late);

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .untilAsserted(() -> {
                    MqttClient device = connect(late, SECRET + late);
                    try {
                        assertThat(device.isConnected()).isTrue();
                    } finally {
                        disconnect(device);
                    }
                });
    }

    @Test
    void connect_whenPahoSendsWrongPassword_thenMqttExceptionReasonCode4() {
        assertThatThrownBy(() -> connect(AUTH_DN, "not-the-secret"))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode())
                        .isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION).isEqualTo(4));
    }

    /**
     * A broadcast is one downlink on {@code weft.down} (device name null, key {@code pk/}); the edge publishes it
     * to every session of the product subscribed to a matching filter, and to no device of another product nor to
     * one of the product that did not subscribe.
     */
    @Test
    void broadcast_whenTwoDevicesSubscribed_thenBothGetIt_andNeitherTheUnsubscribedNorAnotherProductsDevice()
            throws Exception {
        String topic = "/broadcast/" + PK + "/firmware/news";
        BlockingQueue<String> arrived = new LinkedBlockingQueue<>();
        List<MqttClient> devices = new ArrayList<>();
        try {
            MqttClient first = connectOf(PK, "bcast-1");
            devices.add(first);
            MqttClient second = connectOf(PK, "bcast-2");
            devices.add(second);
            MqttClient quiet = connectOf(PK, "bcast-quiet");
            devices.add(quiet);
            MqttClient other = connectOf(OTHER_PK, "bcast-other");
            devices.add(other);
            for (MqttClient d : devices) {
                d.setCallback(recorder(d.getClientId(), arrived));
            }
            first.subscribe("/broadcast/" + PK + "/#", 1);
            second.subscribe("/broadcast/" + PK + "/firmware/+", 0);
            quiet.subscribe("/sys/" + PK + "/bcast-quiet/thing/service/property/set", 1);
            other.subscribe("/broadcast/" + OTHER_PK + "/#", 1);
            await().atMost(Duration.ofSeconds(30)).until(edge::downlinksReady);

            kafka.produce(TOPICS.down(), PK + "/", Downlink.broadcast(System.nanoTime(), PK, topic,
                    "v2".getBytes(UTF_8), 1));

            Set<String> got = new HashSet<>();
            got.add(arrived.poll(20, TimeUnit.SECONDS));
            got.add(arrived.poll(20, TimeUnit.SECONDS));
            assertThat(got).containsExactlyInAnyOrder(
                    first.getClientId() + " " + topic + " v2 qos1",
                    second.getClientId() + " " + topic + " v2 qos0");
            assertThat(arrived).as("nothing for the unsubscribed device or the other product's").isEmpty();
        } finally {
            for (MqttClient d : devices) {
                disconnect(d);
            }
        }
    }

    private static MqttCallback recorder(String clientId, BlockingQueue<String> arrived) {
        return new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                arrived.add(clientId + " connection lost: " + cause);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                arrived.add(clientId + " " + topic + " " + new String(message.getPayload(), UTF_8) + " qos"
                        + message.getQos());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        };
    }

    // ---- helpers ----

    private static void register(String deviceName) throws Exception {
        register(PK, deviceName);
    }

    private static void register(String productKey, String deviceName) throws Exception {
        kafka.register(productKey, deviceName, SECRET + deviceName);
    }

    private static void sendDownlink(String deviceName, String topic, String payload) throws Exception {
        kafka.sendDownlink(PK, deviceName, topic, payload);
    }

    /** Connects Paho as Alibaba's Link SDK would, signing with {@code secret}; closes the client on failure. */
    private static MqttClient connect(String deviceName, String secret) throws MqttException {
        return connect(PK, deviceName, secret);
    }

    private static MqttClient connectOf(String productKey, String deviceName) throws MqttException {
        return connect(productKey, deviceName, SECRET + deviceName);
    }

    private static MqttClient connect(String productKey, String deviceName, String secret) throws MqttException {
        return PahoDevices.connect(edge.port(), productKey, deviceName, secret);
    }

    private static void disconnect(MqttClient client) throws MqttException {
        PahoDevices.disconnect(client);
    }

    /** What the consumer has not read yet, up to the topic's end offsets at the time of the call. */
    private static List<ConsumerRecord<String, byte[]>> readToEnd(KafkaConsumer<String, byte[]> consumer) {
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).pollInSameThread().until(() -> {
            consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
        });
        return records;
    }

    private static KafkaConsumer<String, byte[]> consumerFromBeginning(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }
}
