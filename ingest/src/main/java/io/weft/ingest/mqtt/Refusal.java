package io.weft.ingest.mqtt;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttProperties;

/**
 * Every reason the edge refuses a client, ends a connection, or answers one packet with a failure, in one table
 * (documented in docs/errors.md):
 * <ul>
 *   <li>{@link #connackCode()}: the MQTT 3.1/3.1.1 CONNACK code, or null when the connection is simply closed (as
 *       MQTT 3.1.1 requires after CONNECT);</li>
 *   <li>{@link #reasonCode()}: the MQTT 5 reason code: in CONNACK if the refusal happens while connecting, in
 *       DISCONNECT after CONNACK, or in the acknowledgement of the one packet it answers ({@link Kind#ANSWER}); -1
 *       when an MQTT 5 client gets no packet either (the connection is closed before any byte is read, or before
 *       the edge knows the client speaks MQTT 5);</li>
 *   <li>{@link #reason()}: the constant reason string: logged, and sent to an MQTT 5 client as its Reason String
 *       unless it asked for no problem information.</li>
 * </ul>
 */
public enum Refusal {
    UNSUPPORTED_PROTOCOL(MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION, 0x84,
            "unsupported protocol version"),
    IDENTIFIER_REJECTED(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED, 0x85,
            "client identifier rejected"),
    KEEPALIVE_OUT_OF_RANGE(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED, 0x83,
            "keepalive must be 30..1200 seconds"),
    /** MQTT 5 enhanced authentication (an Authentication Method in CONNECT) is not supported. */
    BAD_AUTHENTICATION_METHOD(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED, 0x8C,
            "enhanced authentication is not supported; sign the password as Alibaba's Link SDKs do"),
    SERVER_NOT_READY(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE, 0x88, "registry not loaded yet"),
    BAD_CREDENTIALS(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD, 0x86,
            "bad username or password"),
    CERTIFICATE_MISMATCH(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD, 0x86,
            "client certificate names another device than the user name"),
    DEVICE_DISABLED(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED, 0x87, "device disabled"),
    /** Open mode: the listener admits only clients with a user name and password. */
    ANONYMOUS_NOT_ALLOWED(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED, 0x87,
            "anonymous clients are not admitted on this listener"),
    /** The CONNECT's will topic is not one the device may publish on. */
    WILL_NOT_AUTHORIZED(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED, 0x87,
            "will topic is not one the device may publish on"),
    /** A clock-skew window is configured and the signed timestamp is missing or outside it. */
    TIMESTAMP_OUT_OF_WINDOW(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD, 0x86,
            "signed timestamp missing or outside the clock-skew window"),
    // Dynamic registration (io.weft.ingest.mqtt.registration): refusals after the product secret signature checked.
    REGISTRATION_NOT_ENABLED(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED, 0x87,
            "the product does not allow this kind of dynamic registration"),
    REGISTRATION_UNKNOWN_DEVICE(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED, 0x87,
            "dynamic registration of a device the product does not have"),
    REGISTRATION_ALREADY_REGISTERED(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED, 0x87,
            "the device has already registered (its secret is handed out once)"),
    REGISTRATION_INVALID_DEVICE_NAME(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD, 0x86,
            "device name must be 4-32 letters, digits or - _ @ . :"),
    REGISTRATION_UNAVAILABLE(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE, 0x88,
            "the control plane did not answer the registration in time"),
    /** Not a failure: the answer was pushed on /ext/register or /ext/regnwl, and the connection ends, as on Alibaba. */
    REGISTRATION_ANSWERED(null, -1, "registration answered"),
    /** Brute force: too many failed authentications from this address (see ConnectionLimits). */
    AUTH_LOCKED_OUT_ADDRESS(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED, 0x8A,
            "too many failed authentications from this address, locked out for a while"),
    /** Brute force: too many wrong signatures for the device this CONNECT names, from any address. */
    AUTH_LOCKED_OUT_DEVICE(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED, 0x8A,
            "too many failed authentications for this device, locked out for a while"),
    /** Closed when it became active, before TLS or any byte was read. */
    TOO_MANY_CONNECTIONS(null, -1, "too many connections from this address"),
    /** Closed when it became active, before TLS or any byte was read. */
    CONNECT_RATE_EXCEEDED(null, -1, "too many new connections per second from this address"),
    TLS_FAILED(null, -1,
            "TLS failed: handshake refused (e.g. a client certificate not issued by the client CA) or a bad record"),
    MALFORMED_PACKET(null, 0x81, "malformed packet"),
    /** MQTT 5 only (MQTT 3.1.1 counts an oversized packet as {@link #MALFORMED_PACKET}). */
    PACKET_TOO_LARGE(null, 0x95, "packet larger than the maximum packet size"),
    PACKET_BEFORE_CONNECT(null, -1, "packet before CONNECT"),
    SECOND_CONNECT(null, 0x82, "second CONNECT"),
    /**
     * MQTT 5: a packet the protocol forbids (AUTH, PUBREL before PUBREC, a Subscription Identifier; in CONNECT, a
     * Receive Maximum or Maximum Packet Size of 0: CONNACK 0x82).
     */
    PROTOCOL_ERROR(null, 0x82, "protocol error"),
    CONNECT_TIMEOUT(null, -1, "no CONNECT in time"),
    KEEPALIVE_TIMEOUT(null, 0x8D, "keepalive expired"),
    /**
     * MQTT 3.1.1: the connection is closed. MQTT 5: an {@link Kind#ANSWER}: PUBACK or PUBREC 0x87 at QoS 1 or 2, the
     * message dropped at QoS 0; the connection stays open either way.
     */
    PUBLISH_NOT_AUTHORIZED(null, 0x87, "publish to a topic the device may not use"),
    /** An answer: SUBACK 0x80 for the filter, in both versions. */
    SUBSCRIBE_NOT_AUTHORIZED(null, 0x80, "subscription filter reaches beyond the device's own topics",
            Kind.ANSWER),
    INVALID_TOPIC(null, 0x90, "invalid topic name"),
    /** MQTT 5: more unacknowledged QoS 1 and 2 PUBLISHes than the edge's Receive Maximum (3.1.1: the same bound). */
    RECEIVE_MAXIMUM_EXCEEDED(null, 0x93, "receive maximum exceeded"),
    /** MQTT 5: topic alias 0, above the edge's Topic Alias Maximum, or unknown with an empty topic name. */
    TOPIC_ALIAS_INVALID(null, 0x94, "topic alias invalid"),
    /** An answer: PUBREL for a packet id the edge is not waiting for; PUBCOMP (MQTT 5: reason 0x92). */
    PACKET_ID_NOT_FOUND(null, 0x92, "packet identifier not found", Kind.ANSWER),
    /** A downlink, not the client: larger than the client's Maximum Packet Size, so not sent. */
    DOWNLINK_TOO_LARGE(null, -1, "downlink larger than the client's maximum packet size, not sent", Kind.ANSWER),
    /** A downlink, not the client: the client's receive maximum was reached and the session's queue was full. */
    DOWNLINK_QUEUE_OVERFLOW(null, -1, "downlink queue full: the oldest queued downlink was dropped", Kind.ANSWER),
    KAFKA_UNAVAILABLE(null, 0x80, "uplink could not be stored"),
    /** A retained PUBLISH on a new topic beyond the retained-message limit, or Kafka did not take it. */
    RETAINED_NOT_STORED(null, 0x97, "retained message could not be stored (retained message limit reached, or Kafka)"),
    SESSION_TAKEN_OVER(null, 0x8E, "a new connection for the device took over"),
    DEVICE_DISABLED_WHILE_CONNECTED(null, 0x87, "device disabled while connected"),
    DEVICE_DELETED(null, 0x87, "device deleted"),
    EDGE_SHUTDOWN(null, 0x8B, "edge shutting down"),
    CLIENT_DISCONNECT(null, -1, "client disconnected"),
    /** MQTT 5: DISCONNECT with reason 0x04: the client ends the connection and asks for its will to be published. */
    CLIENT_DISCONNECT_WITH_WILL(null, -1, "client disconnected asking for its will to be published");

