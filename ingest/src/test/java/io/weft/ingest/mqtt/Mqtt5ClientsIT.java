package io.weft.ingest.mqtt;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClientSslConfigBuilder;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import io.weft.core.auth.DeviceIdentity;
import io.weft.core.auth.DeviceSigner;
import io.weft.core.auth.SignMethod;
import io.weft.ingest.testpki.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * MQTT 5 clients we did not write, Eclipse Paho v5 ({@code org.eclipse.paho.mqttv5.client}) and the HiveMQ MQTT
 * client in MQTT 5 mode, against one real {@link MqttEdge} on TCP, TLS, WebSocket and secure WebSocket and a real
 * Kafka broker, each connecting Alibaba-signed. Oracles, per client and transport: the CONNACK the client read
 * carries the edge's Receive Maximum and Topic Alias Maximum; an acknowledged QoS 1 and QoS 2 publish, and a QoS 0
 * one, are each in {@code weft.up} exactly once at their QoS; a publish on another device's topic is answered with
 * reason code 0x87 as the client's API reports it, and the connection stays usable; a QoS 2 downlink produced on
 * {@code weft.down} once reaches the client once (a second downlink, sent after it, marks the end: any duplicate of
 * the first would have come before it on the same connection).
 */
class Mqtt5ClientsIT {
    private static final String PK = "a1Mqtt5Product";
    private static final String SECRET = "mqtt5-secret-";
    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static final TestPki.Issued SERVER = TestPki.server();

    private static KafkaFixture kafka;
    private static MqttEdge edge;

    @BeforeAll
    static void startKafkaAndEdge() throws Exception {
        kafka = KafkaFixture.start();
        for (MqttListener.Kind kind : MqttListener.Kind.values()) {
            kafka.register(PK, "paho5-" + kind, SECRET + "paho5-" + kind);
            kafka.register(PK, "hivemq5-" + kind, SECRET + "hivemq5-" + kind);
        }
        Path dir = Files.createDirectories(Path.of("target", "kafka-it"));
        Path pki = Files.createTempDirectory(dir, "pki");
        MqttTls tls = new MqttTls(TestPki.writeCertificate(pki.resolve("server.crt"), SERVER.certificate()),
                TestPki.writeKey(pki.resolve("server.key"), SERVER.key()), null);
        List<MqttListener> listeners = new ArrayList<>();
        for (MqttListener.Kind kind : MqttListener.Kind.values()) {
            listeners.add(new MqttListener(kind, LOOPBACK, 0));
        }
        edge = new MqttEdge(MqttEdgeConfig.defaults(0).withListeners(listeners, tls), kafka.bootstrapServers(),
                KafkaFixture.TOPICS).start(Duration.ofSeconds(30));
        await().atMost(WAIT).until(edge::downlinksReady);
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

    @ParameterizedTest
    @EnumSource(MqttListener.Kind.class)
    void pahoV5_whenAlibabaSigned_thenQos012InWeftUpOnce_0x87ForAnotherDevice_andQos2DownlinkOnce(
            MqttListener.Kind kind) throws Exception {
        String deviceName = "paho5-" + kind;
        DeviceSigner.MqttCredentials c = credentials(deviceName);
        MqttAsyncClient client = new MqttAsyncClient(uri(kind), c.clientId(), new MemoryPersistence());
        List<String> received = new CopyOnWriteArrayList<>();
        client.setCallback(new Collector(received));
        try {
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setCleanStart(true);
            options.setKeepAliveInterval(60);
            options.setConnectionTimeout(10);
            options.setAutomaticReconnect(false);
            options.setUserName(c.username());
            options.setPassword(c.password().getBytes(UTF_8));
            if (kind.secure()) {
                options.setSocketFactory(TestPki.clientContext(SERVER.certificate(), null).getSocketFactory());
            }
            IMqttToken connected = client.connect(options);
            connected.waitForCompletion(10_000);
            MqttProperties connack = connected.getResponseProperties();
            assertThat(connack.getReceiveMaximum()).isEqualTo(1000);
            assertThat(connack.getTopicAliasMaximum()).isEqualTo(16);

            for (int qos = 0; qos <= 2; qos++) {
                String payload = post(deviceName, qos);
                client.publish(topic(deviceName), payload.getBytes(UTF_8), qos, false).waitForCompletion(10_000);
                kafka.awaitUplinkOnce(PK, deviceName, payload, qos);
            }

            long refusedBefore = edge.disconnector().count(Refusal.PUBLISH_NOT_AUTHORIZED);
            IMqttToken refused = client.publish(topic("someone-else"), "{}".getBytes(UTF_8), 1, false);
            assertThat(reasonCode(refused)).isEqualTo(0x87);
            assertThat(edge.disconnector().count(Refusal.PUBLISH_NOT_AUTHORIZED)).isEqualTo(refusedBefore + 1);
            assertThat(client.isConnected()).isTrue();

            client.subscribe(propertySet(deviceName), 2).waitForCompletion(10_000);
            assertDownlinkOnce(deviceName, received);
        } finally {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(5_000);
            }
            client.close(true);
        }
    }

