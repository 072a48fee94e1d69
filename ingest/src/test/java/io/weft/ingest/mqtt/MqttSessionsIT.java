package io.weft.ingest.mqtt;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.weft.core.auth.DeviceSigner;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.weft.core.auth.SignMethod;
import io.weft.core.registry.TopicClassesEntry;
import io.weft.core.topic.TopicClass;
import io.weft.core.topic.TopicOperation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Persistent sessions, will and retained messages on a real {@link MqttEdge} and Kafka broker, with Eclipse Paho v3:
 * a session with clean session 0 gets the QoS 1 downlinks sent while it was away, in order, even when the edge was
 * restarted in between (CONNACK says the session was present); a clean session forgets it; a connection that ends
 * without DISCONNECT publishes its will to {@code weft.up}, one that disconnects does not; a retained message reaches
 * a later subscription, across an edge restart, until an empty retained message clears it.
 */
class MqttSessionsIT {
    private static final String PK = "a1Sessions";
    private static final String SECRET = "sessions-secret-";

    private static KafkaFixture kafka;
    private static MqttEdge edge;

    @BeforeAll
    static void startKafkaAndEdge() throws Exception {
        kafka = KafkaFixture.start();
        for (String device : List.of("sleeper", "restarted", "cleaned", "willing", "polite", "retainer", "twin", "unacked")) {
            kafka.register(PK, device, SECRET + device);
        }
        List<TopicClass> classes = new ArrayList<>(TopicClass.DEFAULTS);
        classes.add(new TopicClass("state", TopicOperation.ALL, null));
        classes.add(new TopicClass("marker", TopicOperation.SUB, null));
        classes.add(new TopicClass("#", TopicOperation.SUB, null));
        kafka.publish(new TopicClassesEntry(PK, classes, System.currentTimeMillis()));
        edge = startEdge();
    }

    private static MqttEdge startEdge() throws Exception {
        return new MqttEdge(MqttEdgeConfig.defaults(0).withListeners(
                List.of(MqttListener.tcp("127.0.0.1", 0)), null), kafka.bootstrapServers(), KafkaFixture.TOPICS)
                .start(Duration.ofSeconds(30));
    }

