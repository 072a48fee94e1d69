package io.weft.ingest.mqtt;

import static io.weft.ingest.mqtt.EdgeHarness.DEVICE;
import static io.weft.ingest.mqtt.EdgeHarness.DN;
import static io.weft.ingest.mqtt.EdgeHarness.PK;
import static io.weft.ingest.mqtt.Mqtt5ConnectTest.assertDisconnected;
import static io.weft.ingest.mqtt.Mqtt5PublishTest.reply;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.weft.core.envelope.Downlink;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * QoS 2 in both MQTT versions and MQTT 5's flow control of downlinks. Uplinks: exactly once into Kafka (PUBREC only
 * after Kafka acknowledged; a PUBLISH reusing a packet id before PUBREL, DUP or not, is never written again;
 * PUBREL → PUBCOMP). Downlinks: PUBLISH → PUBREC → PUBREL → PUBCOMP; never more unacknowledged than the client's
 * Receive Maximum, the rest queued (bounded, oldest dropped and counted); never larger than the client's Maximum
 * Packet Size.
 */
class MqttQos2Test {
    private static final String PROPERTY_POST = "/sys/" + PK + "/" + DN + "/thing/event/property/post";
    private static final String PROPERTY_SET = "/sys/" + PK + "/" + DN + "/thing/service/property/set";

    /** The MQTT versions QoS 2 works the same in. */
    enum Version {
        MQTT_3_1_1, MQTT_5
    }

    private final EdgeHarness edge = new EdgeHarness();

    private MqttPeer connected(Version version) {
        return version == Version.MQTT_5 ? edge.connected5() : edge.connected();
    }

    // ---- uplinks ----

    @ParameterizedTest
    @EnumSource(Version.class)
    void publishQos2_whenKafkaAcknowledges_thenPubrecOnlyThenAndPubcompAfterPubrel(Version version) {
        try (MqttPeer device = connected(version)) {
            device.send(publish(PROPERTY_POST, 7, false, "{\"n\":1}"));

            assertThat(edge.sink.uplinks()).singleElement().satisfies(u -> assertThat(u.qos()).isEqualTo(2));
            assertThat(device.received()).as("no PUBREC before Kafka has it").isEmpty();

            edge.sink.complete(0);
            assertThat(reply(device.received(), MqttMessageType.PUBREC).messageId()).isEqualTo(7);
            assertThat(session().inbound().awaitingPubrel()).containsEntry(7, InboundFlow.Qos2.STORED);

            device.send(pubRel(7));
            MqttPubReplyMessageVariableHeader comp = reply(device.received(), MqttMessageType.PUBCOMP);
            assertThat(comp.messageId()).isEqualTo(7);
            assertThat(comp.reasonCode()).isZero();
            assertThat(session().inbound().awaitingPubrel()).isEmpty();
            assertThat(device.isOpen()).isTrue();
        }
    }

    /** Exactly once: the same packet id again before PUBREL, with DUP and without, is in Kafka once. */
    @ParameterizedTest
    @EnumSource(Version.class)
    void publishQos2_whenResentWithSamePacketIdBeforePubrel_thenWrittenOnceAndPubrecAgain(Version version) {
        try (MqttPeer device = connected(version)) {
            device.send(publish(PROPERTY_POST, 7, false, "{\"n\":1}"));
            device.send(publish(PROPERTY_POST, 7, true, "{\"n\":1}"));
            assertThat(edge.sink.uplinks()).as("a resend while Kafka is still writing").hasSize(1);
            assertThat(device.received()).isEmpty();

            edge.sink.complete(0);
            assertThat(reply(device.received(), MqttMessageType.PUBREC).messageId()).isEqualTo(7);

            device.send(publish(PROPERTY_POST, 7, true, "{\"n\":1}"));
            device.send(publish(PROPERTY_POST, 7, false, "{\"n\":1}"));
            List<MqttMessage> again = device.received();
            assertThat(again).hasSize(2).allSatisfy(m -> assertThat(m.fixedHeader().messageType())
                    .isEqualTo(MqttMessageType.PUBREC));
            assertThat(edge.sink.uplinks()).as("in Kafka once").hasSize(1);

            device.send(pubRel(7));
            assertThat(reply(device.received(), MqttMessageType.PUBCOMP).messageId()).isEqualTo(7);
        }
    }

