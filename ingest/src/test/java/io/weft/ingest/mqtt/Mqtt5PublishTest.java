package io.weft.ingest.mqtt;

import static io.weft.ingest.mqtt.EdgeHarness.DN;
import static io.weft.ingest.mqtt.EdgeHarness.PK;
import static io.weft.ingest.mqtt.EdgeHarness.SECRET;
import static io.weft.ingest.mqtt.Mqtt5ConnectTest.assertDisconnected;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * MQTT 5 PUBLISH and SUBSCRIBE at the edge: the ACL answers in reason codes and keeps the connection (PUBACK or
 * PUBREC 0x87, QoS 0 dropped and counted, SUBACK 0x80 with a reason string); topic aliases and their errors
 * (DISCONNECT 0x94); the edge's Receive Maximum (0x93), Maximum Packet Size (0x95, no exception), retain (0x9A),
 * invalid topics (0x90); and thousands of user properties handled without a throw or a hang.
 */
class Mqtt5PublishTest {
    private static final String PROPERTY_POST = "/sys/" + PK + "/" + DN + "/thing/event/property/post";
    private static final String OTHER_DEVICES_POST = "/sys/" + PK + "/meter-2/thing/event/property/post";

    private final EdgeHarness edge = new EdgeHarness();

    // ---- ACL ----

    @Test
    void publish_whenQos1OnAnotherDevicesTopic_thenPuback0x87WithReasonStringAndConnectionStaysOpen() {
        try (MqttPeer device = edge.connected5()) {
            device.send(publish(OTHER_DEVICES_POST, MqttQoS.AT_LEAST_ONCE, 7, "{}"));

            MqttPubReplyMessageVariableHeader ack = reply(device.received(), MqttMessageType.PUBACK);
            assertThat(ack.messageId()).isEqualTo(7);
            assertThat(ack.reasonCode() & 0xFF).isEqualTo(0x87);
            assertThat(reasonString(ack.properties())).isEqualTo(Refusal.PUBLISH_NOT_AUTHORIZED.reason());
            assertThat(device.isOpen()).isTrue();
            assertThat(edge.sink.uplinks()).isEmpty();
            assertThat(edge.disconnector.count(Refusal.PUBLISH_NOT_AUTHORIZED)).isEqualTo(1);

            device.send(publish(PROPERTY_POST, MqttQoS.AT_LEAST_ONCE, 8, "{}"));
            edge.sink.complete(0);
            assertThat(reply(device.received(), MqttMessageType.PUBACK).reasonCode()).as("still serving").isZero();
        }
    }

    @Test
    void publish_whenQos2OnAnotherDevicesTopic_thenPubrec0x87AndNothingAwaitsPubrel() {
        try (MqttPeer device = edge.connected5()) {
            device.send(publish(OTHER_DEVICES_POST, MqttQoS.EXACTLY_ONCE, 9, "{}"));

            MqttPubReplyMessageVariableHeader rec = reply(device.received(), MqttMessageType.PUBREC);
            assertThat(rec.messageId()).isEqualTo(9);
            assertThat(rec.reasonCode() & 0xFF).isEqualTo(0x87);
            assertThat(device.isOpen()).isTrue();
            assertThat(edge.sessions.find(EdgeHarness.DEVICE).orElseThrow().inbound().awaitingPubrel()).isEmpty();
            assertThat(edge.sink.uplinks()).isEmpty();
        }
    }

    @Test
    void publish_whenQos0OnAnotherDevicesTopic_thenDroppedCountedAndConnectionStaysOpen() {
        try (MqttPeer device = edge.connected5()) {
            device.send(publish(OTHER_DEVICES_POST, MqttQoS.AT_MOST_ONCE, 0, "{}"));

            assertThat(device.received()).isEmpty();
            assertThat(device.isOpen()).isTrue();
            assertThat(edge.sink.uplinks()).isEmpty();
            assertThat(edge.disconnector.count(Refusal.PUBLISH_NOT_AUTHORIZED)).isEqualTo(1);
        }
    }

