package io.weft.ingest.mqtt;

import static io.weft.ingest.mqtt.EdgeHarness.DEVICE;
import static io.weft.ingest.mqtt.EdgeHarness.DISABLED_DN;
import static io.weft.ingest.mqtt.EdgeHarness.DISABLED_SECRET;
import static io.weft.ingest.mqtt.EdgeHarness.DN;
import static io.weft.ingest.mqtt.EdgeHarness.SECRET;
import static io.weft.ingest.mqtt.EdgeHarness.signedConnect5;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.weft.ingest.mqtt.limits.ConnectionLimits;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * MQTT 5 at the connect barrier, byte for byte: an Alibaba-signed MQTT 5 CONNECT is accepted with the edge's
 * properties in CONNACK; every refusal answers with its MQTT 5 reason code (CONNACK while connecting, DISCONNECT
 * once connected) and a Reason String, unless the client set Request Problem Information to 0 — the MQTT 5 column
 * of the refusal table in docs/errors.md.
 */
class Mqtt5ConnectTest {
    private final EdgeHarness edge = new EdgeHarness();

    /** The accepted CONNACK carries Receive Maximum, Topic Alias Maximum, Maximum Packet Size and the features. */
    @Test
    void connect_whenMqtt5AndAlibabaSigned_thenConnackSuccessWithServerProperties() {
        try (MqttPeer device = edge.open().speaking(MqttVersion.MQTT_5)) {
            device.send(signedConnect5(DN, SECRET, 60, new MqttProperties()));

            MqttConnAckMessage connack = connack(device.received());
            assertThat(connack.variableHeader().connectReturnCode())
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
            assertThat(connack.variableHeader().isSessionPresent()).isFalse();
            MqttProperties p = connack.variableHeader().properties();
            assertThat(integer(p, MqttProperties.MqttPropertyType.RECEIVE_MAXIMUM)).isEqualTo(1000);
            assertThat(integer(p, MqttProperties.MqttPropertyType.TOPIC_ALIAS_MAXIMUM)).isEqualTo(16);
            assertThat(integer(p, MqttProperties.MqttPropertyType.MAXIMUM_PACKET_SIZE)).isEqualTo(262_144);
            assertThat(integer(p, MqttProperties.MqttPropertyType.RETAIN_AVAILABLE)).isZero();
            assertThat(integer(p, MqttProperties.MqttPropertyType.WILDCARD_SUBSCRIPTION_AVAILABLE)).isEqualTo(1);
            assertThat(integer(p, MqttProperties.MqttPropertyType.SHARED_SUBSCRIPTION_AVAILABLE)).isZero();
            assertThat(integer(p, MqttProperties.MqttPropertyType.SUBSCRIPTION_IDENTIFIER_AVAILABLE)).isZero();
            assertThat(p.getProperty(MqttProperties.MqttPropertyType.MAXIMUM_QOS.value()))
                    .as("absent Maximum QoS means QoS 2; the property may only say 0 or 1").isNull();
            assertThat(device.isOpen()).isTrue();
            assertThat(edge.sessions.find(DEVICE)).isPresent();
        }
    }

    /** The CONNACK of a minimal MQTT 5 CONNECT written by hand, checked on the wire: MQTT 5 form, code 0x00. */
    @Test
    void connect_whenHandWrittenMqtt5Connect_thenMqtt5ConnackBytes() {
        EdgeHarness openEdge = new EdgeHarness();
        try (MqttPeer device = openEdge.open()) {
            device.send(MqttPeer.encode(signedConnect5(DN, SECRET, 60, new MqttProperties()), MqttVersion.MQTT_5));

            byte[] raw = device.rawOutbound();
            assertThat(raw[0]).as("CONNACK").isEqualTo((byte) 0x20);
            assertThat(raw[2]).as("session present 0").isEqualTo((byte) 0x00);
            assertThat(raw[3]).as("reason code 0x00 success").isEqualTo((byte) 0x00);
            assertThat(raw[4]).as("properties follow (MQTT 5 form)").isPositive();
            assertThat(raw).hasSize(2 + raw[1]);
        }
    }

