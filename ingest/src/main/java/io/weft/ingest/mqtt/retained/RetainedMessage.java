package io.weft.ingest.mqtt.retained;

/**
 * The retained message of one topic, in its one JSON form on {@code weft.retained}, keyed by {@link #topic()}: what a
 * new subscription to a matching filter receives first (MQTT 3.1.1 section 3.3.1.3).
 *
 * @param topic       the topic it was published on
 * @param payload     its payload (never empty: an empty retained PUBLISH removes the topic's retained message)
 * @param qos         the QoS it was published with
 * @param publishedAt epoch ms when the edge received it
 * @param expiresAt   epoch ms after which it is no longer sent (MQTT 5 message expiry), or 0 for never
 */
public record RetainedMessage(String topic, byte[] payload, int qos, long publishedAt, long expiresAt) {

    public boolean expiredAt(long now) {
        return expiresAt > 0 && now >= expiresAt;
    }
}
