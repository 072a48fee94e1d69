package io.weft.core.envelope;

import io.weft.core.auth.DeviceIdentity;

/**
 * A message for a device: what goes on {@code weft.down}, keyed {@link #key()}. The edge holding the device's
 * session publishes {@code payload} on {@code topic}; a downlink past {@code deadline} (epoch ms, 0 = none) is
 * dropped and counted.
 *
 * <p>A <em>broadcast</em> is one downlink for every device of a product: {@code deviceName} is null, the topic is
 * {@code /broadcast/{pk}/{suffix}}, and the Kafka key is {@code pk/}. Every edge publishes it to each session of
 * the product whose subscriptions match the topic.
 */
public record Downlink(long messageId, String productKey, String deviceName, String topic, byte[] payload, int qos,
                       long deadline) {

    /** A product-wide downlink on {@code topic} (a {@code /broadcast/{pk}/...} topic). */
    public static Downlink broadcast(long messageId, String productKey, String topic, byte[] payload, int qos) {
        return new Downlink(messageId, productKey, null, topic, payload, qos, 0L);
    }

    /** True for a product-wide downlink (no device name). */
    public boolean broadcast() {
        return deviceName == null || deviceName.isEmpty();
    }

    /** The device it is for; for a broadcast, the device name is null. */
    public DeviceIdentity device() {
        return new DeviceIdentity(productKey, broadcast() ? null : deviceName);
    }

    /** The Kafka key on {@code weft.down}: {@code pk/dn}, or {@code pk/} for a broadcast. */
    public String key() {
        return broadcast() ? productKey + "/" : device().key();
    }
}
