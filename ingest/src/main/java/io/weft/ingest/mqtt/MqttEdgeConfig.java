package io.weft.ingest.mqtt;

/**
 * Settings of one MQTT listener.
 *
 * @param host               address to bind, e.g. {@code 0.0.0.0}
 * @param port               TCP port (0 = any free port); Weft's default is 1883
 * @param maxMessageBytes    largest MQTT packet accepted; Alibaba's limit is 256 KB
 * @param connectTimeoutMs   how long a new connection may take to send CONNECT
 * @param maxInFlightPerConnection uplinks awaiting Kafka before the edge stops reading that socket
 * @param edgeId             this edge's name, recorded on every uplink
 * @param nodeId             0..1023, makes message ids unique across edges
 */
public record MqttEdgeConfig(String host, int port, int maxMessageBytes, int connectTimeoutMs,
                             int maxInFlightPerConnection, String edgeId, int nodeId) {

    public static MqttEdgeConfig defaults(int port) {
        return new MqttEdgeConfig("0.0.0.0", port, 256 * 1024, 10_000, 1000, "edge-1", 1);
    }
}
