package io.weft.ingest.mqtt;

import static io.weft.ingest.mqtt.EdgeHarness.DEVICE;
import static io.weft.ingest.mqtt.EdgeHarness.DN;
import static io.weft.ingest.mqtt.EdgeHarness.OTHER_DN;
import static io.weft.ingest.mqtt.EdgeHarness.OTHER_SECRET;
import static io.weft.ingest.mqtt.EdgeHarness.PK;
import static io.weft.ingest.mqtt.MqttPublishTest.publish;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.weft.core.envelope.Downlink;
import io.weft.core.envelope.Reply;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RRPC at the edge: a device's {@code /rrpc/response/{messageId}} goes to the reply sink ({@code weft.replies}), not
 * to {@code weft.up}, and is acknowledged only once the sink has it; a device cannot answer for another device; a
 * request for a device this edge holds is delivered and reported {@code DEVICE_ONLINE}.
 */
class MqttRrpcTest {
    private static final String OWN = "/sys/" + PK + "/" + DN + "/rrpc/";

    private final EdgeHarness edge = new EdgeHarness();

    @Test
    void rrpcResponse_goesToTheReplySinkWithTheRequestsMessageId_notToTheUplinks() {
        try (MqttPeer device = edge.connected()) {
            device.send(publish(OWN + "response/1234567", MqttQoS.AT_LEAST_ONCE, 3, "pong"));

            assertThat(edge.sink.uplinks()).isEmpty();
            Reply reply = edge.replies.replies().get(0);
            assertThat(reply.kind()).isEqualTo(Reply.Kind.RESPONSE);
            assertThat(reply.messageId()).isEqualTo("1234567");
            assertThat(reply.device()).isEqualTo(DEVICE);
            assertThat(reply.topic()).isEqualTo(OWN + "response/1234567");
            assertThat(new String(reply.payload(), UTF_8)).isEqualTo("pong");
            assertThat(reply.receivedAt()).isPositive();
        }
    }

    @Test
    void rrpcResponse_isAcknowledgedOnlyOnceTheReplySinkHasIt() {
        try (MqttPeer device = edge.connected()) {
            device.send(publish(OWN + "response/1", MqttQoS.AT_LEAST_ONCE, 9, "pong"));
            assertThat(device.received()).as("no PUBACK before Kafka has the reply").isEmpty();

            edge.replies.complete(0);

            assertThat(device.received()).singleElement().satisfies(m -> {
                assertThat(m.fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBACK);
                assertThat(((MqttMessageIdVariableHeader) m.variableHeader()).messageId()).isEqualTo(9);
            });
        }
    }

    @Test
    void rrpcResponse_whenReplySinkFails_thenClosedWithoutPuback() {
        try (MqttPeer device = edge.connected()) {
            device.send(publish(OWN + "response/1", MqttQoS.AT_LEAST_ONCE, 9, "pong"));

            edge.replies.fail(0);

            assertThat(device.rawOutbound()).isEmpty();
            assertThat(device.isOpen()).isFalse();
            assertThat(edge.disconnector.count(Refusal.KAFKA_UNAVAILABLE)).isEqualTo(1);
        }
    }

    @Test
    void rrpcResponse_onAnotherDevicesTopic_thenClosedAndNothingReachesEitherSink() {
        try (MqttPeer device = edge.connected(OTHER_DN, OTHER_SECRET)) {
            device.send(publish(OWN + "response/1", MqttQoS.AT_LEAST_ONCE, 9, "forged"));

            assertThat(device.isOpen()).isFalse();
            assertThat(edge.disconnector.count(Refusal.PUBLISH_NOT_AUTHORIZED)).isEqualTo(1);
            assertThat(edge.replies.replies()).isEmpty();
            assertThat(edge.sink.uplinks()).isEmpty();
        }
    }

    @Test
    void rrpcRequest_whenDeviceSubscribed_thenDeliveredAndReportedOnline() {
        try (MqttPeer device = edge.connected()) {
            device.send(MqttMessageBuilders.subscribe().messageId(1)
                    .addSubscription(MqttQoS.AT_MOST_ONCE, OWN + "request/+").build());
            device.received();

            new DownlinkDelivery(edge.sessions, edge.replies).accept(
                    new Downlink(7L, PK, DN, OWN + "request/77", "ping".getBytes(UTF_8), 0, 0L));

            List<MqttMessage> received = device.received();
            assertThat(received).singleElement().isInstanceOf(MqttPublishMessage.class);
            MqttPublishMessage request = (MqttPublishMessage) received.get(0);
            assertThat(request.variableHeader().topicName()).isEqualTo(OWN + "request/77");
            assertThat(new String(ByteBufUtil.getBytes(request.payload()), UTF_8)).isEqualTo("ping");
            assertThat(edge.replies.replies()).singleElement().satisfies(r -> {
                assertThat(r.kind()).isEqualTo(Reply.Kind.DEVICE_ONLINE);
                assertThat(r.messageId()).isEqualTo("77");
                assertThat(r.device()).isEqualTo(DEVICE);
            });
        }
    }

    @Test
    void rrpcRequest_whenThisEdgeHoldsNoSession_thenNothingReported() {
        new DownlinkDelivery(edge.sessions, edge.replies).accept(
                new Downlink(7L, PK, DN, OWN + "request/77", "ping".getBytes(UTF_8), 0, 0L));

        assertThat(edge.replies.replies()).isEmpty();
    }

    @Test
    void otherDownlinks_areNotReportedAsReplies() {
        try (MqttPeer device = edge.connected()) {
            new DownlinkDelivery(edge.sessions, edge.replies).accept(new Downlink(7L, PK, DN,
                    "/sys/" + PK + "/" + DN + "/thing/service/property/set", "{}".getBytes(UTF_8), 1, 0L));

            assertThat(edge.replies.replies()).isEmpty();
        }
    }
}