    /** Session Expiry Interval and Clean Start are accepted and recorded; Session Present stays 0 for now. */
    @Test
    void connect_whenSessionExpiryRequested_thenRecordedAndSessionPresent0() {
        MqttProperties properties = new MqttProperties();
        properties.add(new MqttProperties.IntegerProperty(
                MqttProperties.MqttPropertyType.SESSION_EXPIRY_INTERVAL.value(), 3600));
        try (MqttPeer device = edge.connected5(properties)) {
            assertThat(edge.sessions.find(DEVICE)).hasValueSatisfying(s -> {
                assertThat(s.requestedSessionExpirySeconds()).isEqualTo(3600);
                assertThat(s.options().cleanStart()).isTrue();
            });
        }
    }

    @Test
    void connect_whenMqtt5AndSignatureWrong_thenConnack0x86WithReasonString() {
        assertRefused(signedConnect5(DN, "not-the-secret", 60, new MqttProperties()), 0x86, Refusal.BAD_CREDENTIALS,
                true);
    }

    @Test
    void connect_whenMqtt5AndRequestProblemInformation0_thenConnackWithoutReasonString() {
        MqttProperties properties = new MqttProperties();
        properties.add(new MqttProperties.IntegerProperty(
                MqttProperties.MqttPropertyType.REQUEST_PROBLEM_INFORMATION.value(), 0));
        assertRefused(signedConnect5(DN, "not-the-secret", 60, properties), 0x86, Refusal.BAD_CREDENTIALS, false);
    }

    /** A Reason String that would not fit the client's Maximum Packet Size is left out [MQTT-3.2.2-19]. */
    @Test
    void connect_whenReasonStringWouldExceedClientMaximumPacketSize_thenConnackWithoutIt() {
        MqttProperties properties = new MqttProperties();
        properties.add(new MqttProperties.IntegerProperty(
                MqttProperties.MqttPropertyType.MAXIMUM_PACKET_SIZE.value(), 20));
        assertRefused(signedConnect5(DN, "not-the-secret", 60, properties), 0x86, Refusal.BAD_CREDENTIALS, false);
    }

    /** MQTT 5 forbids Receive Maximum 0: CONNACK 0x82. */
    @Test
    void connect_whenMqtt5ReceiveMaximum0_thenConnack0x82() {
        MqttProperties properties = new MqttProperties();
        properties.add(new MqttProperties.IntegerProperty(
                MqttProperties.MqttPropertyType.RECEIVE_MAXIMUM.value(), 0));
        assertRefused(signedConnect5(DN, SECRET, 60, properties), 0x82, Refusal.PROTOCOL_ERROR, true);
    }

    @Test
    void connect_whenMqtt5AndDeviceDisabled_thenConnack0x87() {
        assertRefused(signedConnect5(DISABLED_DN, DISABLED_SECRET, 60, new MqttProperties()), 0x87,
                Refusal.DEVICE_DISABLED, true);
    }

    @Test
    void connect_whenMqtt5AndRegistryNotLoaded_thenConnack0x88() {
        EdgeHarness cold = new EdgeHarness(MqttEdgeConfig.defaults(0), false);
        try (MqttPeer device = cold.open().speaking(MqttVersion.MQTT_5)) {
            device.send(signedConnect5(DN, SECRET, 60, new MqttProperties()));

            assertThat(connack(device.received()).variableHeader().connectReturnCode().byteValue())
                    .isEqualTo((byte) 0x88);
            assertThat(device.isOpen()).isFalse();
            assertThat(cold.disconnector.count(Refusal.SERVER_NOT_READY)).isEqualTo(1);
        }
    }

    @Test
    void connect_whenMqtt5AndKeepAliveOutOfRange_thenConnack0x83() {
        assertRefused(signedConnect5(DN, SECRET, 10, new MqttProperties()), 0x83, Refusal.KEEPALIVE_OUT_OF_RANGE,
                true);
    }

    @Test
    void connect_whenMqtt5WithAuthenticationMethod_thenConnack0x8C() {
        MqttProperties properties = new MqttProperties();
        properties.add(new MqttProperties.StringProperty(
                MqttProperties.MqttPropertyType.AUTHENTICATION_METHOD.value(), "SCRAM-SHA-1"));
        assertRefused(signedConnect5(DN, SECRET, 60, properties), 0x8C, Refusal.BAD_AUTHENTICATION_METHOD, true);
    }