    /** After PUBCOMP the packet id is free: a PUBLISH with it is a new message. */
    @ParameterizedTest
    @EnumSource(Version.class)
    void publishQos2_whenPacketIdReusedAfterPubcomp_thenNewMessage(Version version) {
        try (MqttPeer device = connected(version)) {
            device.send(publish(PROPERTY_POST, 7, false, "{\"n\":1}"));
            edge.sink.complete(0);
            assertThat(reply(device.received(), MqttMessageType.PUBREC).messageId()).isEqualTo(7);
            device.send(pubRel(7));
            assertThat(reply(device.received(), MqttMessageType.PUBCOMP).messageId()).isEqualTo(7);

            device.send(publish(PROPERTY_POST, 7, false, "{\"n\":2}"));

            assertThat(edge.sink.uplinks()).extracting(u -> new String(u.payload(), UTF_8))
                    .containsExactly("{\"n\":1}", "{\"n\":2}");
        }
    }

    @Test
    void pubrel_whenPacketIdUnknownOverMqtt5_thenPubcomp0x92() {
        try (MqttPeer device = edge.connected5()) {
            device.send(pubRel(42));

            MqttPubReplyMessageVariableHeader comp = reply(device.received(), MqttMessageType.PUBCOMP);
            assertThat(comp.messageId()).isEqualTo(42);
            assertThat(comp.reasonCode() & 0xFF).isEqualTo(0x92);
            assertThat(device.isOpen()).isTrue();
            assertThat(edge.disconnector.count(Refusal.PACKET_ID_NOT_FOUND)).isEqualTo(1);
        }
    }

    @Test
    void pubrel_whenPacketIdUnknownOverMqtt311_thenPlainPubcomp() {
        try (MqttPeer device = edge.connected()) {
            device.send(pubRel(42));

            assertThat(device.rawOutbound()).containsExactly(0x70, 0x02, 0x00, 0x2A); // PUBCOMP, id 42
        }
    }

