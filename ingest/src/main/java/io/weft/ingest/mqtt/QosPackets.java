package io.weft.ingest.mqtt;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.weft.core.envelope.Downlink;

/**
 * The packets of the QoS 1 and 2 flows in both MQTT versions: PUBACK, PUBREC, PUBREL, PUBCOMP (MQTT 5 adds a reason
 * code, and a Reason String when the client wants problem information; Netty's encoder leaves both out for MQTT
 * 3.1.1 and for success without properties), and downlink PUBLISHes with their encoded size.
 */
final class QosPackets {
    private QosPackets() {
    }

    static MqttMessage pubAck(int packetId) {
        return MqttMessageBuilders.pubAck().packetId(packetId).build();
    }

    /** PUBACK or PUBREC (by QoS) answering a PUBLISH with the refusal's reason code and Reason String. */
    static MqttMessage refused(MqttQoS qos, int packetId, Refusal refusal, boolean problemInformation) {
        return reply(qos == MqttQoS.EXACTLY_ONCE ? MqttMessageType.PUBREC : MqttMessageType.PUBACK, packetId,
                refusal.reasonCode(), refusal.reasonProperties(problemInformation));
    }

    static MqttMessage pubRec(int packetId) {
        return reply(MqttMessageType.PUBREC, packetId, 0, MqttProperties.NO_PROPERTIES);
    }

    /** PUBREL; {@code reasonCode} 0x92 (packet identifier not found) only goes to an MQTT 5 client. */
    static MqttMessage pubRel(int packetId, int reasonCode, boolean mqtt5) {
        return reply(MqttMessageType.PUBREL, packetId, mqtt5 ? reasonCode : 0, MqttProperties.NO_PROPERTIES);
    }

    /** PUBCOMP; {@code reasonCode} 0x92 (packet identifier not found) only goes to an MQTT 5 client. */
    static MqttMessage pubComp(int packetId, int reasonCode, boolean mqtt5) {
        return reply(MqttMessageType.PUBCOMP, packetId, mqtt5 ? reasonCode : 0, MqttProperties.NO_PROPERTIES);
    }

    private static MqttMessage reply(MqttMessageType type, int packetId, int reasonCode, MqttProperties properties) {
        // PUBREL's fixed header flags are 0010: QoS 1 [MQTT-3.6.1-1]
        MqttQoS headerQos = type == MqttMessageType.PUBREL ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE;
        return new MqttMessage(new MqttFixedHeader(type, false, headerQos, false, 0),
                new MqttPubReplyMessageVariableHeader(packetId, (byte) reasonCode, properties));
    }

    /**
     * A downlink PUBLISH. To an MQTT 5 client a downlink with a deadline carries the seconds left as its Message
     * Expiry Interval (at least 1); one without a deadline carries none.
     */
    static MqttPublishMessage publish(Downlink downlink, MqttQoS qos, int packetId, boolean mqtt5, long now) {
        return publish(downlink, qos, packetId, mqtt5, now, false, false);
    }

    /** The same, with the RETAIN flag (a retained message for a new subscription) and DUP (a resend) as given. */
    static MqttPublishMessage publish(Downlink downlink, MqttQoS qos, int packetId, boolean mqtt5, long now,
                                      boolean retain, boolean dup) {
        MqttProperties properties = MqttProperties.NO_PROPERTIES;
        if (mqtt5 && downlink.deadline() > 0) {
            properties = new MqttProperties();
            long seconds = Math.max(1, (downlink.deadline() - now + 999) / 1000);
            properties.add(new MqttProperties.IntegerProperty(
                    MqttProperties.MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL.value(),
                    (int) Math.min(seconds, Integer.MAX_VALUE)));
        }
        return new MqttPublishMessage(
                new MqttFixedHeader(MqttMessageType.PUBLISH, dup && qos != MqttQoS.AT_MOST_ONCE, qos, retain, 0),
                new MqttPublishVariableHeader(downlink.topic(), packetId, properties),
                Unpooled.wrappedBuffer(downlink.payload()));
    }

    /** The encoded size in bytes of {@link #publish}'s packet, fixed header included. */
    static long publishSize(Downlink downlink, MqttQoS qos, boolean mqtt5) {
        long remaining = 2L + downlink.topic().getBytes(UTF_8).length + (qos == MqttQoS.AT_MOST_ONCE ? 0 : 2)
                + downlink.payload().length;
        if (mqtt5) {
            remaining += downlink.deadline() > 0 ? 1 + 5 : 1;
        }
        return 1 + variableByteIntegerSize(remaining) + remaining;
    }

    private static int variableByteIntegerSize(long value) {
        int bytes = 1;
        while (value >= 128) {
            value /= 128;
            bytes++;
        }
        return bytes;
    }
}