    /** What a refusal does to the connection. */
    public enum Kind {
        /** Ends the connection (with CONNACK or, MQTT 5, DISCONNECT where the table has a code). */
        CLOSE,
        /** Answers one packet or drops one message; the connection stays open. */
        ANSWER
    }

    private final MqttConnectReturnCode connackCode;
    private final int reasonCode;
    private final String reason;
    private final Kind kind;

    Refusal(MqttConnectReturnCode connackCode, int reasonCode, String reason) {
        this(connackCode, reasonCode, reason, Kind.CLOSE);
    }

    Refusal(MqttConnectReturnCode connackCode, int reasonCode, String reason, Kind kind) {
        this.connackCode = connackCode;
        this.reasonCode = reasonCode;
        this.reason = reason;
        this.kind = kind;
    }

    /** The MQTT 3.1/3.1.1 CONNACK code; null: closed without one. */
    public MqttConnectReturnCode connackCode() {
        return connackCode;
    }

    /** The MQTT 5 reason code (CONNACK, DISCONNECT or the answering acknowledgement); -1 for none. */
    public int reasonCode() {
        return reasonCode;
    }

    public String reason() {
        return reason;
    }

    public Kind kind() {
        return kind;
    }

    /** How Netty's decoder words a PUBLISH topic with wildcards (MqttDecoder; MqttFramingTest pins it). */
    private static final String DECODER_WILDCARD_TOPIC = "invalid publish topic name";

    /**
     * Why the decoder failed: {@link #PACKET_TOO_LARGE} for a packet over the edge's maximum from an MQTT 5 client
     * (MQTT 3.1.1 keeps {@link #MALFORMED_PACKET}: the connection is closed either way); {@link #INVALID_TOPIC} for
     * a PUBLISH topic with wildcards, which the decoder refuses before the edge sees it; else
     * {@link #MALFORMED_PACKET}.
     */
    static Refusal ofDecoderFailure(Throwable cause, boolean mqtt5) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (mqtt5 && t instanceof io.netty.handler.codec.TooLongFrameException) {
                return PACKET_TOO_LARGE;
            }
            if (t.getMessage() != null && t.getMessage().startsWith(DECODER_WILDCARD_TOPIC)) {
                return INVALID_TOPIC;
            }
        }
        return MALFORMED_PACKET;
    }

    /** The MQTT 5 CONNACK reason code, for a refusal while connecting. */
    MqttConnectReturnCode connackCodeV5() {
        return MqttConnectReturnCode.valueOf((byte) reasonCode);
    }

    /** Reason String property with {@link #reason()} if the client wants problem information, else none. */
    MqttProperties reasonProperties(boolean problemInformation) {
        if (!problemInformation) {
            return MqttProperties.NO_PROPERTIES;
        }
        MqttProperties properties = new MqttProperties();
        properties.add(new MqttProperties.StringProperty(
                MqttProperties.MqttPropertyType.REASON_STRING.value(), reason));
        return properties;
    }
}