    /** Brute force: once the device is locked out, MQTT 5 reads 0x8A (banned), even with the right secret. */
    @Test
    void connect_whenMqtt5AndDeviceLockedOut_thenConnack0x8A() {
        EdgeHarness strict = new EdgeHarness(MqttEdgeConfig.defaults(0).withLimits(
                new ConnectionLimits(0, 0, 0, 0, 1, Duration.ofMinutes(1), Duration.ofMinutes(5),
                        Duration.ofMinutes(1))), true);
        try (MqttPeer wrong = strict.open().speaking(MqttVersion.MQTT_5)) {
            wrong.send(signedConnect5(DN, "not-the-secret", 60, new MqttProperties()));
            wrong.received();
        }
        try (MqttPeer device = strict.open().speaking(MqttVersion.MQTT_5)) {
            device.send(signedConnect5(DN, SECRET, 60, new MqttProperties()));

            assertThat(connack(device.received()).variableHeader().connectReturnCode().byteValue())
                    .isEqualTo((byte) 0x8A);
            assertThat(strict.disconnector.count(Refusal.AUTH_LOCKED_OUT_DEVICE)).isEqualTo(1);
        }
    }

    /** An MQTT 5 CONNECT with the reserved flag set: the decoder knows the version, so CONNACK 0x81. */
    @Test
    void connect_whenMqtt5ReservedFlagSet_thenConnack0x81() {
        byte[] connect = {
                0x10, 0x0E,                   // CONNECT, remaining length 14
                0x00, 0x04, 'M', 'Q', 'T', 'T', // protocol name "MQTT"
                0x05,                         // protocol level 5 (MQTT 5.0)
                0x03,                         // connect flags: clean start + RESERVED bit 0 (must be 0)
                0x00, 0x3C,                   // keepalive 60 s
                0x00,                         // properties length 0
                0x00, 0x01, 'x'               // client id "x"
        };
        try (MqttPeer device = edge.open()) {
            device.send(connect);

            byte[] raw = device.rawOutbound();
            assertThat(raw[0]).as("CONNACK").isEqualTo((byte) 0x20);
            assertThat(raw[3]).as("reason 0x81 malformed packet").isEqualTo((byte) 0x81);
            assertThat(device.isOpen()).isFalse();
            assertThat(edge.disconnector.count(Refusal.MALFORMED_PACKET)).isEqualTo(1);
        }
    }

    /** A second connection of the device: the older MQTT 5 one reads DISCONNECT 0x8E before the close. */
    @Test
    void connect_whenSameDeviceConnectsAgain_thenOlderMqtt5ConnectionGetsDisconnect0x8E() {
        try (MqttPeer first = edge.connected5(); MqttPeer second = edge.connected5()) {
            assertDisconnected(first, 0x8E, Refusal.SESSION_TAKEN_OVER);
            assertThat(second.isOpen()).isTrue();
        }
    }

    @Test
    void connect_whenSecondConnectOnMqtt5Connection_thenDisconnect0x82() {
        try (MqttPeer device = edge.connected5()) {
            device.send(signedConnect5(DN, SECRET, 60, new MqttProperties()));

            assertDisconnected(device, 0x82, Refusal.SECOND_CONNECT);
        }
    }

    @Test
    void keepalive_whenMqtt5ClientSilentFor1Point5xKeepalive_thenDisconnect0x8D() {
        try (MqttPeer device = edge.connected5()) {
            device.channel().pipeline().fireUserEventTriggered(
                    io.netty.handler.timeout.IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);

            assertDisconnected(device, 0x8D, Refusal.KEEPALIVE_TIMEOUT);
        }
    }

    /** The edge shutting down and a device disabled while connected reach MQTT 5 clients as reason codes. */
    @Test
    void refuse_whenEdgeShutsDown_thenDisconnect0x8B() {
        try (MqttPeer device = edge.connected5()) {
            edge.disconnector.refuse(device.channel(), Refusal.EDGE_SHUTDOWN, "test");

            assertDisconnected(device, 0x8B, Refusal.EDGE_SHUTDOWN);
        }
    }