    @ParameterizedTest
    @EnumSource(MqttListener.Kind.class)
    void hivemqMqtt5_whenAlibabaSigned_thenQos012InWeftUpOnce_0x87ForAnotherDevice_andQos2DownlinkOnce(
            MqttListener.Kind kind) throws Exception {
        String deviceName = "hivemq5-" + kind;
        DeviceSigner.MqttCredentials c = credentials(deviceName);
        Mqtt5BlockingClient client = hivemq(kind, c.clientId()).buildBlocking();
        List<String> received = new CopyOnWriteArrayList<>();
        try {
            Mqtt5ConnAck connack = client.connectWith().simpleAuth().username(c.username())
                    .password(c.password().getBytes(UTF_8)).applySimpleAuth().keepAlive(60).cleanStart(true).send();
            assertThat(connack.getRestrictions().getReceiveMaximum()).isEqualTo(1000);
            assertThat(connack.getRestrictions().getTopicAliasMaximum()).isEqualTo(16);
            assertThat(connack.getRestrictions().getMaximumQos()).isEqualTo(MqttQos.EXACTLY_ONCE);

            for (MqttQos qos : MqttQos.values()) {
                String payload = post(deviceName, qos.getCode());
                client.publishWith().topic(topic(deviceName)).qos(qos).payload(payload.getBytes(UTF_8)).send();
                kafka.awaitUplinkOnce(PK, deviceName, payload, qos.getCode());
            }

            long refusedBefore = edge.disconnector().count(Refusal.PUBLISH_NOT_AUTHORIZED);
            int code;
            try {
                Mqtt5PublishResult result = client.publishWith().topic(topic("someone-else"))
                        .qos(MqttQos.AT_LEAST_ONCE).payload("{}".getBytes(UTF_8)).send();
                code = ((Mqtt5PublishResult.Mqtt5Qos1Result) result).getPubAck().getReasonCode().getCode();
            } catch (Mqtt5PubAckException e) {
                code = e.getMqttMessage().getReasonCode().getCode();
            }
            assertThat(code).isEqualTo(0x87);
            assertThat(edge.disconnector().count(Refusal.PUBLISH_NOT_AUTHORIZED)).isEqualTo(refusedBefore + 1);
            assertThat(client.getState().isConnected()).isTrue();

            client.toAsync().subscribeWith().topicFilter(propertySet(deviceName)).qos(MqttQos.EXACTLY_ONCE)
                    .callback(publish -> received.add(new String(publish.getPayloadAsBytes(), UTF_8)))
                    .send().get(10, TimeUnit.SECONDS);
            assertDownlinkOnce(deviceName, received);
        } finally {
            if (client.getState().isConnected()) {
                client.disconnect();
            }
        }
    }

    /**
     * One QoS 2 property set on {@code weft.down}, then a second one as an end marker: the device gets the first
     * exactly once, before the marker.
     */
    private static void assertDownlinkOnce(String deviceName, List<String> received) throws Exception {
        await().atMost(WAIT).until(() -> edge.sessions().find(new DeviceIdentity(PK, deviceName)).isPresent());
        String first = "{\"id\":\"" + System.nanoTime() + "\",\"params\":{\"PowerSwitch\":1}}";
        String marker = "{\"id\":\"" + System.nanoTime() + "\",\"params\":{\"PowerSwitch\":0}}";
        kafka.sendDownlink(PK, deviceName, propertySet(deviceName), first, 2);
        await().atMost(WAIT).until(() -> received.contains(first));
        kafka.sendDownlink(PK, deviceName, propertySet(deviceName), marker, 2);
        await().atMost(WAIT).until(() -> received.contains(marker));
        assertThat(received).containsExactly(first, marker);
    }

    private static int reasonCode(IMqttToken token) {
        try {
            token.waitForCompletion(10_000);
            return token.getReasonCodes()[0];
        } catch (MqttException e) {
            return e.getReasonCode();
        }
    }

    // ---- clients ----

    private static DeviceSigner.MqttCredentials credentials(String deviceName) {
        return DeviceSigner.mqttCredentials(PK, deviceName, SECRET + deviceName, SignMethod.HMACSHA256,
                PK + "." + deviceName, "2524608000000");
    }

    private static String uri(MqttListener.Kind kind) {
        String scheme = switch (kind) {
            case TCP -> "tcp";
            case TLS -> "ssl";
            case WS -> "ws";
            case WSS -> "wss";
        };
        return scheme + "://" + LOOPBACK + ":" + edge.port(kind)
                + (kind.webSocket() ? MqttListener.WEBSOCKET_PATH : "");
    }

    private static Mqtt5ClientBuilder hivemq(MqttListener.Kind kind, String clientId) {
        Mqtt5ClientBuilder builder = Mqtt5Client.builder().identifier(clientId)
                .serverHost(LOOPBACK).serverPort(edge.port(kind));
        if (kind.secure()) {
            MqttClientSslConfigBuilder.Nested<? extends Mqtt5ClientBuilder> ssl = builder.sslConfig()
                    .trustManagerFactory(TestPki.trusting(SERVER.certificate()));
            builder = ssl.applySslConfig();
        }
        if (kind.webSocket()) {
            builder = builder.webSocketConfig().serverPath(MqttListener.WEBSOCKET_PATH.substring(1))
                    .applyWebSocketConfig();
        }
        return builder;
    }

    private static String topic(String deviceName) {
        return "/sys/" + PK + "/" + deviceName + "/thing/event/property/post";
    }

    private static String propertySet(String deviceName) {
        return "/sys/" + PK + "/" + deviceName + "/thing/service/property/set";
    }

    private static String post(String deviceName, int qos) {
        return "{\"id\":\"" + System.nanoTime() + "\",\"version\":\"1.0\",\"params\":{\"Temp\":21.5},"
                + "\"method\":\"thing.event.property.post\",\"from\":\"" + deviceName + "\",\"qos\":" + qos + "}";
    }

    /** Paho v5's callback: collects the payloads of the messages that arrive. */
    private record Collector(List<String> received) implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            received.add(new String(message.getPayload(), UTF_8));
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
