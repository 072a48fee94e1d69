package io.weft.ingest.mqtt;

import static io.weft.ingest.mqtt.EdgeHarness.DN;
import static io.weft.ingest.mqtt.EdgeHarness.PK;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.weft.core.envelope.Uplink;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Verifies that the edge acknowledges only what is durable: a QoS 1 PUBLISH gets its PUBACK only after the
 * uplink sink's future completes, never when it fails; and that a device publishes only on its own uplink topics.
 */
class MqttPublishTest {
    private static final String PROPERTY_POST = "/sys/" + PK + "/" + DN + "/thing/event/property/post";

    private final EdgeHarness edge = new EdgeHarness();

    @Test
    void publish_whenQos1_thenUplinkReachesSinkWithDeviceTopicQosAndProtocol() {
        try (MqttPeer device = edge.connected()) {
            device.send(publish(PROPERTY_POST, MqttQoS.AT_LEAST_ONCE, 7, "{\"params\":{\"Temp\":23.5}}"));

            Uplink uplink = edge.sink.uplinks().get(0);
            assertThat(uplink.productKey()).isEqualTo(PK);
            assertThat(uplink.deviceName()).isEqualTo(DN);
            assertThat(uplink.device().key()).isEqualTo(PK + "/" + DN);
            assertThat(uplink.topic()).isEqualTo(PROPERTY_POST);
            assertThat(new String(uplink.payload(), UTF_8)).isEqualTo("{\"params\":{\"Temp\":23.5}}");
            assertThat(uplink.qos()).isEqualTo(1);
            assertThat(uplink.protocol()).isEqualTo("mqtt");
            assertThat(uplink.edge()).isEqualTo("edge-1");
            assertThat(uplink.messageId()).isPositive();
            assertThat(uplink.receivedAt()).isPositive();
        }
    }

    @Test
    void publish_whenSinkNotYetComplete_thenNoPuback() {
        try (MqttPeer device = edge.connected()) {
            device.send(publish(PROPERTY_POST, MqttQoS.AT_LEAST_ONCE, 7, "{}"));

            assertThat(edge.sink.uplinks()).hasSize(1);
            assertThat(device.received()).as("nothing acknowledged before Kafka has it").isEmpty();
            assertThat(device.isOpen()).isTrue();
        }
    }

    @Test
    void publish_whenSinkCompletes_thenPubackWithThePacketId() {
        try (MqttPeer device = edge.connected()) {
            device.send(publish(PROPERTY_POST, MqttQoS.AT_LEAST_ONCE, 7, "{}"));

            edge.sink.complete(0);

            assertThat(pubackIds(device.received())).containsExactly(7);
            assertThat(device.isOpen()).isTrue();
        }
    }

    @Test
    void publish_whenSeveralQos1_thenEachPubackOnlyAfterItsUplinkIsStoredAndInOrder() {
        try (MqttPeer device = edge.connected()) {
            device.send(publish(PROPERTY_POST, MqttQoS.AT_LEAST_ONCE, 1, "{\"n\":1}"));
            device.send(publish(PROPERTY_POST, MqttQoS.AT_LEAST_ONCE, 2, "{\"n\":2}"));
            device.send(publish(PROPERTY_POST, MqttQoS.AT_LEAST_ONCE, 3, "{\"n\":3}"));
            assertThat(edge.sink.uplinks()).extracting(u -> new String(u.payload(), UTF_8))
                    .containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
            assertThat(device.received()).isEmpty();

            edge.sink.complete(0);
            assertThat(pubackIds(device.received())).containsExactly(1);

            edge.sink.complete(1);
            edge.sink.complete(2);
            assertThat(pubackIds(device.received())).containsExactly(2, 3);
        }
    }

    @Test
    void publish_whenSinkFails_thenClosedWithoutPuback() {
        try (MqttPeer device = edge.connected()) {
            device.send(publish(PROPERTY_POST, MqttQoS.AT_LEAST_ONCE, 7, "{}"));

            edge.sink.fail(0);

            assertThat(device.rawOutbound()).as("no PUBACK: the device must resend").isEmpty();
            assertThat(device.isOpen()).isFalse();
            assertThat(edge.disconnector.count(Refusal.KAFKA_UNAVAILABLE)).isEqualTo(1);
        }
    }

    /** The failed uplink is never acknowledged, whatever happens to the ones after it. */
    @Test
    void publish_whenEarlierUplinkFailsAndLaterOneCompletes_thenFailedOneNeverAcknowledged() {
        try (MqttPeer device = edge.connected()) {
            device.send(publish(PROPERTY_POST, MqttQoS.AT_LEAST_ONCE, 1, "{\"n\":1}"));
            device.send(publish(PROPERTY_POST, MqttQoS.AT_LEAST_ONCE, 2, "{\"n\":2}"));

            edge.sink.fail(0);
            edge.sink.complete(1);

            assertThat(pubackIds(device.received())).doesNotContain(1);
            assertThat(device.isOpen()).isFalse();
            assertThat(edge.disconnector.count(Refusal.KAFKA_UNAVAILABLE)).isEqualTo(1);
        }
    }

    @Test
    void publish_whenQos0_thenReachesSinkAndNoPuback() {
        try (MqttPeer device = edge.connected()) {
            device.send(publish(PROPERTY_POST, MqttQoS.AT_MOST_ONCE, 0, "{}"));
            edge.sink.complete(0);

            assertThat(edge.sink.uplinks()).singleElement().satisfies(u -> assertThat(u.qos()).isZero());
            assertThat(device.received()).isEmpty();
            assertThat(device.isOpen()).isTrue();
        }
    }