    /** Without problem information (Request Problem Information 0), the 0x87 comes without a reason string. */
    @Test
    void publish_whenUnauthorisedAndNoProblemInformation_thenPuback0x87WithoutReasonString() {
        MqttProperties properties = new MqttProperties();
        properties.add(new MqttProperties.IntegerProperty(
                MqttProperties.MqttPropertyType.REQUEST_PROBLEM_INFORMATION.value(), 0));
        try (MqttPeer device = edge.connected5(properties)) {
            device.send(publish(OTHER_DEVICES_POST, MqttQoS.AT_LEAST_ONCE, 7, "{}"));

            MqttPubReplyMessageVariableHeader ack = reply(device.received(), MqttMessageType.PUBACK);
            assertThat(ack.reasonCode() & 0xFF).isEqualTo(0x87);
            assertThat(ack.properties().isEmpty()).isTrue();
        }
    }

    @Test
    void subscribe_whenFilterReachesAnotherDevice_thenSuback0x80ForItWithReasonStringAndQos2ForOwn() {
        try (MqttPeer device = edge.connected5()) {
            device.send(MqttMessageBuilders.subscribe().messageId(4)
                    .addSubscription(MqttQoS.EXACTLY_ONCE, "/sys/" + PK + "/" + DN + "/thing/service/property/set")
                    .addSubscription(MqttQoS.AT_LEAST_ONCE, "/sys/" + PK + "/+/thing/service/property/set")
                    .build());

            List<MqttMessage> received = device.received();
            assertThat(received).singleElement().isInstanceOf(MqttSubAckMessage.class);
            MqttSubAckMessage ack = (MqttSubAckMessage) received.get(0);
            assertThat(ack.payload().reasonCodes()).containsExactly(2, 0x80);
            assertThat(reasonString(((MqttMessageIdAndPropertiesVariableHeader) ack.variableHeader()).properties()))
                    .isEqualTo(Refusal.SUBSCRIBE_NOT_AUTHORIZED.reason());
            assertThat(edge.disconnector.count(Refusal.SUBSCRIBE_NOT_AUTHORIZED)).isEqualTo(1);
        }
    }

    @Test
    void unsubscribe_whenMqtt5_thenUnsubackReasonCodePerFilter() {
        String own = "/sys/" + PK + "/" + DN + "/thing/service/property/set";
        try (MqttPeer device = edge.connected5()) {
            device.send(MqttMessageBuilders.subscribe().messageId(4).addSubscription(MqttQoS.AT_LEAST_ONCE, own)
                    .build());
            device.received();
            device.send(MqttMessageBuilders.unsubscribe().messageId(5).addTopicFilter(own)
                    .addTopicFilter("/sys/" + PK + "/" + DN + "/never/subscribed").build());

            List<MqttMessage> received = device.received();
            assertThat(received).singleElement().isInstanceOf(MqttUnsubAckMessage.class);
            assertThat(((MqttUnsubAckMessage) received.get(0)).payload().unsubscribeReasonCodes())
                    .containsExactly((short) 0x00, (short) 0x11);
        }
    }

    // ---- topic aliases ----

    @Test
    void publish_whenTopicAliasSetThenUsedWithEmptyTopic_thenBothReachSinkOnTheFullTopic() {
        try (MqttPeer device = edge.connected5()) {
            device.send(publish(PROPERTY_POST, MqttQoS.AT_MOST_ONCE, 0, "{\"n\":1}", alias(3)));
            device.send(publish("", MqttQoS.AT_MOST_ONCE, 0, "{\"n\":2}", alias(3)));

            assertThat(edge.sink.uplinks()).extracting(u -> u.topic()).containsExactly(PROPERTY_POST, PROPERTY_POST);
            assertThat(device.isOpen()).isTrue();
        }
    }

    @Test
    void publish_whenTopicAlias0_thenDisconnect0x94() {
        assertTopicAliasInvalid(publish(PROPERTY_POST, MqttQoS.AT_MOST_ONCE, 0, "{}", alias(0)));
    }

