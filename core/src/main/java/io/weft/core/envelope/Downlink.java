package io.weft.core.envelope;

import io.weft.core.auth.DeviceIdentity;

/**
 * A message for a device: what goes on {@code weft.down}, keyed {@code pk/dn}. The edge holding the device's
 * session publishes {@code payload} on {@code topic}; a downlink past {@code deadline} (epoch ms, 0 = none) is
 * dropped and counted.
 */
public record Downlink(long messageId, String productKey, String deviceName, String topic, byte[] payload, int qos,
                       long deadline) {

    public DeviceIdentity device() {
        return new DeviceIdentity(productKey, deviceName);
    }
}