    /** PUBREL before the edge sent PUBREC: the message is not durable yet, so it cannot be released. */
    @Test
    void pubrel_whenBeforePubrec_thenDisconnect0x82AndNoPubcomp() {
        try (MqttPeer device = edge.connected5()) {
            device.send(publish(PROPERTY_POST, 7, false, "{}"));
            device.send(pubRel(7));

            assertDisconnected(device, 0x82, Refusal.PROTOCOL_ERROR);
        }
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void publishQos2_whenKafkaFails_thenClosedWithoutPubrec(Version version) {
        try (MqttPeer device = connected(version)) {
            device.send(publish(PROPERTY_POST, 7, false, "{}"));
            edge.sink.fail(0);

            List<MqttMessage> received = device.received();
            assertThat(received).noneMatch(m -> m.fixedHeader().messageType() == MqttMessageType.PUBREC);
            assertThat(device.isOpen()).isFalse();
            assertThat(edge.disconnector.count(Refusal.KAFKA_UNAVAILABLE)).isEqualTo(1);
        }
    }

    /** MQTT 3.1.1 has no Receive Maximum, but a client that never sends PUBREL cannot grow the set without bound. */
    @Test
    void publishQos2_whenMqtt311ClientNeverReleasesBeyondTheBound_thenClosed() {
        EdgeHarness small = new EdgeHarness(new MqttEdgeConfig("127.0.0.1", 0, 256 * 1024, 10_000, 2, "edge-1", 1),
                true);
        try (MqttPeer device = small.connected()) {
            device.send(publish(PROPERTY_POST, 1, false, "{}"));
            device.send(publish(PROPERTY_POST, 2, false, "{}"));
            small.sink.complete(0);
            small.sink.complete(1);
            assertThat(device.received()).hasSize(2);

            device.send(publish(PROPERTY_POST, 3, false, "{}"));

            assertThat(device.rawOutbound()).isEmpty();
            assertThat(device.isOpen()).isFalse();
            assertThat(small.disconnector.count(Refusal.RECEIVE_MAXIMUM_EXCEEDED)).isEqualTo(1);
            assertThat(small.sink.uplinks()).hasSize(2);
        }
    }

    // ---- downlinks ----

    @ParameterizedTest
    @EnumSource(Version.class)
    void downlinkQos2_whenSubscribedQos2_thenPublishPubrecPubrelPubcomp(Version version) {
        try (MqttPeer device = connected(version)) {
            subscribe(device, MqttQoS.EXACTLY_ONCE);
            deliver(downlink("{\"n\":1}", 2, 0L));

            MqttPublishMessage publish = onlyPublish(device.received());
            assertThat(publish.fixedHeader().qosLevel()).isEqualTo(MqttQoS.EXACTLY_ONCE);
            int id = publish.variableHeader().packetId();
            assertThat(session().outbound().inFlight()).singleElement()
                    .satisfies(f -> assertThat(f.phase()).isEqualTo(OutboundFlow.Phase.AWAITING_PUBREC));

            device.send(ack(MqttMessageType.PUBREC, id, 0));
            List<MqttMessage> rel = device.received();
            assertThat(rel).singleElement().satisfies(m -> {
                assertThat(m.fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBREL);
                assertThat(((MqttPubReplyMessageVariableHeader) m.variableHeader()).messageId()).isEqualTo(id);
            });

            device.send(ack(MqttMessageType.PUBCOMP, id, 0));
            assertThat(device.received()).isEmpty();
            assertThat(session().outbound().inFlight()).isEmpty();
        }
    }

    @Test
    void downlink_whenSubscribedQos1AndDownlinkQos2_thenSentAtQos1() {
        try (MqttPeer device = edge.connected5()) {
            subscribe(device, MqttQoS.AT_LEAST_ONCE);
            deliver(downlink("{}", 2, 0L));

            assertThat(onlyPublish(device.received()).fixedHeader().qosLevel()).isEqualTo(MqttQoS.AT_LEAST_ONCE);
        }
    }

    /** The client's Receive Maximum 2: the third QoS 1 downlink waits for a PUBACK, then goes out. */
    @Test
    void downlink_whenClientReceiveMaximumReached_thenQueuedUntilAcknowledged() {
        try (MqttPeer device = edge.connected5(receiveMaximum(2))) {
            subscribe(device, MqttQoS.AT_LEAST_ONCE);
            deliver(downlink("{\"n\":1}", 1, 0L));
            deliver(downlink("{\"n\":2}", 1, 0L));
            deliver(downlink("{\"n\":3}", 1, 0L));

            List<MqttMessage> first = device.received();
            assertThat(first).hasSize(2);
            assertThat(session().outbound().queued()).hasSize(1);

            device.send(MqttMessageBuilders.pubAck().packetId(
                    ((MqttPublishMessage) first.get(0)).variableHeader().packetId()).build());

            assertThat(payload(onlyPublish(device.received()))).isEqualTo("{\"n\":3}");
            assertThat(session().outbound().queued()).isEmpty();
        }
    }

    /** The queue behind the client's Receive Maximum is bounded: the oldest queued downlink is dropped, counted. */
    @Test
    void downlink_whenQueueFull_thenOldestDroppedAndCounted() {
        EdgeHarness small = new EdgeHarness(MqttEdgeConfig.defaults(0).withMqtt5(16, 1), true);
        try (MqttPeer device = small.connected5(receiveMaximum(1))) {
            subscribe(device, MqttQoS.AT_LEAST_ONCE);
            for (int n = 1; n <= 3; n++) {
                deliver(small, downlink("{\"n\":" + n + "}", 1, 0L));
            }
            MqttPublishMessage first = onlyPublish(device.received());
            assertThat(payload(first)).isEqualTo("{\"n\":1}");
            assertThat(small.disconnector.count(Refusal.DOWNLINK_QUEUE_OVERFLOW)).isEqualTo(1);

            device.send(MqttMessageBuilders.pubAck().packetId(first.variableHeader().packetId()).build());

            assertThat(payload(onlyPublish(device.received()))).as("n=2 was dropped").isEqualTo("{\"n\":3}");
        }
    }

    /** A downlink larger than the client's Maximum Packet Size is not sent, and counted. */
    @Test
    void downlink_whenLargerThanClientMaximumPacketSize_thenNotSentAndCounted() {
        MqttProperties properties = new MqttProperties();
        properties.add(new MqttProperties.IntegerProperty(
                MqttProperties.MqttPropertyType.MAXIMUM_PACKET_SIZE.value(), 100));
        try (MqttPeer device = edge.connected5(properties)) {
            subscribe(device, MqttQoS.AT_LEAST_ONCE);
            deliver(downlink("x".repeat(200), 1, 0L));
            deliver(downlink("small", 1, 0L));

            assertThat(payload(onlyPublish(device.received()))).isEqualTo("small");
            assertThat(edge.disconnector.count(Refusal.DOWNLINK_TOO_LARGE)).isEqualTo(1);
        }
    }

    /** The exact size check: a downlink of exactly the client's maximum is sent, one byte more is not. */
    @Test
    void downlinkSize_whenComputed_thenEqualsTheEncodedPacket() {
        Downlink d = downlink("x".repeat(300), 1, 0L);
        for (Version version : Version.values()) {
            boolean mqtt5 = version == Version.MQTT_5;
            byte[] encoded = MqttPeer.encode(QosPackets.publish(d, MqttQoS.AT_LEAST_ONCE, 1, mqtt5, 0L),
                    mqtt5 ? MqttVersion.MQTT_5 : MqttVersion.MQTT_3_1_1);
            assertThat(QosPackets.publishSize(d, MqttQoS.AT_LEAST_ONCE, mqtt5)).isEqualTo(encoded.length);
        }
        Downlink expiring = downlink("x", 1, 10_000L);
        byte[] encoded = MqttPeer.encode(QosPackets.publish(expiring, MqttQoS.AT_LEAST_ONCE, 1, true, 0L),
                MqttVersion.MQTT_5);
        assertThat(QosPackets.publishSize(expiring, MqttQoS.AT_LEAST_ONCE, true)).isEqualTo(encoded.length);
    }

    /** A downlink with a deadline carries the seconds left as Message Expiry Interval; one without, none. */
    @Test
    void downlink_whenDeadlineSet_thenMessageExpiryIntervalOverMqtt5() {
        try (MqttPeer device = edge.connected5()) {
            subscribe(device, MqttQoS.AT_LEAST_ONCE);
            deliver(downlink("{}", 1, System.currentTimeMillis() + 30_000));
            deliver(downlink("{}", 1, 0L));

            List<MqttMessage> received = device.received();
            assertThat(received).hasSize(2);
            MqttProperties.MqttProperty<?> expiry = ((MqttPublishMessage) received.get(0)).variableHeader()
                    .properties().getProperty(MqttProperties.MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL.value());
            assertThat((Integer) expiry.value()).isBetween(29, 30);
            assertThat(((MqttPublishMessage) received.get(1)).variableHeader().properties()
                    .getProperty(MqttProperties.MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL.value())).isNull();
        }
    }

    // ---- helpers ----

    private MqttSession session() {
        return edge.sessions.find(DEVICE).orElseThrow();
    }

    private static MqttProperties receiveMaximum(int maximum) {
        MqttProperties properties = new MqttProperties();
        properties.add(new MqttProperties.IntegerProperty(
                MqttProperties.MqttPropertyType.RECEIVE_MAXIMUM.value(), maximum));
        return properties;
    }

    private static void subscribe(MqttPeer device, MqttQoS qos) {
        device.send(MqttMessageBuilders.subscribe().messageId(1).addSubscription(qos, PROPERTY_SET).build());
        assertThat(device.received()).singleElement()
                .satisfies(m -> assertThat(m.fixedHeader().messageType()).isEqualTo(MqttMessageType.SUBACK));
    }

    private void deliver(Downlink downlink) {
        deliver(edge, downlink);
    }

    private static void deliver(EdgeHarness edge, Downlink downlink) {
        edge.sessions.find(DEVICE).orElseThrow().deliver(downlink);
    }

    private static Downlink downlink(String payload, int qos, long deadline) {
        return new Downlink(System.nanoTime(), PK, DN, PROPERTY_SET, payload.getBytes(UTF_8), qos, deadline);
    }

    private static MqttPublishMessage onlyPublish(List<MqttMessage> received) {
        assertThat(received).singleElement().isInstanceOf(MqttPublishMessage.class);
        return (MqttPublishMessage) received.get(0);
    }

    private static String payload(MqttPublishMessage publish) {
        return new String(ByteBufUtil.getBytes(publish.payload()), UTF_8);
    }

    private static MqttPublishMessage publish(String topic, int packetId, boolean dup, String payload) {
        return new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, dup, MqttQoS.EXACTLY_ONCE, false,
                0), new io.netty.handler.codec.mqtt.MqttPublishVariableHeader(topic, packetId),
                Unpooled.copiedBuffer(payload, UTF_8));
    }

    private static MqttMessage pubRel(int packetId) {
        return ack(MqttMessageType.PUBREL, packetId, 0);
    }

    private static MqttMessage ack(MqttMessageType type, int packetId, int reasonCode) {
        MqttQoS headerQos = type == MqttMessageType.PUBREL ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE;
        return new MqttMessage(new MqttFixedHeader(type, false, headerQos, false, 0),
                new MqttPubReplyMessageVariableHeader(packetId, (byte) reasonCode, MqttProperties.NO_PROPERTIES));
    }
}