    @Test
    void publish_whenTopicAliasAboveMaximum_thenDisconnect0x94() {
        assertTopicAliasInvalid(publish(PROPERTY_POST, MqttQoS.AT_MOST_ONCE, 0, "{}", alias(17)));
    }

    @Test
    void publish_whenUnknownTopicAliasWithEmptyTopic_thenDisconnect0x94() {
        assertTopicAliasInvalid(publish("", MqttQoS.AT_MOST_ONCE, 0, "{}", alias(5)));
    }

    private void assertTopicAliasInvalid(MqttPublishMessage publish) {
        try (MqttPeer device = edge.connected5()) {
            device.send(publish);

            assertDisconnected(device, 0x94, Refusal.TOPIC_ALIAS_INVALID);
            assertThat(edge.disconnector.count(Refusal.TOPIC_ALIAS_INVALID)).isEqualTo(1);
            assertThat(edge.sink.uplinks()).isEmpty();
        }
    }

    @Test
    void publish_whenEmptyTopicWithoutAlias_thenDisconnect0x90() {
        try (MqttPeer device = edge.connected5()) {
            device.send(publish("", MqttQoS.AT_MOST_ONCE, 0, "{}"));

            assertDisconnected(device, 0x90, Refusal.INVALID_TOPIC);
        }
    }

    /** Netty's decoder refuses a wildcard topic before the edge reads the PUBLISH: still 0x90, not 0x81. */
    @Test
    void publish_whenTopicHasWildcard_thenDisconnect0x90() {
        try (MqttPeer device = edge.connected5()) {
            device.send(new byte[] {
                    0x30, 0x06,                   // PUBLISH QoS 0, remaining length 6
                    0x00, 0x01, '#',              // topic "#"
                    0x00,                         // properties length 0
                    'h', 'i'                      // payload "hi"
            });

            assertDisconnected(device, 0x90, Refusal.INVALID_TOPIC);
        }
    }

    // ---- limits ----

    /** The edge offered Receive Maximum 2: a third unacknowledged QoS 1 PUBLISH is a protocol violation. */
    @Test
    void publish_whenMoreUnacknowledgedQos1ThanReceiveMaximum_thenDisconnect0x93() {
        EdgeHarness small = new EdgeHarness(new MqttEdgeConfig("127.0.0.1", 0, 256 * 1024, 10_000, 2, "edge-1", 1),
                true);
        try (MqttPeer device = small.connected5()) {
            device.send(publish(PROPERTY_POST, MqttQoS.AT_LEAST_ONCE, 1, "{}"));
            device.send(publish(PROPERTY_POST, MqttQoS.EXACTLY_ONCE, 2, "{}"));
            // The client ignores the back-pressure and the Receive Maximum: the edge reads the third one anyway.
            device.channel().config().setAutoRead(true);
            device.send(publish(PROPERTY_POST, MqttQoS.AT_LEAST_ONCE, 3, "{}"));

            assertDisconnected(device, 0x93, Refusal.RECEIVE_MAXIMUM_EXCEEDED);
            assertThat(small.sink.uplinks()).hasSize(2);
        }
    }

    /** Once acknowledged, a PUBLISH no longer counts: the client may keep Receive Maximum in flight forever. */
    @Test
    void publish_whenEachAcknowledgedBeforeTheNext_thenNeverExceedsReceiveMaximum() {
        EdgeHarness small = new EdgeHarness(new MqttEdgeConfig("127.0.0.1", 0, 256 * 1024, 10_000, 2, "edge-1", 1),
                true);
        try (MqttPeer device = small.connected5()) {
            for (int i = 0; i < 5; i++) {
                device.send(publish(PROPERTY_POST, MqttQoS.AT_LEAST_ONCE, i + 1, "{}"));
                small.sink.complete(i);
                assertThat(reply(device.received(), MqttMessageType.PUBACK).messageId()).isEqualTo(i + 1);
            }
            assertThat(device.isOpen()).isTrue();
        }
    }