    private static void restartEdge() throws Exception {
        edge.close();
        edge = startEdge();
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

    @Test
    void persistentSession_whenDownlinksArriveWhileAway_thenTheyAreDeliveredInOrderOnReconnect() throws Exception {
        Device device = new Device("sleeper");
        assertThat(device.connect(false).getSessionPresent()).isFalse();
        device.client.subscribe(device.userTopic("get"), 1);
        device.client.disconnect();

        for (int i = 1; i <= 3; i++) {
            kafka.sendDownlink(PK, "sleeper", device.userTopic("get"), "queued-" + i);
        }
        kafka.sendDownlink(PK, "sleeper", device.userTopic("unsubscribed"), "not queued");

        assertThat(device.connect(false).getSessionPresent()).isTrue();
        assertThat(device.inbox.payloads(3)).containsExactly("queued-1", "queued-2", "queued-3");

        kafka.sendDownlink(PK, "sleeper", device.userTopic("get"), "live");
        assertThat(device.inbox.payloads(1)).containsExactly("live");
        device.client.disconnect();
    }

    @Test
    void persistentSession_whenTheEdgeRestartsWhileAway_thenSubscriptionsAndQueueSurvive() throws Exception {
        Device device = new Device("restarted");
        device.connect(false);
        device.client.subscribe(device.userTopic("get"), 1);
        device.client.disconnect();
        kafka.sendDownlink(PK, "restarted", device.userTopic("get"), "before restart");

        restartEdge();
        kafka.sendDownlink(PK, "restarted", device.userTopic("get"), "after restart");

        assertThat(device.connect(false).getSessionPresent()).isTrue();
        assertThat(device.inbox.payloads(2)).containsExactly("before restart", "after restart");
        device.client.disconnect();
    }

    @Test
    void persistentSession_whenASecondConnectionTakesItOver_thenItKeepsTheSubscriptions() throws Exception {
        Device first = new Device("twin");
        first.connect(false);
        first.client.subscribe(first.userTopic("get"), 1);

        Device second = new Device("twin");
        assertThat(second.connect(false).getSessionPresent()).isTrue();
        kafka.sendDownlink(PK, "twin", second.userTopic("get"), "to the new connection");

        assertThat(second.inbox.payloads(1)).containsExactly("to the new connection");
        assertThat(first.inbox.isEmpty()).isTrue();
        second.client.disconnect();
    }

    /**
     * A QoS 1 downlink the device received but never acknowledged before its connection dropped comes again after
     * the reconnect with the same packet id and the DUP flag [MQTT-4.4.0-1]; once acknowledged it never comes again.
     */
    @Test
    void persistentSession_whenADownlinkWasNotAcknowledged_thenItIsResentWithItsPacketIdAndDup() throws Exception {
        DeviceSigner.MqttCredentials c = DeviceSigner.mqttCredentials(PK, "unacked", SECRET + "unacked",
                SignMethod.HMACSHA256, PK + ".unacked", "2524608000000");
        String topic = "/" + PK + "/unacked/user/get";
        int packetId;
        try (SocketPeer peer = new SocketPeer(edge.port())) {
            peer.send(persistentConnect(c));
            assertThat(((MqttConnAckMessage) peer.next(10_000)).variableHeader().isSessionPresent()).isFalse();
            peer.send(MqttMessageBuilders.subscribe().messageId(1).addSubscription(MqttQoS.AT_LEAST_ONCE, topic)
                    .build());
            assertThat(peer.next(10_000)).isInstanceOf(MqttSubAckMessage.class);
            kafka.sendDownlink(PK, "unacked", topic, "left unacknowledged");
            MqttPublishMessage first = (MqttPublishMessage) peer.next(10_000);
            assertThat(first.fixedHeader().isDup()).isFalse();
            packetId = first.variableHeader().packetId();
            first.release();
        }

        try (SocketPeer peer = new SocketPeer(edge.port())) {
            peer.send(persistentConnect(c));
            assertThat(((MqttConnAckMessage) peer.next(10_000)).variableHeader().isSessionPresent()).isTrue();
            MqttPublishMessage again = (MqttPublishMessage) peer.next(10_000);
            assertThat(again.fixedHeader().isDup()).isTrue();
            assertThat(again.variableHeader().packetId()).isEqualTo(packetId);
            assertThat(again.payload().toString(UTF_8)).isEqualTo("left unacknowledged");
            again.release();
            peer.send(MqttMessageBuilders.pubAck().packetId(packetId).build());
            peer.send(new io.netty.handler.codec.mqtt.MqttMessage(new MqttFixedHeader(MqttMessageType.DISCONNECT,
                    false, MqttQoS.AT_MOST_ONCE, false, 0)));
        }

        try (SocketPeer peer = new SocketPeer(edge.port())) {
            peer.send(persistentConnect(c));
            assertThat(((MqttConnAckMessage) peer.next(10_000)).variableHeader().isSessionPresent()).isTrue();
            kafka.sendDownlink(PK, "unacked", topic, "marker");
            MqttPublishMessage next = (MqttPublishMessage) peer.next(10_000);
            assertThat(next.payload().toString(UTF_8)).isEqualTo("marker");
            next.release();
        }
    }

    private static io.netty.handler.codec.mqtt.MqttMessage persistentConnect(DeviceSigner.MqttCredentials c) {
        return MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_3_1_1).clientId(c.clientId())
                .username(c.username()).password(c.password().getBytes(UTF_8)).keepAlive(60).cleanSession(false)
                .build();
    }

    @Test
    void cleanSession_discardsTheStoredSession() throws Exception {
        Device device = new Device("cleaned");
        device.connect(false);
        device.client.subscribe(device.userTopic("get"), 1);
        device.client.disconnect();
        kafka.sendDownlink(PK, "cleaned", device.userTopic("get"), "dropped with the session");

        assertThat(device.connect(true).getSessionPresent()).isFalse();
        device.client.disconnect();
        assertThat(device.connect(false).getSessionPresent()).isFalse();
        kafka.sendDownlink(PK, "cleaned", device.userTopic("get"), "no subscription any more");
        // The marker below arrives only through a new subscription: nothing from the old session came first.
        device.client.subscribe(device.userTopic("marker"), 1);
        kafka.sendDownlink(PK, "cleaned", device.userTopic("marker"), "marker");
        assertThat(device.inbox.payloads(1)).containsExactly("marker");
        device.client.disconnect();
    }

