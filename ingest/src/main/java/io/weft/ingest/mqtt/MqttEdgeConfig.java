package io.weft.ingest.mqtt;

import io.weft.ingest.mqtt.limits.ConnectionLimits;
import io.weft.ingest.mqtt.session.SessionPolicy;
import java.util.List;

/**
 * Settings of one MQTT edge: the listeners it serves and what all their connections share.
 *
 * @param listeners          the sockets to serve (at least one); see {@link MqttListener}
 * @param tls                server certificate, key and optional client CA; required when a listener is TLS or WSS,
 *                           else may be null
 * @param maxMessageBytes    largest MQTT packet accepted; Alibaba's limit is 256 KB
 * @param connectTimeoutMs   how long a new connection may take to finish its TLS handshake, WebSocket upgrade and
 *                           CONNECT
 * @param maxInFlightPerConnection uplinks awaiting Kafka before the edge stops reading that socket
 * @param edgeId             this edge's name, recorded on every uplink
 * @param nodeId             0..1023, makes message ids unique across edges
 * @param limits             connections and connect rate per address, brute-force lockouts; shared by all
 *                           listeners; {@link ConnectionLimits#defaults()} unless given
 * @param topicAliasMaximum  MQTT 5 Topic Alias Maximum offered to clients (0..65535; 0 = no aliases);
 *                           {@value #DEFAULT_TOPIC_ALIAS_MAXIMUM} unless given
 * @param downlinkQueuePerSession QoS 1 and 2 downlinks a connected session holds while the client's Receive Maximum
 *                           is reached; beyond it the oldest is dropped and counted;
 *                           {@value #DEFAULT_DOWNLINK_QUEUE_PER_SESSION} unless given
 * @param sessions           persistent session expiry, offline queue and retained message limits;
 *                           {@link SessionPolicy#defaults()} unless given
 * @param clockSkewMs        0 (the default) = off; N &gt; 0: a signed CONNECT must carry a clientId {@code timestamp}
 *                           within now ± N ms, else CONNACK 0x04. Off by default because Alibaba's C SDK 3.x signs
 *                           a fixed timestamp in 2050
 */