    /** Over the Maximum Packet Size from CONNACK: DISCONNECT 0x95 before the body arrives, and no exception. */
    @Test
    void publish_whenRemainingLengthOverMaximumPacketSize_thenDisconnect0x95WithoutException() {
        try (MqttPeer device = edge.connected5()) {
            assertThatCode(() -> device.send(new byte[] {
                    0x30,                         // PUBLISH QoS 0
                    (byte) 0x81, (byte) 0x80, 0x10, // remaining length 262145
                    0x00, 0x03, '/', 'a', 'b'     // topic "/ab", the body never comes
            })).doesNotThrowAnyException();

            assertDisconnected(device, 0x95, Refusal.PACKET_TOO_LARGE);
            assertThat(edge.sink.uplinks()).isEmpty();
        }
    }

    /** 5,000 user properties (35 KB) fit the packet size: accepted, stored, acknowledged. */
    @Test
    void publish_whenFiveThousandUserProperties_thenStoredAndAcknowledged() {
        try (MqttPeer device = edge.connected5()) {
            device.send(publish(PROPERTY_POST, MqttQoS.AT_LEAST_ONCE, 1, "{}", userProperties(5_000)));
            edge.sink.complete(0);

            assertThat(reply(device.received(), MqttMessageType.PUBACK).reasonCode()).isZero();
            assertThat(edge.sink.uplinks()).hasSize(1);
            assertThat(device.isOpen()).isTrue();
        }
    }

    /** 50,000 user properties (350 KB) are over the packet size: DISCONNECT 0x95, no throw, no hang. */
    @Test
    void publish_whenFiftyThousandUserProperties_thenDisconnect0x95() {
        try (MqttPeer device = edge.connected5()) {
            byte[] packet = MqttPeer.encode(publish(PROPERTY_POST, MqttQoS.AT_LEAST_ONCE, 1, "{}",
                    userProperties(50_000)), MqttVersion.MQTT_5);
            assertThat(packet.length).isGreaterThan(262_144);

            assertThatCode(() -> device.send(packet)).doesNotThrowAnyException();

            assertDisconnected(device, 0x95, Refusal.PACKET_TOO_LARGE);
            assertThat(edge.sink.uplinks()).isEmpty();
        }
    }

    /** The harness keeps no retained messages, as when the store refuses one: DISCONNECT 0x97, no PUBACK. */
    @Test
    void publish_whenTheRetainedMessageCannotBeStored_thenDisconnect0x97() {
        try (MqttPeer device = edge.connected5()) {
            device.send(MqttMessageBuilders.publish().topicName(PROPERTY_POST).qos(MqttQoS.AT_LEAST_ONCE)
                    .messageId(7).retained(true).payload(Unpooled.copiedBuffer("{}", UTF_8)).build());
            edge.sink.complete(0);

            assertDisconnected(device, 0x97, Refusal.RETAINED_NOT_STORED);
        }
    }

    @Test
    void auth_whenMqtt5ClientSendsAuth_thenDisconnect0x82() {
        try (MqttPeer device = edge.connected5()) {
            device.send(new MqttMessage(new MqttFixedHeader(MqttMessageType.AUTH, false, MqttQoS.AT_MOST_ONCE, false,
                    0), new MqttReasonCodeAndPropertiesVariableHeader((byte) 0x18, MqttProperties.NO_PROPERTIES)));

            assertDisconnected(device, 0x82, Refusal.PROTOCOL_ERROR);
        }
    }

    @Test
    void disconnect_whenMqtt5ClientDisconnects_thenClosedWithoutAnswer() {
        try (MqttPeer device = edge.connected5()) {
            device.send(MqttMessageBuilders.disconnect().reasonCode((byte) 0).build());

            assertThat(device.rawOutbound()).isEmpty();
            assertThat(device.isOpen()).isFalse();
            assertThat(edge.disconnector.count(Refusal.CLIENT_DISCONNECT)).isEqualTo(1);
        }
    }

