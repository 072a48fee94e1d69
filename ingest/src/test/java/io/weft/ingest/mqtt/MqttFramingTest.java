package io.weft.ingest.mqtt;

import static io.weft.ingest.mqtt.EdgeHarness.DN;
import static io.weft.ingest.mqtt.EdgeHarness.PK;
import static io.weft.ingest.mqtt.EdgeHarness.SECRET;
import static io.weft.ingest.mqtt.EdgeHarness.signedConnect;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad bytes and packets out of place, hand-written: the edge never lets an exception escape its pipeline and
 * never answers; it closes the connection through the {@link Disconnector}, which counts the reason.
 */
class MqttFramingTest {
    private final EdgeHarness edge = new EdgeHarness();

    // ---- before CONNECT ----

    @Test
    void pingreq_whenBeforeConnect_thenClosedWithoutAnswer() {
        try (MqttPeer device = edge.open()) {
            device.send(new byte[] {
                    (byte) 0xC0, 0x00             // PINGREQ, remaining length 0
            });

            assertClosedSilently(device, Refusal.PACKET_BEFORE_CONNECT);
        }
    }

    @Test
    void publish_whenBeforeConnect_thenClosedAndNothingReachesSink() {
        try (MqttPeer device = edge.open()) {
            device.send(MqttMessageBuilders.publish().topicName(ownPropertyPost()).qos(MqttQoS.AT_MOST_ONCE)
                    .payload(Unpooled.copiedBuffer("{}", UTF_8)).build());

            assertClosedSilently(device, Refusal.PACKET_BEFORE_CONNECT);
            assertThat(edge.sink.uplinks()).isEmpty();
        }
    }

    @Test
    void subscribe_whenBeforeConnect_thenClosedWithoutSuback() {
        try (MqttPeer device = edge.open()) {
            device.send(new byte[] {
                    (byte) 0x82, 0x08,            // SUBSCRIBE (flags 0010), remaining length 8
                    0x00, 0x01,                   // packet id 1
                    0x00, 0x03, '/', 'a', 'b',    // filter "/ab"
                    0x01                          // requested QoS 1
            });

            assertClosedSilently(device, Refusal.PACKET_BEFORE_CONNECT);
        }
    }

    // ---- CONNECT twice ----

    @Test
    void connect_whenSecondConnectOnTheSameConnection_thenClosedWithoutSecondConnack() {
        try (MqttPeer device = edge.connected()) {
            device.send(signedConnect(DN, SECRET, 60));

            assertClosedSilently(device, Refusal.SECOND_CONNECT);
            assertThat(edge.sessions.size()).as("the session ends with its connection").isZero();
        }
    }

    // ---- packets only a server may send ----

