package io.weft.ingest.mqtt;

import io.netty.channel.Channel;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.AttributeKey;

/**
 * What a client asked for in its CONNECT that shapes how the edge talks to it, kept on the channel from the moment
 * the CONNECT is read (the {@link Disconnector} needs it to answer a refusal in the client's own terms). For MQTT
 * 3.1/3.1.1 the MQTT 5 fields take the values MQTT 5 defines for an absent property.
 *
 * @param mqtt5                 the client speaks MQTT 5.0
 * @param problemInformation    Request Problem Information (default 1): reason strings are sent only when true
 * @param receiveMaximum        Receive Maximum (default 65,535): the most unacknowledged QoS 1 and 2 downlinks
 * @param maximumPacketSize     Maximum Packet Size (default: no limit but the protocol's); larger downlinks are not
 *                              sent
 * @param sessionExpirySeconds  Session Expiry Interval (default 0); recorded, not acted on yet (sessions end with the
 *                              connection)
 * @param cleanStart            Clean Start (MQTT 3.1.1: Clean Session)
 */
record ClientOptions(boolean mqtt5, boolean problemInformation, int receiveMaximum, long maximumPacketSize,
                     long sessionExpirySeconds, boolean cleanStart) {
    private static final AttributeKey<ClientOptions> KEY = AttributeKey.valueOf(ClientOptions.class, "options");
    /** Netty's decoder records the version of the CONNECT it decoded under this name (MqttCodecUtil). */
    private static final AttributeKey<MqttVersion> DECODED_VERSION = AttributeKey.valueOf("NETTY_CODEC_MQTT_VERSION");
    /** MQTT's largest packet: a 4-byte remaining length of 268,435,455 plus the fixed header. */
    static final long PROTOCOL_MAXIMUM_PACKET_SIZE = 268_435_460L;

    static ClientOptions of(MqttConnectMessage connect) {
        boolean mqtt5 = connect.variableHeader().version() == MqttVersion.MQTT_5.protocolLevel();
        MqttProperties p = connect.variableHeader().properties();
        return new ClientOptions(mqtt5,
                integer(p, MqttProperties.MqttPropertyType.REQUEST_PROBLEM_INFORMATION, 1) != 0,
                integer(p, MqttProperties.MqttPropertyType.RECEIVE_MAXIMUM, 65_535),
                unsigned(p, MqttProperties.MqttPropertyType.MAXIMUM_PACKET_SIZE, PROTOCOL_MAXIMUM_PACKET_SIZE),
                unsigned(p, MqttProperties.MqttPropertyType.SESSION_EXPIRY_INTERVAL, 0),
                connect.variableHeader().isCleanSession());
    }

    void attachTo(Channel channel) {
        channel.attr(KEY).set(this);
    }

    /** The options of the client on this channel; null before its CONNECT was read. */
    static ClientOptions of(Channel channel) {
        return channel.attr(KEY).get();
    }

    /**
     * True if the client on this channel speaks MQTT 5: its CONNECT was read, or at least decoded far enough for
     * Netty's decoder to know its version (a malformed MQTT 5 CONNECT).
     */
    static boolean speaksMqtt5(Channel channel) {
        ClientOptions options = of(channel);
        return options != null ? options.mqtt5() : channel.attr(DECODED_VERSION).get() == MqttVersion.MQTT_5;
    }

    /** Room left for the rest of a packet that carries a Reason String: its fixed parts and property headers. */
    private static final int REASON_PACKET_OVERHEAD = 16;

    /**
     * True if a Reason String may go to this client: it did not set Request Problem Information to 0, and the
     * string fits its Maximum Packet Size with room for the packet around it [MQTT-3.2.2-19]. Before its CONNECT was
     * read, true.
     */
    static boolean wantsReasonString(Channel channel, String reason) {
        ClientOptions options = of(channel);
        return options == null || options.wantsReasonString(reason, 0);
    }

    /** The same for a packet with {@code payloadBytes} of payload besides (a SUBACK's reason codes). */
    boolean wantsReasonString(String reason, int payloadBytes) {
        return problemInformation && (long) reason.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                + REASON_PACKET_OVERHEAD + payloadBytes <= maximumPacketSize;
    }

    /**
     * MQTT 5 forbids a Receive Maximum or a Maximum Packet Size of 0 [MQTT 5.0, 3.1.2.11.3, 3.1.2.11.4]: true if
     * the client sent one.
     */
    boolean violatesProtocol() {
        return mqtt5 && (receiveMaximum == 0 || maximumPacketSize == 0);
    }

    private static int integer(MqttProperties properties, MqttProperties.MqttPropertyType type, int absent) {
        MqttProperties.MqttProperty<?> property = properties.getProperty(type.value());
        return property == null ? absent : (Integer) property.value();
    }

    /** A four-byte integer property, read as unsigned (Netty holds it in an int). */
    private static long unsigned(MqttProperties properties, MqttProperties.MqttPropertyType type, long absent) {
        MqttProperties.MqttProperty<?> property = properties.getProperty(type.value());
        return property == null ? absent : Integer.toUnsignedLong((Integer) property.value());
    }
}