    /** DISCONNECT 0x04 (Disconnect with Will Message): the will goes where the device's own PUBLISH would. */
    @Test
    void disconnect_whenReason0x04_thenTheWillIsPublished() {
        try (MqttPeer device = edge.open().speaking(MqttVersion.MQTT_5)) {
            device.send(withWill(EdgeHarness.signedConnect5(DN, SECRET, 60, new MqttProperties())));
            assertThat(EdgeHarness.connackCode(device.received()))
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);

            device.send(MqttMessageBuilders.disconnect().reasonCode((byte) 0x04).build());

            assertThat(device.isOpen()).isFalse();
            assertThat(edge.disconnector.count(Refusal.CLIENT_DISCONNECT_WITH_WILL)).isEqualTo(1);
            assertThat(edge.sink.uplinks()).singleElement()
                    .satisfies(u -> assertThat(u.topic()).isEqualTo(WILL_TOPIC));
        }
    }

    /** DISCONNECT 0x00: the will is discarded. */
    @Test
    void disconnect_whenReason0x00_thenTheWillIsDiscarded() {
        try (MqttPeer device = edge.open().speaking(MqttVersion.MQTT_5)) {
            device.send(withWill(EdgeHarness.signedConnect5(DN, SECRET, 60, new MqttProperties())));
            assertThat(EdgeHarness.connackCode(device.received()))
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);

            device.send(MqttMessageBuilders.disconnect().reasonCode((byte) 0).build());

            assertThat(device.isOpen()).isFalse();
            assertThat(edge.sink.uplinks()).isEmpty();
        }
    }

    private static final String WILL_TOPIC = "/" + PK + "/" + DN + "/user/update";

    /** The same CONNECT with a QoS 1 will on the device's own {@code /user/update}. */
    private static MqttConnectMessage withWill(MqttConnectMessage connect) {
        MqttConnectVariableHeader h = connect.variableHeader();
        MqttConnectPayload p = connect.payload();
        return new MqttConnectMessage(connect.fixedHeader(),
                new MqttConnectVariableHeader(h.name(), h.version(), h.hasUserName(), h.hasPassword(), false, 1, true,
                        h.isCleanSession(), h.keepAliveTimeSeconds(), h.properties()),
                new MqttConnectPayload(p.clientIdentifier(), MqttProperties.NO_PROPERTIES, WILL_TOPIC,
                        "gone".getBytes(UTF_8), p.userName(), p.passwordInBytes()));
    }

    // ---- helpers ----

    static MqttPublishMessage publish(String topic, MqttQoS qos, int packetId, String payload) {
        return publish(topic, qos, packetId, payload, MqttProperties.NO_PROPERTIES);
    }

    static MqttPublishMessage publish(String topic, MqttQoS qos, int packetId, String payload,
                                      MqttProperties properties) {
        return MqttMessageBuilders.publish().topicName(topic).qos(qos).messageId(packetId).retained(false)
                .properties(properties).payload(Unpooled.copiedBuffer(payload, UTF_8)).build();
    }

    private static MqttProperties alias(int alias) {
        MqttProperties properties = new MqttProperties();
        properties.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.TOPIC_ALIAS.value(), alias));
        return properties;
    }

    private static MqttProperties userProperties(int count) {
        MqttProperties properties = new MqttProperties();
        for (int i = 0; i < count; i++) {
            properties.add(new MqttProperties.UserProperty("k", "v"));
        }
        return properties;
    }

    /** The one packet received, of this type, with its reason code and properties. */
    static MqttPubReplyMessageVariableHeader reply(List<MqttMessage> received, MqttMessageType type) {
        assertThat(received).hasSize(1);
        assertThat(received.get(0).fixedHeader().messageType()).isEqualTo(type);
        return (MqttPubReplyMessageVariableHeader) received.get(0).variableHeader();
    }

    private static Object reasonString(MqttProperties properties) {
        MqttProperties.MqttProperty<?> property =
                properties.getProperty(MqttProperties.MqttPropertyType.REASON_STRING.value());
        return property == null ? null : property.value();
    }
}
