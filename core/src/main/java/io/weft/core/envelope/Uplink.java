package io.weft.core.envelope;

import io.weft.core.auth.DeviceIdentity;

/**
 * A message a device sent, as an edge received it: what goes on {@code weft.up}, keyed {@code pk/dn}.
 * {@code messageId} is unique platform-wide (see {@link MessageIds}); {@code receivedAt} is the platform's
 * receive time in epoch ms; {@code payload} travels base64-encoded in the JSON form.
 */
public record Uplink(long messageId, String productKey, String deviceName, String topic, byte[] payload, int qos,
                     String protocol, String edge, long receivedAt) {

    public DeviceIdentity device() {
        return new DeviceIdentity(productKey, deviceName);
    }
}
