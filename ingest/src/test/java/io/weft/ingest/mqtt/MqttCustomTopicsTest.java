package io.weft.ingest.mqtt;

import static io.weft.ingest.mqtt.EdgeHarness.DEVICE;
import static io.weft.ingest.mqtt.EdgeHarness.DN;
import static io.weft.ingest.mqtt.EdgeHarness.OTHER_DN;
import static io.weft.ingest.mqtt.EdgeHarness.OTHER_SECRET;
import static io.weft.ingest.mqtt.EdgeHarness.PK;
import static io.weft.ingest.mqtt.MqttPublishTest.publish;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.weft.core.envelope.Downlink;
import io.weft.core.envelope.Reply;
import io.weft.core.topic.TopicClass;
import io.weft.core.topic.TopicOperation;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Custom topics through the edge's real pipeline: the classes the directory has decide PUBLISH (refused by closing
 * the connection, as every unauthorised MQTT 3.1.1 publish) and SUBSCRIBE (SUBACK 0x80), per packet; custom-topic
 * RRPC requests ({@code /ext/rrpc/{id}{topic}}) are delivered and reported online, and the device's answer on the
 * same topic goes to the reply sink as the RRPC response with that id.
 */
class MqttCustomTopicsTest {
    private static final String USER = "/" + PK + "/" + DN + "/user/";

    private final EdgeHarness edge = new EdgeHarness();

    @Test
    void publish_onAPubClass_thenReachesTheUplinks() {
        edge.topicClasses.put(PK, List.of(new TopicClass("telemetry", TopicOperation.PUB, null)));
        try (MqttPeer device = edge.connected()) {
            device.send(publish(USER + "telemetry", MqttQoS.AT_LEAST_ONCE, 1, "{}"));
            edge.sink.complete(0);

            assertThat(edge.sink.uplinks()).singleElement()
                    .satisfies(u -> assertThat(u.topic()).isEqualTo(USER + "telemetry"));
            assertThat(device.isOpen()).isTrue();
        }
    }

    @Test
    void publish_onASubOnlyClass_thenClosedAndNothingStored() {
        try (MqttPeer device = edge.connected()) {
            device.send(publish(USER + "get", MqttQoS.AT_LEAST_ONCE, 1, "{}"));

            assertThat(device.isOpen()).isFalse();
            assertThat(edge.disconnector.count(Refusal.PUBLISH_NOT_AUTHORIZED)).isEqualTo(1);
            assertThat(edge.sink.uplinks()).isEmpty();
        }
    }

    /** The classes are read on every packet: a change applies to the connected device's next SUBSCRIBE. */
    @Test
    void subscribe_followsTheClassesAtTheTimeOfThePacket() {
        try (MqttPeer device = edge.connected()) {
            assertThat(subscribe(device, USER + "cmd")).isEqualTo(0x80);
            assertThat(subscribe(device, USER + "get")).isEqualTo(1);

            edge.topicClasses.put(PK, List.of(new TopicClass("cmd", TopicOperation.SUB, null)));

            assertThat(subscribe(device, USER + "cmd")).isEqualTo(1);
            assertThat(subscribe(device, USER + "get")).isEqualTo(0x80);
            assertThat(device.isOpen()).isTrue();
        }
    }

    @Test
    void customRrpc_requestDeliveredAndReportedOnline_answerIsTheRrpcResponse() {
        String topic = "/ext/rrpc/77" + USER + "get";
        try (MqttPeer device = edge.connected()) {
            assertThat(subscribe(device, "/ext/rrpc/+" + USER + "get")).isEqualTo(1);

            new DownlinkDelivery(edge.sessions, edge.replies).accept(
                    new Downlink(77L, PK, DN, topic, "ping".getBytes(UTF_8), 0, 0L));

            List<MqttMessage> received = device.received();
            assertThat(received).singleElement().isInstanceOf(MqttPublishMessage.class);
            assertThat(((MqttPublishMessage) received.get(0)).variableHeader().topicName()).isEqualTo(topic);
            assertThat(edge.replies.replies()).singleElement().satisfies(r -> {
                assertThat(r.kind()).isEqualTo(Reply.Kind.DEVICE_ONLINE);
                assertThat(r.messageId()).isEqualTo("77");
            });

            device.send(publish(topic, MqttQoS.AT_MOST_ONCE, 0, "pong"));

            assertThat(edge.sink.uplinks()).isEmpty();
            assertThat(edge.replies.replies()).hasSize(2);
            Reply answer = edge.replies.replies().get(1);
            assertThat(answer.kind()).isEqualTo(Reply.Kind.RESPONSE);
            assertThat(answer.messageId()).isEqualTo("77");
            assertThat(answer.device()).isEqualTo(DEVICE);
            assertThat(answer.topic()).isEqualTo(topic);
            assertThat(new String(answer.payload(), UTF_8)).isEqualTo("pong");
        }
    }

    @Test
    void customRrpc_answerForAnotherDevicesTopic_thenClosedAndNoReply() {
        try (MqttPeer device = edge.connected(OTHER_DN, OTHER_SECRET)) {
            device.send(publish("/ext/rrpc/77" + USER + "get", MqttQoS.AT_MOST_ONCE, 0, "forged"));

            assertThat(device.isOpen()).isFalse();
            assertThat(edge.disconnector.count(Refusal.PUBLISH_NOT_AUTHORIZED)).isEqualTo(1);
            assertThat(edge.replies.replies()).isEmpty();
        }
    }

    /** The granted QoS of a one-filter SUBSCRIBE (0x80: refused). */
    private static int subscribe(MqttPeer device, String filter) {
        device.send(MqttMessageBuilders.subscribe().messageId(1).addSubscription(MqttQoS.AT_LEAST_ONCE, filter)
                .build());
        List<MqttMessage> received = device.received();
        assertThat(received).singleElement().isInstanceOf(MqttSubAckMessage.class);
        return ((MqttSubAckMessage) received.get(0)).payload().grantedQoSLevels().get(0);
    }
}
