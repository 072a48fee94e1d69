package io.weft.ingest.mqtt;

import static io.weft.ingest.mqtt.EdgeHarness.DN;
import static io.weft.ingest.mqtt.EdgeHarness.OTHER_DN;
import static io.weft.ingest.mqtt.EdgeHarness.OTHER_SECRET;
import static io.weft.ingest.mqtt.EdgeHarness.PK;
import static io.weft.ingest.mqtt.EdgeHarness.SDK_TIMESTAMP;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.weft.core.auth.DeviceSigner;
import io.weft.core.auth.SignMethod;
import io.weft.core.envelope.Downlink;
import io.weft.core.registry.DeviceEntry;
import org.junit.jupiter.api.Test;

/**
 * Broadcasts at the edge: one product-wide downlink reaches every session of the product subscribed to a matching
 * filter, at the lower of the downlink's and the subscription's QoS, and no session of another product or without a
 * matching subscription; the registry's product index follows connects and disconnects.
 */
class MqttBroadcastTest {
    private static final String OTHER_PK = "a1OtherPk";
    private static final String TOPIC = "/broadcast/" + PK + "/firmware/news";

    private final EdgeHarness edge = new EdgeHarness();
    private final DownlinkDelivery delivery = new DownlinkDelivery(edge.sessions, edge.replies);

    @Test
    void broadcast_reachesEverySubscribedSessionOfTheProduct_andNoOther() {
        edge.add(new DeviceEntry(PK, "meter-3", "s3", true, 1L));
        edge.add(new DeviceEntry(OTHER_PK, DN, "other-secret", true, 1L));
        try (MqttPeer first = subscribed(edge.connected(), "/broadcast/" + PK + "/#", MqttQoS.AT_LEAST_ONCE);
             MqttPeer second = subscribed(edge.connected(OTHER_DN, OTHER_SECRET), "/broadcast/" + PK + "/firmware/+",
                     MqttQoS.AT_MOST_ONCE);
             MqttPeer unsubscribed = subscribed(edge.connected("meter-3", "s3"),
                     "/sys/" + PK + "/meter-3/thing/service/property/set", MqttQoS.AT_LEAST_ONCE);
             MqttPeer otherProduct = subscribed(connectedTo(OTHER_PK, DN, "other-secret"),
                     "/broadcast/" + OTHER_PK + "/#", MqttQoS.AT_LEAST_ONCE)) {
            assertThat(edge.sessions.ofProduct(PK)).hasSize(3);

            delivery.accept(Downlink.broadcast(9L, PK, TOPIC, "v2".getBytes(UTF_8), 1));

            MqttPublishMessage toFirst = onlyPublish(first);
            assertThat(describe(toFirst)).isEqualTo(TOPIC + " v2");
            assertThat(toFirst.fixedHeader().qosLevel()).isEqualTo(MqttQoS.AT_LEAST_ONCE);
            MqttPublishMessage toSecond = onlyPublish(second);
            assertThat(describe(toSecond)).isEqualTo(TOPIC + " v2");
            assertThat(toSecond.fixedHeader().qosLevel()).isEqualTo(MqttQoS.AT_MOST_ONCE);
            assertThat(unsubscribed.received()).isEmpty();
            assertThat(otherProduct.received()).isEmpty();
        }
    }

    @Test
    void productIndex_forgetsClosedSessions() {
        MqttPeer device = edge.connected();
        assertThat(edge.sessions.ofProduct(PK)).hasSize(1);

        device.close();

        assertThat(edge.sessions.ofProduct(PK)).isEmpty();
    }

    @Test
    void productWideDownlink_onANonBroadcastTopic_isDropped() {
        try (MqttPeer device = subscribed(edge.connected(), "/sys/" + PK + "/" + DN + "/#", MqttQoS.AT_LEAST_ONCE)) {
            delivery.accept(Downlink.broadcast(9L, PK, "/sys/" + PK + "/" + DN + "/thing/service/property/set",
                    "{}".getBytes(UTF_8), 1));
            delivery.accept(Downlink.broadcast(10L, PK, "/broadcast/" + OTHER_PK + "/news", "{}".getBytes(UTF_8), 1));

            assertThat(device.received()).isEmpty();
        }
    }

    private MqttPeer connectedTo(String productKey, String deviceName, String secret) {
        DeviceSigner.MqttCredentials c = DeviceSigner.mqttCredentials(productKey, deviceName, secret,
                SignMethod.HMACSHA256, productKey + "." + deviceName, SDK_TIMESTAMP);
        MqttPeer peer = edge.open();
        peer.send(EdgeHarness.connect(c.clientId(), c.username(), c.password(), 60));
        assertThat(EdgeHarness.connackCode(peer.received())).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        return peer;
    }

    private static MqttPeer subscribed(MqttPeer peer, String filter, MqttQoS qos) {
        peer.send(MqttMessageBuilders.subscribe().messageId(1).addSubscription(qos, filter).build());
        assertThat(peer.received()).hasSize(1);
        return peer;
    }

    private static MqttPublishMessage onlyPublish(MqttPeer peer) {
        return (MqttPublishMessage) assertThat(peer.received()).singleElement()
                .isInstanceOf(MqttPublishMessage.class).actual();
    }

    private static String describe(MqttPublishMessage p) {
        return p.variableHeader().topicName() + " " + new String(ByteBufUtil.getBytes(p.payload()), UTF_8);
    }
}
