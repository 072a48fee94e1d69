package io.weft.ingest.mqtt;

import static io.weft.ingest.mqtt.EdgeHarness.DEVICE;
import static io.weft.ingest.mqtt.EdgeHarness.DN;
import static io.weft.ingest.mqtt.EdgeHarness.PK;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.weft.core.envelope.Downlink;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A connected device's session: SUBSCRIBE granted only below the device's own topics (0x80 otherwise),
 * PINGREQ, DISCONNECT, UNSUBSCRIBE, and downlinks delivered only to matching subscriptions.
 */
class MqttSessionTest {
    private static final String OWN = "/sys/" + PK + "/" + DN + "/";
    private static final String PROPERTY_POST_REPLY = OWN + "thing/event/property/post_reply";
    private static final String PROPERTY_SET = OWN + "thing/service/property/set";

    private final EdgeHarness edge = new EdgeHarness();

    @Test
    void subscribe_whenOwnReplyTopic_thenGrantedRequestedQos() {
        try (MqttPeer device = edge.connected()) {
            device.send(subscribe(5, MqttQoS.AT_LEAST_ONCE, PROPERTY_POST_REPLY));

            SubAck ack = subAck(device.received());
            assertThat(ack.packetId()).isEqualTo(5);
            assertThat(ack.codes()).containsExactly(1);
            assertThat(device.isOpen()).isTrue();
        }
    }

    @Test
    void subscribe_whenQos0Requested_thenQos0Granted() {
        try (MqttPeer device = edge.connected()) {
            device.send(subscribe(5, MqttQoS.AT_MOST_ONCE, PROPERTY_POST_REPLY));

            assertThat(subAck(device.received()).codes()).containsExactly(0);
        }
    }

    @Test
    void subscribe_whenQos2Requested_thenQos2Granted() {
        try (MqttPeer device = edge.connected()) {
            device.send(subscribe(5, MqttQoS.EXACTLY_ONCE, PROPERTY_POST_REPLY));

            assertThat(subAck(device.received()).codes()).containsExactly(2);
        }
    }

    @Test
    void subscribe_whenFiltersReachBeyondTheDevice_then0x80ForEachOfThemAndGrantedForTheRest() {
        try (MqttPeer device = edge.connected()) {
            device.send(subscribe(9, MqttQoS.AT_LEAST_ONCE,
                    PROPERTY_SET,                                    // own: granted
                    "/sys/" + PK + "/meter-2/thing/service/property/set", // another device's
                    "/sys/+/" + DN + "/thing/service/property/set",  // any product
                    "/sys/" + PK + "/+/thing/service/property/set",  // any device of the product
                    "#",                                             // everything
                    "+/#",                                           // everything again
                    "/sys/#",                                        // every device
                    "/broadcast/otherPk/#",                          // another product's broadcasts
                    OWN + "a/#/b",                                   // malformed: # not last
                    OWN + "thing/service/+",                         // own, with +: granted
                    OWN + "#",                                       // own, with #: granted
                    "/broadcast/" + PK + "/#"));                     // own product's broadcasts: granted

            SubAck ack = subAck(device.received());
            assertThat(ack.packetId()).isEqualTo(9);
            assertThat(ack.codes()).containsExactly(1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 1, 1, 1);
            assertThat(device.isOpen()).as("a refused filter does not end the session").isTrue();
        }
    }

    @Test
    void pingreq_whenConnected_thenPingresp() {
        try (MqttPeer device = edge.connected()) {
            device.send(new byte[] {
                    (byte) 0xC0, 0x00             // PINGREQ, remaining length 0
            });

            assertThat(device.rawOutbound()).containsExactly(
                    0xD0, 0x00);                  // PINGRESP, remaining length 0
            assertThat(device.isOpen()).isTrue();
        }
    }

    @Test
    void disconnect_whenConnected_thenClosedAndSessionGone() {
        try (MqttPeer device = edge.connected()) {
            device.send(new byte[] {
                    (byte) 0xE0, 0x00             // DISCONNECT, remaining length 0
            });

            assertThat(device.rawOutbound()).isEmpty();
            assertThat(device.isOpen()).isFalse();
            assertThat(edge.disconnector.count(Refusal.CLIENT_DISCONNECT)).isEqualTo(1);
            assertThat(edge.sessions.find(DEVICE)).isEmpty();
        }
    }