    @Test
    void refuse_whenDeviceDisabledWhileConnected_thenDisconnect0x87() {
        try (MqttPeer device = edge.connected5()) {
            new DeviceRevoker(edge.sessions, edge.disconnector).accept(
                    io.weft.core.registry.RegistryEntry.deviceKey(EdgeHarness.PK, DN),
                    new io.weft.core.registry.DeviceEntry(EdgeHarness.PK, DN, SECRET, false, 2L));

            assertDisconnected(device, 0x87, Refusal.DEVICE_DISABLED_WHILE_CONNECTED);
        }
    }

    /** MQTT 3.1.1 is unchanged: after CONNECT a refusal is a plain close, no DISCONNECT. */
    @Test
    void refuse_whenMqtt311_thenClosedWithoutPacket() {
        try (MqttPeer device = edge.connected()) {
            edge.disconnector.refuse(device.channel(), Refusal.EDGE_SHUTDOWN, "test");

            assertThat(device.rawOutbound()).isEmpty();
            assertThat(device.isOpen()).isFalse();
        }
    }

    @Test
    void connect_whenNoConnectInTime_thenClosedWithoutPacketEvenForMqtt5() {
        EdgeHarness impatient = new EdgeHarness(
                new MqttEdgeConfig("127.0.0.1", 0, 256 * 1024, 50, 1000, "edge-1", 1), true);
        try (MqttPeer device = impatient.open()) {
            await().atMost(Duration.ofSeconds(5)).pollInSameThread().until(() -> {
                device.channel().runScheduledPendingTasks();
                return !device.isOpen();
            });
            assertThat(device.rawOutbound()).as("the client's version is not known yet").isEmpty();
        }
    }

    // ---- helpers ----

    private void assertRefused(io.netty.handler.codec.mqtt.MqttConnectMessage connect, int reasonCode,
                               Refusal refusal, boolean reasonString) {
        try (MqttPeer device = edge.open().speaking(MqttVersion.MQTT_5)) {
            device.send(connect);

            MqttConnAckMessage connack = connack(device.received());
            assertThat(connack.variableHeader().connectReturnCode().byteValue()).isEqualTo((byte) reasonCode);
            MqttProperties.MqttProperty<?> string = connack.variableHeader().properties()
                    .getProperty(MqttProperties.MqttPropertyType.REASON_STRING.value());
            if (reasonString) {
                assertThat(string).isNotNull();
                assertThat(string.value()).isEqualTo(refusal.reason());
            } else {
                assertThat(string).isNull();
            }
            assertThat(device.isOpen()).isFalse();
            assertThat(edge.disconnector.count(refusal)).isEqualTo(1);
            assertThat(edge.sessions.size()).isZero();
        }
    }

    /** The peer read exactly one DISCONNECT with this reason code and the refusal's reason string, then closed. */
    static void assertDisconnected(MqttPeer device, int reasonCode, Refusal refusal) {
        List<MqttMessage> received = device.received();
        assertThat(received).hasSize(1);
        assertThat(received.get(0).fixedHeader().messageType()).isEqualTo(MqttMessageType.DISCONNECT);
        MqttReasonCodeAndPropertiesVariableHeader header =
                (MqttReasonCodeAndPropertiesVariableHeader) received.get(0).variableHeader();
        assertThat(header.reasonCode() & 0xFF).isEqualTo(reasonCode);
        assertThat(header.properties().getProperty(MqttProperties.MqttPropertyType.REASON_STRING.value()).value())
                .isEqualTo(refusal.reason());
        assertThat(device.isOpen()).isFalse();
    }

    static MqttConnAckMessage connack(List<MqttMessage> received) {
        assertThat(received).hasSize(1);
        assertThat(received.get(0)).isInstanceOf(MqttConnAckMessage.class);
        return (MqttConnAckMessage) received.get(0);
    }

    private static Integer integer(MqttProperties properties, MqttProperties.MqttPropertyType type) {
        MqttProperties.MqttProperty<?> property = properties.getProperty(type.value());
        assertThat(property).as(type.name()).isNotNull();
        return (Integer) property.value();
    }
}