public record MqttEdgeConfig(List<MqttListener> listeners, MqttTls tls, int maxMessageBytes, int connectTimeoutMs,
                             int maxInFlightPerConnection, String edgeId, int nodeId, ConnectionLimits limits,
                             int topicAliasMaximum, int downlinkQueuePerSession, SessionPolicy sessions,
                             long clockSkewMs) {
    public static final int DEFAULT_TOPIC_ALIAS_MAXIMUM = 16;
    public static final int DEFAULT_DOWNLINK_QUEUE_PER_SESSION = 1000;

    public MqttEdgeConfig {
        listeners = List.copyOf(listeners);
        if (listeners.isEmpty()) {
            throw new IllegalArgumentException("an MQTT edge needs at least one listener");
        }
        if (tls == null && listeners.stream().anyMatch(l -> l.kind().secure())) {
            throw new IllegalArgumentException("TLS and WSS listeners need a server certificate and key");
        }
        if (limits == null) {
            throw new IllegalArgumentException("limits are required; ConnectionLimits.none() turns them off");
        }
        if (topicAliasMaximum < 0 || topicAliasMaximum > 65_535) {
            throw new IllegalArgumentException("topicAliasMaximum must be 0..65535: " + topicAliasMaximum);
        }
        if (downlinkQueuePerSession < 0) {
            throw new IllegalArgumentException("downlinkQueuePerSession must be >= 0: " + downlinkQueuePerSession);
        }
        if (sessions == null) {
            throw new IllegalArgumentException("a session policy is required");
        }
        if (clockSkewMs < 0) {
            throw new IllegalArgumentException("clockSkewMs must be 0 (off) or positive");
        }
    }

    /** With the default MQTT 5 topic alias maximum and downlink queue. */
    public MqttEdgeConfig(List<MqttListener> listeners, MqttTls tls, int maxMessageBytes, int connectTimeoutMs,
                          int maxInFlightPerConnection, String edgeId, int nodeId, ConnectionLimits limits,
                          SessionPolicy sessions, long clockSkewMs) {
        this(listeners, tls, maxMessageBytes, connectTimeoutMs, maxInFlightPerConnection, edgeId, nodeId, limits,
                DEFAULT_TOPIC_ALIAS_MAXIMUM, DEFAULT_DOWNLINK_QUEUE_PER_SESSION, sessions, clockSkewMs);
    }

    /** With the default MQTT 5 topic alias maximum and downlink queue, without a clock-skew window. */
    public MqttEdgeConfig(List<MqttListener> listeners, MqttTls tls, int maxMessageBytes, int connectTimeoutMs,
                          int maxInFlightPerConnection, String edgeId, int nodeId, ConnectionLimits limits,
                          SessionPolicy sessions) {
        this(listeners, tls, maxMessageBytes, connectTimeoutMs, maxInFlightPerConnection, edgeId, nodeId, limits,
                sessions, 0L);
    }

    /** With the default MQTT 5 topic alias maximum, downlink queue and session policy. */
    public MqttEdgeConfig(List<MqttListener> listeners, MqttTls tls, int maxMessageBytes, int connectTimeoutMs,
                          int maxInFlightPerConnection, String edgeId, int nodeId, ConnectionLimits limits) {
        this(listeners, tls, maxMessageBytes, connectTimeoutMs, maxInFlightPerConnection, edgeId, nodeId, limits,
                SessionPolicy.defaults());
    }

    /** With the default {@link ConnectionLimits}. */
    public MqttEdgeConfig(List<MqttListener> listeners, MqttTls tls, int maxMessageBytes, int connectTimeoutMs,
                          int maxInFlightPerConnection, String edgeId, int nodeId) {
        this(listeners, tls, maxMessageBytes, connectTimeoutMs, maxInFlightPerConnection, edgeId, nodeId,
                ConnectionLimits.defaults());
    }

    /** One plain TCP listener on {@code host:port}. */
    public MqttEdgeConfig(String host, int port, int maxMessageBytes, int connectTimeoutMs,
                          int maxInFlightPerConnection, String edgeId, int nodeId) {
        this(List.of(MqttListener.tcp(host, port)), null, maxMessageBytes, connectTimeoutMs,
                maxInFlightPerConnection, edgeId, nodeId);
    }

    public static MqttEdgeConfig defaults(int port) {
        return new MqttEdgeConfig("0.0.0.0", port, 256 * 1024, 10_000, 1000, "edge-1", 1);
    }

    /** MQTT 5 Receive Maximum offered to clients: the in-flight limit, within MQTT's 1..65535. */
    public int receiveMaximum() {
        return Math.max(1, Math.min(maxInFlightPerConnection, 65_535));
    }

    /** The same settings, serving {@code listeners} with {@code tls}. */
    public MqttEdgeConfig withListeners(List<MqttListener> listeners, MqttTls tls) {
        return new MqttEdgeConfig(listeners, tls, maxMessageBytes, connectTimeoutMs, maxInFlightPerConnection,
                edgeId, nodeId, limits, topicAliasMaximum, downlinkQueuePerSession, sessions, clockSkewMs);
    }

    /** The same settings with other limits. */
    public MqttEdgeConfig withLimits(ConnectionLimits limits) {
        return new MqttEdgeConfig(listeners, tls, maxMessageBytes, connectTimeoutMs, maxInFlightPerConnection,
                edgeId, nodeId, limits, topicAliasMaximum, downlinkQueuePerSession, sessions, clockSkewMs);
    }

    /** The same settings with other MQTT 5 topic alias maximum and per-session downlink queue. */
    public MqttEdgeConfig withMqtt5(int topicAliasMaximum, int downlinkQueuePerSession) {
        return new MqttEdgeConfig(listeners, tls, maxMessageBytes, connectTimeoutMs, maxInFlightPerConnection,
                edgeId, nodeId, limits, topicAliasMaximum, downlinkQueuePerSession, sessions, clockSkewMs);
    }

    /** The same settings with another session policy. */
    public MqttEdgeConfig withSessions(SessionPolicy sessions) {
        return new MqttEdgeConfig(listeners, tls, maxMessageBytes, connectTimeoutMs, maxInFlightPerConnection,
                edgeId, nodeId, limits, topicAliasMaximum, downlinkQueuePerSession, sessions, clockSkewMs);
    }

    /** The same settings with a clock-skew window of {@code clockSkewMs} (0 = off). */
    public MqttEdgeConfig withClockSkew(long clockSkewMs) {
        return new MqttEdgeConfig(listeners, tls, maxMessageBytes, connectTimeoutMs, maxInFlightPerConnection,
                edgeId, nodeId, limits, topicAliasMaximum, downlinkQueuePerSession, sessions, clockSkewMs);
    }
}