    @Test
    void will_whenTheConnectionIsLostWithoutDisconnect_thenItIsPublishedToWeftUp() throws Exception {
        Device device = new Device("willing");
        String will = "{\"gone\":\"" + System.nanoTime() + "\"}";
        device.connectWithWill(device.userTopic("update"), will);
        device.client.disconnectForcibly(0, 1000, false);

        kafka.awaitQos1Uplink(PK, "willing", will);
    }

    @Test
    void will_whenTheClientDisconnects_thenItIsNotPublished() throws Exception {
        Device device = new Device("polite");
        String will = "{\"gone\":\"" + System.nanoTime() + "\"}";
        device.connectWithWill(device.userTopic("update"), will);
        device.client.disconnect();
        String marker = "{\"after\":\"" + System.nanoTime() + "\"}";
        device.connect(true);
        device.client.publish(device.userTopic("update"), marker.getBytes(UTF_8), 1, false);
        device.client.disconnect();

        kafka.awaitQos1Uplink(PK, "polite", marker);
        assertThat(kafka.uplinkPayloads(PK, "polite")).doesNotContain(will);
    }

    @Test
    void retained_reachesLaterSubscriptionsAcrossAnEdgeRestart_untilClearedByAnEmptyPayload() throws Exception {
        Device device = new Device("retainer");
        device.connect(true);
        device.client.publish(device.userTopic("state"), "old".getBytes(UTF_8), 1, true);
        device.client.publish(device.userTopic("state"), "on".getBytes(UTF_8), 1, true);
        device.client.disconnect();

        restartEdge();
        device.connect(true);
        device.client.subscribe(device.userTopic("#"), 1);
        assertThat(device.inbox.next(1)).containsExactly(
                new PahoInbox.Received(device.userTopic("state"), "on", true));

        device.client.publish(device.userTopic("state"), new byte[0], 1, true);
        device.client.unsubscribe(device.userTopic("#"));
        device.client.subscribe(device.userTopic("state"), 1);
        device.client.subscribe(device.userTopic("marker"), 1);
        kafka.sendDownlink(PK, "retainer", device.userTopic("marker"), "marker");
        assertThat(device.inbox.payloads(1)).containsExactly("marker");
        device.client.disconnect();
    }

    /** A Paho v3 device, Alibaba-signed, collecting what it receives. */
    private static final class Device {
        private final String name;
        private final MqttClient client;
        private final PahoInbox inbox = new PahoInbox();

        Device(String name) throws MqttException {
            this.name = name;
            DeviceSigner.MqttCredentials c = credentials();
            this.client = new MqttClient("tcp://127.0.0.1:" + edge.port(), c.clientId(), new MemoryPersistence());
            client.setCallback(inbox);
        }

        private DeviceSigner.MqttCredentials credentials() {
            return DeviceSigner.mqttCredentials(PK, name, SECRET + name, SignMethod.HMACSHA256, PK + "." + name,
                    "2524608000000");
        }

        String userTopic(String rest) {
            return "/" + PK + "/" + name + "/user/" + rest;
        }

        IMqttToken connect(boolean cleanSession) throws MqttException {
            return reconnect(options(cleanSession));
        }

        void connectWithWill(String topic, String will) throws MqttException {
            MqttConnectOptions options = options(true);
            options.setWill(topic, will.getBytes(UTF_8), 1, false);
            reconnect(options);
        }

        private IMqttToken reconnect(MqttConnectOptions options) throws MqttException {
            return client.connectWithResult(options);
        }

        private MqttConnectOptions options(boolean cleanSession) {
            DeviceSigner.MqttCredentials c = credentials();
            MqttConnectOptions options = new MqttConnectOptions();
            options.setUserName(c.username());
            options.setPassword(c.password().toCharArray());
            options.setCleanSession(cleanSession);
            options.setKeepAliveInterval(60);
            options.setAutomaticReconnect(false);
            // Each connect goes to the edge's current port: a restarted edge listens on a new one.
            options.setServerURIs(new String[] {"tcp://127.0.0.1:" + edge.port()});
            return options;
        }
    }
}
