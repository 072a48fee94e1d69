package io.weft.core.auth;

import java.util.Optional;

/**
 * Checks an Alibaba-signed MQTT CONNECT (one secret per device). The result says who the device is, or why it
 * is refused; it never throws on malformed input. Timestamps are not checked against the clock: Alibaba's C SDK
 * sends a fixed timestamp in 2050 (see ALIBABA.md), so a clock window would refuse every such device.
 */
public final class MqttConnectVerifier {
    private MqttConnectVerifier() {
    }

    /** Who a CONNECT claims to be: {@code deviceName&productKey}, parsed. Empty if the username is malformed. */
    public static Optional<DeviceIdentity> claimedIdentity(String username) {
        if (username == null) {
            return Optional.empty();
        }
        int amp = username.indexOf('&');
        if (amp <= 0 || amp == username.length() - 1 || username.indexOf('&', amp + 1) >= 0) {
            return Optional.empty();
        }
        return Optional.of(new DeviceIdentity(username.substring(amp + 1), username.substring(0, amp)));
    }

    /** Verifies the password with the device's secret. */
    public static Verdict verify(String clientId, DeviceIdentity identity, String password, String deviceSecret) {
        if (clientId == null || identity == null || deviceSecret == null) {
            return Verdict.BAD_SIGNATURE;
        }
        MqttClientId parsed = MqttClientId.parse(clientId);
        Optional<SignMethod> method = parsed.signMethod();
        if (method.isEmpty()) {
            return Verdict.UNSUPPORTED_SIGN_METHOD;
        }
        String expected = DeviceSigner.sign(method.get(), deviceSecret, parsed.id(), identity.productKey(),
                identity.deviceName(), parsed.timestamp().orElse(null));
        if (Hmac.matches(expected, password)) {
            return Verdict.ACCEPTED;
        }
        // Alibaba accepts a password signed without the clientId field too: it is optional in the content.
        String withoutClientId = DeviceSigner.sign(method.get(), deviceSecret, null, identity.productKey(),
                identity.deviceName(), parsed.timestamp().orElse(null));
        return Hmac.matches(withoutClientId, password) ? Verdict.ACCEPTED : Verdict.BAD_SIGNATURE;
    }

    public enum Verdict {
        ACCEPTED, BAD_SIGNATURE, UNSUPPORTED_SIGN_METHOD
    }
}