    @Test
    void publish_whenQos0AndSinkFails_thenClosed() {
        try (MqttPeer device = edge.connected()) {
            device.send(publish(PROPERTY_POST, MqttQoS.AT_MOST_ONCE, 0, "{}"));
            edge.sink.fail(0);

            assertThat(device.isOpen()).isFalse();
            assertThat(edge.disconnector.count(Refusal.KAFKA_UNAVAILABLE)).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/sys/" + PK + "/" + DN + "/thing/event/property/post",
            "/sys/" + PK + "/" + DN + "/thing/event/alarm/post",
            "/sys/" + PK + "/" + DN + "/thing/event/property/pack/post",
            "/sys/" + PK + "/" + DN + "/thing/service/property/set_reply",
            "/sys/" + PK + "/" + DN + "/thing/service/reboot_reply",
            "/sys/" + PK + "/" + DN + "/thing/model/up_raw",
            "/sys/" + PK + "/" + DN + "/thing/deviceinfo/update",
            "/" + PK + "/" + DN + "/update",
            "/" + PK + "/" + DN + "/user/update",                // a default PUB topic class
            "/shadow/update/" + PK + "/" + DN,
            "/ota/device/inform/" + PK + "/" + DN,
            "/ota/device/progress/" + PK + "/" + DN})
    void publish_whenOwnUplinkTopic_thenReachesSink(String topic) {
        try (MqttPeer device = edge.connected()) {
            device.send(publish(topic, MqttQoS.AT_LEAST_ONCE, 1, "{}"));
            edge.sink.complete(0);

            assertThat(pubackIds(device.received())).containsExactly(1);
            assertThat(edge.sink.uplinks()).singleElement().satisfies(u -> assertThat(u.topic()).isEqualTo(topic));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/sys/" + PK + "/meter-2/thing/event/property/post",        // another device of the product
            "/sys/otherPk/" + DN + "/thing/event/property/post",        // another product
            "/" + PK + "/meter-2/update",                               // another device, legacy topic
            "/shadow/update/" + PK + "/meter-2",                        // another device's shadow
            "/ota/device/inform/otherPk/" + DN,                         // another product's OTA
            "/sys/" + PK + "/" + DN + "/thing/service/property/set",    // downlink-only
            "/sys/" + PK + "/" + DN + "/thing/event/property/post_reply", // downlink-only
            "/ota/device/upgrade/" + PK + "/" + DN,                     // downlink-only
            "/" + PK + "/" + DN + "/get",                               // downlink-only
            "/weft/internal",                                           // not an Alibaba topic
            "sys/" + PK + "/" + DN + "/thing/event/property/post"})     // no leading slash
    void publish_whenTopicNotTheDevicesUplink_thenClosedAndNothingReachesSink(String topic) {
        try (MqttPeer device = edge.connected()) {
            device.send(publish(topic, MqttQoS.AT_LEAST_ONCE, 1, "{}"));

            assertThat(device.rawOutbound()).isEmpty();
            assertThat(device.isOpen()).isFalse();
            assertThat(edge.disconnector.count(Refusal.PUBLISH_NOT_AUTHORIZED)).isEqualTo(1);
            assertThat(edge.sink.uplinks()).isEmpty();
        }
    }

    /**
     * Broadcast topics go from the platform to devices (ALIBABA.md: "/broadcast/{pk}/{custom} | down"); docs/errors.md
     * closes the connection of a PUBLISH on "not a device uplink topic". A device must not speak on its product's
     * broadcast channel.
     */
    @Test
    void publish_whenOwnProductsBroadcastTopic_thenClosedAndNothingReachesSink() {
        try (MqttPeer device = edge.connected()) {
            device.send(publish("/broadcast/" + PK + "/firmware-news", MqttQoS.AT_LEAST_ONCE, 1, "{}"));

            assertThat(device.isOpen()).isFalse();
            assertThat(edge.disconnector.count(Refusal.PUBLISH_NOT_AUTHORIZED)).isEqualTo(1);
            assertThat(edge.sink.uplinks()).isEmpty();
        }
    }

    /** Back-pressure: past maxInFlightPerConnection uplinks awaiting Kafka, the edge stops reading the socket. */
    @Test
    void publish_whenInFlightReachesTheLimit_thenReadingPausesUntilHalfAreStored() {
        EdgeHarness small = new EdgeHarness(new MqttEdgeConfig("127.0.0.1", 0, 256 * 1024, 10_000, 2, "edge-1", 1),
                true);
        try (MqttPeer device = small.connected()) {
            device.send(publish(PROPERTY_POST, MqttQoS.AT_LEAST_ONCE, 1, "{}"));
            assertThat(device.channel().config().isAutoRead()).isTrue();
            device.send(publish(PROPERTY_POST, MqttQoS.AT_LEAST_ONCE, 2, "{}"));
            assertThat(device.channel().config().isAutoRead()).isFalse();

            small.sink.complete(0);
            device.runPendingTasks();
            assertThat(device.channel().config().isAutoRead()).isFalse();

            small.sink.complete(1);
            device.runPendingTasks();
            assertThat(device.channel().config().isAutoRead()).isTrue();
            assertThat(pubackIds(device.received())).containsExactly(1, 2);
        }
    }

    static MqttPublishMessage publish(String topic, MqttQoS qos, int packetId, String payload) {
        return MqttMessageBuilders.publish().topicName(topic).qos(qos).messageId(packetId).retained(false)
                .payload(Unpooled.copiedBuffer(payload, UTF_8)).build();
    }

    private static List<Integer> pubackIds(List<MqttMessage> received) {
        assertThat(received).allSatisfy(m -> assertThat(m.fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBACK));
        return received.stream().map(m -> ((MqttMessageIdVariableHeader) m.variableHeader()).messageId()).toList();
    }
}
