package io.weft.core.envelope;

import io.weft.core.auth.DeviceIdentity;

/**
 * What an edge saw happen to a request the platform sent a device: what goes on {@code weft.replies}, keyed
 * {@code pk/dn}. {@code messageId} is the id of the request it answers (for RRPC, the {@code {messageId}} level of
 * the topic; kept as the device sent it), {@code topic} the topic the device published on (for
 * {@link Kind#DEVICE_ONLINE}, the request's topic), {@code payload} the device's bytes (base64 in the JSON form;
 * empty for {@code DEVICE_ONLINE}) and {@code receivedAt} the edge's receive time in epoch ms.
 */
public record Reply(Kind kind, String messageId, String productKey, String deviceName, String topic, byte[] payload,
                    long receivedAt) {

    /** What the edge reports. */
    public enum Kind {
        /** The device answered the request: {@code payload} is its response. */
        RESPONSE,
        /**
         * An edge holds a session for the device and handed the request to it (the device gets it if it subscribed
         * to the topic). A waiting caller that sees this but no {@code RESPONSE} knows the device is online.
         */
        DEVICE_ONLINE
    }

    public DeviceIdentity device() {
        return new DeviceIdentity(productKey, deviceName);
    }
}
