package io.weft.ingest.mqtt;

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
import io.weft.core.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * NTP at the edge: a request on the device's own {@code /ext/ntp/{pk}/{dn}/request} is answered by the edge itself
 * on {@code .../response}, with {@code serverRecvTime <= serverSendTime}, only if the device subscribed to the
 * response topic; it never reaches {@code weft.up}; QoS 1 is acknowledged; a malformed request is ignored and the
 * connection stays open.
 */
class MqttNtpTest {
    private static final String REQUEST = "/ext/ntp/" + PK + "/" + DN + "/request";
    private static final String RESPONSE = "/ext/ntp/" + PK + "/" + DN + "/response";

    private final EdgeHarness edge = new EdgeHarness();

    @ParameterizedTest
    @ValueSource(strings = {"{\"deviceSendTime\":\"1571724098000\"}", "{\"deviceSendTime\":1571724098000}"})
    void request_whenSubscribed_thenAnsweredWithTheThreeTimestampsInOrder(String request) {
        try (MqttPeer device = subscribedToResponse()) {
            long before = System.currentTimeMillis();
            device.send(publish(REQUEST, MqttQoS.AT_MOST_ONCE, 0, request));
            long after = System.currentTimeMillis();

            List<MqttMessage> received = device.received();
            assertThat(received).singleElement().isInstanceOf(MqttPublishMessage.class);
            MqttPublishMessage response = (MqttPublishMessage) received.get(0);
            assertThat(response.variableHeader().topicName()).isEqualTo(RESPONSE);
            assertThat(response.fixedHeader().qosLevel()).isEqualTo(MqttQoS.AT_MOST_ONCE);
            JsonNode body = Json.tree(new String(ByteBufUtil.getBytes(response.payload()), UTF_8));
            assertThat(body.path("deviceSendTime").isString()).isTrue();
            assertThat(body.path("deviceSendTime").asString()).isEqualTo("1571724098000");
            long recv = Long.parseLong(body.path("serverRecvTime").asString());
            long send = Long.parseLong(body.path("serverSendTime").asString());
            assertThat(recv).isBetween(before, after);
            assertThat(send).isBetween(recv, after);
            assertThat(edge.sink.uplinks()).as("answered at the edge, not sent to weft.up").isEmpty();
        }
    }

    @Test
    void request_whenNotSubscribedToTheResponse_thenNoAnswerAndStillOpen() {
        try (MqttPeer device = edge.connected()) {
            device.send(publish(REQUEST, MqttQoS.AT_MOST_ONCE, 0, "{\"deviceSendTime\":\"1\"}"));

            assertThat(device.received()).isEmpty();
            assertThat(device.isOpen()).isTrue();
        }
    }

    @Test
    void request_atQos1_thenResponseAndPubackWithItsPacketId() {
        try (MqttPeer device = subscribedToResponse()) {
            device.send(publish(REQUEST, MqttQoS.AT_LEAST_ONCE, 42, "{\"deviceSendTime\":\"5\"}"));

            List<MqttMessage> received = device.received();
            assertThat(received).extracting(m -> m.fixedHeader().messageType())
                    .containsExactly(MqttMessageType.PUBLISH, MqttMessageType.PUBACK);
            assertThat(((MqttMessageIdVariableHeader) received.get(1).variableHeader()).messageId()).isEqualTo(42);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "{}", "[]", "{\"deviceSendTime\":null}", "{\"deviceSendTime\":\"soon\"}",
            "{\"deviceSendTime\":-1}", "{\"deviceSendTime\":\"-1\"}", "{\"deviceSendTime\":1.5}",
            "{\"deviceSendTime\":\"99999999999999999999\"}", "{\"deviceSendTime\":{}}"})
    void malformedRequest_thenIgnoredAcknowledgedAndStillOpen(String request) {
        try (MqttPeer device = subscribedToResponse()) {
            device.send(publish(REQUEST, MqttQoS.AT_LEAST_ONCE, 7, request));

            assertThat(device.received()).singleElement()
                    .satisfies(m -> assertThat(m.fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBACK));
            assertThat(device.isOpen()).isTrue();
            assertThat(edge.sink.uplinks()).isEmpty();
        }
    }

    @Test
    void request_onAnotherDevicesNtpTopic_thenRefused() {
        try (MqttPeer device = edge.connected(OTHER_DN, OTHER_SECRET)) {
            device.send(publish(REQUEST, MqttQoS.AT_MOST_ONCE, 0, "{\"deviceSendTime\":\"1\"}"));

            assertThat(device.isOpen()).isFalse();
            assertThat(edge.disconnector.count(Refusal.PUBLISH_NOT_AUTHORIZED)).isEqualTo(1);
        }
    }

    private MqttPeer subscribedToResponse() {
        MqttPeer device = edge.connected();
        device.send(MqttMessageBuilders.subscribe().messageId(1).addSubscription(MqttQoS.AT_MOST_ONCE, RESPONSE)
                .build());
        assertThat(device.received()).singleElement()
                .satisfies(m -> assertThat(m.fixedHeader().messageType()).isEqualTo(MqttMessageType.SUBACK));
        return device;
    }
}