    static Stream<Arguments> serverOnlyPackets() {
        return Stream.of(
                Arguments.of("CONNACK", new byte[] {
                        0x20, 0x02,               // CONNACK, remaining length 2
                        0x00, 0x00}),             // session present 0, return code 0
                Arguments.of("SUBACK", new byte[] {
                        (byte) 0x90, 0x03,        // SUBACK, remaining length 3
                        0x00, 0x01,               // packet id 1
                        0x01}),                   // granted QoS 1
                Arguments.of("UNSUBACK", new byte[] {
                        (byte) 0xB0, 0x02,        // UNSUBACK, remaining length 2
                        0x00, 0x01}),             // packet id 1
                Arguments.of("PINGRESP", new byte[] {
                        (byte) 0xD0, 0x00}));     // PINGRESP, remaining length 0
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("serverOnlyPackets")
    void serverOnlyPacket_whenSentByClient_thenClosedWithoutAnswer(String name, byte[] packet) {
        try (MqttPeer device = edge.connected()) {
            device.send(packet);

            assertClosedSilently(device, Refusal.MALFORMED_PACKET);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("serverOnlyPackets")
    void serverOnlyPacket_whenSentBeforeConnect_thenClosedWithoutAnswer(String name, byte[] packet) {
        try (MqttPeer device = edge.open()) {
            device.send(packet);

            assertClosedSilently(device, Refusal.PACKET_BEFORE_CONNECT);
        }
    }

    // ---- fixed header violations ----

    @Test
    void publish_whenQos3InFixedHeader_thenClosedWithoutException() {
        try (MqttPeer device = edge.connected()) {
            assertThatCode(() -> device.send(new byte[] {
                    0x36, 0x07,                   // PUBLISH with QoS bits 11 = QoS 3 (forbidden), remaining 7
                    0x00, 0x03, '/', 'a', 'b',    // topic "/ab"
                    0x00, 0x01                    // packet id 1
            })).doesNotThrowAnyException();

            assertClosedSilently(device, Refusal.MALFORMED_PACKET);
            assertThat(edge.sink.uplinks()).isEmpty();
        }
    }

    @Test
    void publish_whenQos3BeforeConnect_thenClosedWithoutException() {
        try (MqttPeer device = edge.open()) {
            assertThatCode(() -> device.send(new byte[] {
                    0x36, 0x07,                   // PUBLISH with QoS 3, remaining 7
                    0x00, 0x03, '/', 'a', 'b',    // topic "/ab"
                    0x00, 0x01                    // packet id 1
            })).doesNotThrowAnyException();

            assertClosedSilently(device, Refusal.MALFORMED_PACKET);
        }
    }

    static Stream<Arguments> reservedFlagsSet() {
        return Stream.of(
                Arguments.of("PINGREQ with bit 0 set", new byte[] {
                        (byte) 0xC1, 0x00}),      // PINGREQ, flags 0001 (must be 0000)
                Arguments.of("DISCONNECT with bit 3 set", new byte[] {
                        (byte) 0xE8, 0x00}),      // DISCONNECT, flags 1000 (must be 0000)
                Arguments.of("PUBACK with bit 1 set", new byte[] {
                        0x42, 0x02,               // PUBACK, flags 0010 (must be 0000)
                        0x00, 0x01}),             // packet id 1
                Arguments.of("SUBSCRIBE with flags 0000", new byte[] {
                        (byte) 0x80, 0x08,        // SUBSCRIBE, flags 0000 (must be 0010)
                        0x00, 0x01,               // packet id 1
                        0x00, 0x03, '/', 'a', 'b', // filter "/ab"
                        0x01}),                   // requested QoS 1
                Arguments.of("UNSUBSCRIBE with flags 0011", new byte[] {
                        (byte) 0xA3, 0x07,        // UNSUBSCRIBE, flags 0011 (must be 0010)
                        0x00, 0x01,               // packet id 1
                        0x00, 0x03, '/', 'a', 'b'}), // filter "/ab"
                Arguments.of("packet type 0 (reserved)", new byte[] {
                        0x00, 0x00}),             // type 0 is reserved, remaining length 0
                Arguments.of("packet type 15 (AUTH, MQTT 5 only)", new byte[] {
                        (byte) 0xF0, 0x00}));     // AUTH, remaining length 0
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reservedFlagsSet")
    void packet_whenReservedFixedHeaderBitsOrTypeUsed_thenClosedWithoutException(String name, byte[] packet) {
        try (MqttPeer device = edge.connected()) {
            assertThatCode(() -> device.send(packet)).doesNotThrowAnyException();

            assertThat(device.rawOutbound()).isEmpty();
            assertThat(device.isOpen()).isFalse();
        }
    }

    // ---- lengths ----

    /** The remaining length announces 256 KiB + 1 (the configured maximum + 1): refused before the body arrives. */
    @Test
    void publish_whenRemainingLengthOverConfiguredMax_thenClosedBeforeTheBodyArrives() {
        assertThat(edge.context.config().maxMessageBytes()).isEqualTo(262_144);
        try (MqttPeer device = edge.connected()) {
            device.send(new byte[] {
                    0x30,                         // PUBLISH QoS 0
                    (byte) 0x81, (byte) 0x80, 0x10, // remaining length 1 + 0*128 + 16*16384 = 262145
                    0x00, 0x03, '/', 'a', 'b',    // topic "/ab"
                    'x', 'y', 'z'                 // the first 3 of 262140 payload bytes
            });

            assertClosedSilently(device, Refusal.MALFORMED_PACKET);
            assertThat(edge.sink.uplinks()).isEmpty();
        }
    }

    /** maxMessageBytes bounds the whole packet, fixed header included: 256 KiB is taken, one byte more is not. */
    @Test
    void publish_whenWholePacketExactlyConfiguredMax_thenReachesSink() {
        byte[] packet = publishOfTotalSize(262_144);
        assertThat(packet).hasSize(262_144);
        try (MqttPeer device = edge.connected()) {
            device.send(packet);

            assertThat(device.isOpen()).isTrue();
            assertThat(edge.sink.uplinks()).hasSize(1);
        }
    }

    @Test
    void publish_whenWholePacketOneByteOverConfiguredMax_thenClosed() {
        byte[] packet = publishOfTotalSize(262_145);
        assertThat(packet).hasSize(262_145);
        try (MqttPeer device = edge.connected()) {
            device.send(packet);

            assertClosedSilently(device, Refusal.MALFORMED_PACKET);
            assertThat(edge.sink.uplinks()).isEmpty();
        }
    }

    /** A QoS 1 PUBLISH on the device's property topic whose encoding (3-byte remaining length) is {@code total}. */
    private static byte[] publishOfTotalSize(int total) {
        String topic = ownPropertyPost();
        int payloadLength = total - 1 - 3 - 2 - topic.length() - 2;
        return MqttPeer.encode(MqttMessageBuilders.publish().topicName(topic).qos(MqttQoS.AT_LEAST_ONCE)
                .messageId(1).payload(Unpooled.wrappedBuffer(new byte[payloadLength])).build());
    }

    @Test
    void packet_whenRemainingLengthVarintHas5Bytes_thenClosedWithoutException() {
        try (MqttPeer device = edge.connected()) {
            assertThatCode(() -> device.send(new byte[] {
                    0x30,                         // PUBLISH QoS 0
                    (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, // 4 continuation bytes...
                    0x7F                          // ...and a 5th: MQTT allows at most 4
            })).doesNotThrowAnyException();

            assertClosedSilently(device, Refusal.MALFORMED_PACKET);
        }
    }

    @Test
    void connect_whenRemainingLengthVarintHas5Bytes_thenClosedWithoutConnack() {
        try (MqttPeer device = edge.open()) {
            device.send(new byte[] {
                    0x10,                         // CONNECT
                    (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01 // 5-byte remaining length
            });

            assertClosedSilently(device, Refusal.MALFORMED_PACKET);
        }
    }

    @Test
    void packet_whenRemainingLengthShorterThanItsContent_thenClosed() {
        try (MqttPeer device = edge.connected()) {
            device.send(new byte[] {
                    (byte) 0x82, 0x04,            // SUBSCRIBE, remaining length 4: too short for its filter
                    0x00, 0x01,                   // packet id 1
                    0x00, 0x03, '/', 'a', 'b',    // filter "/ab" (runs past the packet)
                    0x01                          // requested QoS 1
            });

            assertThat(device.rawOutbound()).isEmpty();
            assertThat(device.isOpen()).isFalse();
        }
    }

    // ---- PUBLISH topic names ----

    @Test
    void publish_whenTopicEmpty_thenClosedAndNothingReachesSink() {
        try (MqttPeer device = edge.connected()) {
            device.send(new byte[] {
                    0x30, 0x04,                   // PUBLISH QoS 0, remaining length 4
                    0x00, 0x00,                   // topic: zero-length
                    'h', 'i'                      // payload "hi"
            });

            assertClosedSilentlyForTopic(device);
        }
    }

    static Stream<Arguments> wildcardTopics() {
        return Stream.of(
                Arguments.of("#", new byte[] {
                        0x30, 0x05,               // PUBLISH QoS 0, remaining length 5
                        0x00, 0x01, '#',          // topic "#"
                        'h', 'i'}),               // payload "hi"
                Arguments.of("/a/+", new byte[] {
                        0x30, 0x08,               // PUBLISH QoS 0, remaining length 8
                        0x00, 0x04, '/', 'a', '/', '+', // topic "/a/+"
                        'h', 'i'}),               // payload "hi"
                Arguments.of("own property post ending in /#", rawPublishQos0(ownPropertyPost() + "/#")),
                Arguments.of("own property post with a + level",
                        rawPublishQos0("/sys/" + PK + "/+/thing/event/property/post")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wildcardTopics")
    void publish_whenTopicHasWildcard_thenClosedAndNothingReachesSink(String name, byte[] packet) {
        try (MqttPeer device = edge.connected()) {
            device.send(packet);

            assertClosedSilentlyForTopic(device);
        }
    }

    // ---- helpers ----

    private static String ownPropertyPost() {
        return "/sys/" + PK + "/" + DN + "/thing/event/property/post";
    }

    /**
     * PUBLISH QoS 0 with payload "hi", built by hand: Netty's encoder refuses wildcard topics, a client may not.
     * Topics here are under 124 bytes, so the remaining length fits one byte.
     */
    private static byte[] rawPublishQos0(String topic) {
        byte[] t = topic.getBytes(UTF_8);
        byte[] packet = new byte[2 + 2 + t.length + 2];
        packet[0] = 0x30;                                  // PUBLISH, QoS 0
        packet[1] = (byte) (2 + t.length + 2);             // remaining length
        packet[2] = (byte) (t.length >> 8);                // topic length MSB
        packet[3] = (byte) t.length;                       // topic length LSB
        System.arraycopy(t, 0, packet, 4, t.length);       // topic
        packet[4 + t.length] = 'h';                        // payload "hi"
        packet[5 + t.length] = 'i';
        return packet;
    }

    private void assertClosedSilently(MqttPeer device, Refusal refusal) {
        assertThat(device.rawOutbound()).as("no answer").isEmpty();
        assertThat(device.isOpen()).as("connection closed").isFalse();
        assertThat(edge.disconnector.count(refusal)).as("counted as " + refusal).isEqualTo(1);
    }

    /** The decoder or the session handler may catch a bad topic name first; either way it is INVALID_TOPIC. */
    private void assertClosedSilentlyForTopic(MqttPeer device) {
        assertThat(device.rawOutbound()).as("no answer").isEmpty();
        assertThat(device.isOpen()).as("connection closed").isFalse();
        assertThat(edge.disconnector.count(Refusal.INVALID_TOPIC)).isEqualTo(1);
        assertThat(edge.sink.uplinks()).isEmpty();
    }
}