    @Test
    void downlink_whenSubscribedQos1_thenPublishedQos1AndPubackAccepted() {
        try (MqttPeer device = edge.connected()) {
            device.send(subscribe(1, MqttQoS.AT_LEAST_ONCE, PROPERTY_SET));
            subAck(device.received());

            deliver(PROPERTY_SET, "{\"method\":\"thing.service.property.set\"}", 1);

            MqttPublishMessage publish = singlePublish(device.received());
            assertThat(publish.variableHeader().topicName()).isEqualTo(PROPERTY_SET);
            assertThat(publish.fixedHeader().qosLevel()).isEqualTo(MqttQoS.AT_LEAST_ONCE);
            assertThat(publish.variableHeader().packetId()).isPositive();
            assertThat(new String(ByteBufUtil.getBytes(publish.payload()), UTF_8))
                    .isEqualTo("{\"method\":\"thing.service.property.set\"}");

            device.send(MqttMessageBuilders.pubAck().packetId(publish.variableHeader().packetId()).build());
            assertThat(device.isOpen()).isTrue();
        }
    }

    @Test
    void downlink_whenSubscribedQos0_thenPublishedQos0() {
        try (MqttPeer device = edge.connected()) {
            device.send(subscribe(1, MqttQoS.AT_MOST_ONCE, OWN + "thing/service/property/+"));
            subAck(device.received());

            deliver(PROPERTY_SET, "{}", 1);

            MqttPublishMessage publish = singlePublish(device.received());
            assertThat(publish.fixedHeader().qosLevel()).isEqualTo(MqttQoS.AT_MOST_ONCE);
        }
    }

    @Test
    void downlink_whenNotSubscribed_thenNothingSent() {
        try (MqttPeer device = edge.connected()) {
            device.send(subscribe(1, MqttQoS.AT_LEAST_ONCE, PROPERTY_POST_REPLY));
            subAck(device.received());

            deliver(PROPERTY_SET, "{}", 1);

            assertThat(device.received()).isEmpty();
        }
    }

    @Test
    void downlink_whenFilterWasRefused_thenNothingSent() {
        try (MqttPeer device = edge.connected()) {
            device.send(subscribe(1, MqttQoS.AT_LEAST_ONCE, "#"));
            assertThat(subAck(device.received()).codes()).containsExactly(0x80);

            deliver(PROPERTY_SET, "{}", 1);

            assertThat(device.received()).isEmpty();
        }
    }

    @Test
    void unsubscribe_whenSubscribed_thenUnsubackAndNoMoreDownlinks() {
        try (MqttPeer device = edge.connected()) {
            device.send(subscribe(1, MqttQoS.AT_LEAST_ONCE, PROPERTY_SET));
            subAck(device.received());

            device.send(MqttMessageBuilders.unsubscribe().messageId(2).addTopicFilter(PROPERTY_SET).build());
            List<MqttMessage> unsubAck = device.received();
            assertThat(unsubAck).singleElement().satisfies(m -> {
                assertThat(m.fixedHeader().messageType()).isEqualTo(MqttMessageType.UNSUBACK);
                assertThat(((MqttMessageIdVariableHeader) m.variableHeader()).messageId()).isEqualTo(2);
            });

            deliver(PROPERTY_SET, "{}", 1);
            assertThat(device.received()).isEmpty();
        }
    }

    private void deliver(String topic, String payload, int qos) {
        edge.sessions.find(DEVICE).orElseThrow()
                .deliver(new Downlink(42L, PK, DN, topic, payload.getBytes(UTF_8), qos, 0L));
    }

    private static MqttMessage subscribe(int packetId, MqttQoS qos, String... filters) {
        MqttMessageBuilders.SubscribeBuilder b = MqttMessageBuilders.subscribe().messageId(packetId);
        for (String f : filters) {
            b.addSubscription(qos, f);
        }
        return b.build();
    }

    private static MqttPublishMessage singlePublish(List<MqttMessage> received) {
        assertThat(received).singleElement().isInstanceOf(MqttPublishMessage.class);
        return (MqttPublishMessage) received.get(0);
    }

    private record SubAck(int packetId, List<Integer> codes) {
    }

    private static SubAck subAck(List<MqttMessage> received) {
        assertThat(received).singleElement().isInstanceOf(MqttSubAckMessage.class);
        MqttSubAckMessage ack = (MqttSubAckMessage) received.get(0);
        return new SubAck(ack.variableHeader().messageId(), ack.payload().grantedQoSLevels());
    }
}
