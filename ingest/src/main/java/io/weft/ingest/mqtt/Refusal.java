package io.weft.ingest.mqtt;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;

/**
 * Every reason the edge refuses or ends a connection, with the CONNACK code sent (null when the connection is
 * simply closed, as MQTT 3.1.1 requires after CONNECT). The documented table is docs/errors.md.
 */
public enum Refusal {
    UNSUPPORTED_PROTOCOL(MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION,
            "unsupported protocol version"),
    /** An MQTT 5 client reads CONNACK in MQTT 5 form, where codes below 0x80 mean success: 0x84 is its refusal. */
    UNSUPPORTED_PROTOCOL_V5(MqttConnectReturnCode.CONNECTION_REFUSED_UNSUPPORTED_PROTOCOL_VERSION,
            "MQTT 5 is not supported yet"),
    IDENTIFIER_REJECTED(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED, "client identifier rejected"),
    KEEPALIVE_OUT_OF_RANGE(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED,
            "keepalive must be 30..1200 seconds"),
    SERVER_NOT_READY(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE, "registry not loaded yet"),
    BAD_CREDENTIALS(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD,
            "bad username or password"),
    CERTIFICATE_MISMATCH(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD,
            "client certificate names another device than the user name"),
    DEVICE_DISABLED(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED, "device disabled"),
    /** Open mode: the listener admits only clients with a user name and password. */
    ANONYMOUS_NOT_ALLOWED(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
            "anonymous clients are not admitted on this listener"),
    /** The CONNECT's will topic is not one the device may publish on. */
    WILL_NOT_AUTHORIZED(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
            "will topic is not one the device may publish on"),
    /** A clock-skew window is configured and the signed timestamp is missing or outside it. */
    TIMESTAMP_OUT_OF_WINDOW(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD,
            "signed timestamp missing or outside the clock-skew window"),
    // Dynamic registration (io.weft.ingest.mqtt.registration): refusals after the product secret signature checked.
    REGISTRATION_NOT_ENABLED(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
            "the product does not allow this kind of dynamic registration"),
    REGISTRATION_UNKNOWN_DEVICE(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
            "dynamic registration of a device the product does not have"),
    REGISTRATION_ALREADY_REGISTERED(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
            "the device has already registered (its secret is handed out once)"),
    REGISTRATION_INVALID_DEVICE_NAME(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD,
            "device name must be 4-32 letters, digits or - _ @ . :"),
    REGISTRATION_UNAVAILABLE(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE,
            "the control plane did not answer the registration in time"),
    /** Not a failure: the answer was pushed on /ext/register or /ext/regnwl, and the connection ends, as on Alibaba. */
    REGISTRATION_ANSWERED(null, "registration answered"),
    /** Brute force: too many failed authentications from this address (see ConnectionLimits). */
    AUTH_LOCKED_OUT_ADDRESS(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
            "too many failed authentications from this address, locked out for a while"),
    /** Brute force: too many wrong signatures for the device this CONNECT names, from any address. */
    AUTH_LOCKED_OUT_DEVICE(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
            "too many failed authentications for this device, locked out for a while"),
    /** Closed when it became active, before TLS or any byte was read. */
    TOO_MANY_CONNECTIONS(null, "too many connections from this address"),
    /** Closed when it became active, before TLS or any byte was read. */
    CONNECT_RATE_EXCEEDED(null, "too many new connections per second from this address"),
    TLS_FAILED(null, "TLS failed: handshake refused (e.g. a client certificate not issued by the client CA) or a bad record"),
    MALFORMED_PACKET(null, "malformed packet"),
    PACKET_BEFORE_CONNECT(null, "packet before CONNECT"),
    SECOND_CONNECT(null, "second CONNECT"),
    CONNECT_TIMEOUT(null, "no CONNECT in time"),
    KEEPALIVE_TIMEOUT(null, "keepalive expired"),
    PUBLISH_NOT_AUTHORIZED(null, "publish to a topic the device may not use"),
    INVALID_TOPIC(null, "invalid topic name"),
    QOS_NOT_SUPPORTED(null, "QoS 2 is not supported"),
    KAFKA_UNAVAILABLE(null, "uplink could not be stored"),
    RETAINED_NOT_STORED(null, "retained message could not be stored (retained message limit reached, or Kafka)"),
    SESSION_TAKEN_OVER(null, "a new connection for the device took over"),
    DEVICE_DISABLED_WHILE_CONNECTED(null, "device disabled while connected"),
    DEVICE_DELETED(null, "device deleted"),
    EDGE_SHUTDOWN(null, "edge shutting down"),
    CLIENT_DISCONNECT(null, "client disconnected");

    private final MqttConnectReturnCode connackCode;
    private final String reason;

    Refusal(MqttConnectReturnCode connackCode, String reason) {
        this.connackCode = connackCode;
        this.reason = reason;
    }

    public MqttConnectReturnCode connackCode() {
        return connackCode;
    }

    public String reason() {
        return reason;
    }
}
