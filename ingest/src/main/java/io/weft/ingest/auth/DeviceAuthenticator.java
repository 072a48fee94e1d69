package io.weft.ingest.auth;

import io.weft.core.auth.DeviceIdentity;
import io.weft.core.auth.MqttClientId;
import io.weft.core.auth.MqttConnectVerifier;
import io.weft.core.auth.ProductSigner;
import io.weft.core.registry.DeviceEntry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Checks device credentials against the registry the edge follows: an Alibaba signature, a device token
 * ({@code authType=connwl}, after a registration-free dynamic registration), or a client certificate that TLS has
 * verified. Fails closed: an unknown device, a disabled device, or a registry not yet loaded is refused.
 *
 * <p>With a clock-skew window ({@code clockSkewMs} &gt; 0), a signed CONNECT must also carry a clientId
 * {@code timestamp} (epoch ms) within now ± the window, so a captured password stops working after it; the window
 * is checked after the signature, and off by default (Alibaba's C SDK 3.x signs a fixed timestamp in 2050).
 */
public final class DeviceAuthenticator {
    private final DeviceDirectory directory;
    private final long clockSkewMs;
    private final LongSupplier clock;
    private volatile boolean ready;

    /** Without a clock-skew window. */
    public DeviceAuthenticator(DeviceDirectory directory) {
        this(directory, 0L, System::currentTimeMillis);
    }

    /**
     * @param clockSkewMs 0 = off, else how far a signed timestamp may be from {@code clock}
     * @param clock       epoch milliseconds
     */
    public DeviceAuthenticator(DeviceDirectory directory, long clockSkewMs, LongSupplier clock) {
        this.directory = directory;
        this.clockSkewMs = clockSkewMs;
        this.clock = clock;
    }

    public void markReady() {
        ready = true;
    }

    /** True once the registry is loaded: before that, every device is refused as not ready. */
    public boolean ready() {
        return ready;
    }

    /** True if the device exists and is enabled in the registry right now (its credentials already checked). */
    public boolean stillAdmitted(DeviceIdentity identity) {
        DeviceEntry device = directory.device(identity.productKey(), identity.deviceName());
        return device != null && device.enabled();
    }

    public AuthResult authenticate(String clientId, String username, byte[] password) {
        if (!ready) {
            return AuthResult.refused(AuthResult.Outcome.NOT_READY, null);
        }
        Optional<DeviceIdentity> claimed = MqttConnectVerifier.claimedIdentity(username);
        if (claimed.isEmpty()) {
            return AuthResult.refused(AuthResult.Outcome.MALFORMED_USERNAME, null);
        }
        DeviceIdentity identity = claimed.get();
        DeviceEntry device = directory.device(identity.productKey(), identity.deviceName());
        if (device == null) {
            return AuthResult.refused(AuthResult.Outcome.UNKNOWN_DEVICE, identity);
        }
        String presented = password == null ? null : new String(password, StandardCharsets.UTF_8);
        MqttClientId parsed = clientId == null ? null : MqttClientId.parse(clientId);
        if (parsed != null && ProductSigner.isTokenConnect(parsed)) {
            return tokenConnect(identity, device, password);
        }
        MqttConnectVerifier.Verdict verdict = MqttConnectVerifier.verify(clientId, identity, presented,
                device.deviceSecret());
        return switch (verdict) {
            case ACCEPTED -> !withinWindow(parsed) ? AuthResult.refused(AuthResult.Outcome.TIMESTAMP_OUT_OF_WINDOW,
                    identity)
                    : device.enabled() ? AuthResult.accepted(identity)
                    : AuthResult.refused(AuthResult.Outcome.DISABLED, identity);
            case BAD_SIGNATURE -> AuthResult.refused(AuthResult.Outcome.BAD_SIGNATURE, identity);
            case UNSUPPORTED_SIGN_METHOD -> AuthResult.refused(AuthResult.Outcome.UNSUPPORTED_SIGN_METHOD, identity);
        };
    }

    /**
     * {@code authType=connwl}: the password is the device token a registration-free registration handed out, which
     * Weft keeps as the device's secret; compared in constant time. No timestamp is signed, so no window applies.
     */
    private static AuthResult tokenConnect(DeviceIdentity identity, DeviceEntry device, byte[] password) {
        byte[] expected = device.deviceSecret() == null ? new byte[0]
                : device.deviceSecret().getBytes(StandardCharsets.UTF_8);
        if (password == null || expected.length == 0 || !MessageDigest.isEqual(expected, password)) {
            return AuthResult.refused(AuthResult.Outcome.BAD_SIGNATURE, identity);
        }
        return device.enabled() ? AuthResult.accepted(identity)
                : AuthResult.refused(AuthResult.Outcome.DISABLED, identity);
    }

    /** True when no window is set, or the clientId's timestamp is a number within now ± the window. */
    private boolean withinWindow(MqttClientId clientId) {
        if (clockSkewMs <= 0) {
            return true;
        }
        Optional<String> timestamp = clientId == null ? Optional.empty() : clientId.timestamp();
        if (timestamp.isEmpty()) {
            return false;
        }
        try {
            return Math.abs(Long.parseLong(timestamp.get()) - clock.getAsLong()) <= clockSkewMs;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * A device authenticated by its client certificate, already verified by TLS against the client CA: the
     * certificate names the device ({@link CertificateIdentity}); no password is needed and any is ignored. A user
     * name is optional, but if present it must name the same device.
     */
    public AuthResult authenticate(X509Certificate certificate, String username) {
        if (!ready) {
            return AuthResult.refused(AuthResult.Outcome.NOT_READY, null);
        }
        Optional<DeviceIdentity> certified = CertificateIdentity.of(certificate);
        if (certified.isEmpty()) {
            return AuthResult.refused(AuthResult.Outcome.UNNAMED_CERTIFICATE, null);
        }
        DeviceIdentity identity = certified.get();
        if (username != null && !username.isEmpty()
                && !MqttConnectVerifier.claimedIdentity(username).equals(certified)) {
            return AuthResult.refused(AuthResult.Outcome.CERTIFICATE_MISMATCH, identity);
        }
        DeviceEntry device = directory.device(identity.productKey(), identity.deviceName());
        if (device == null) {
            return AuthResult.refused(AuthResult.Outcome.UNKNOWN_DEVICE, identity);
        }
        return device.enabled() ? AuthResult.accepted(identity)
                : AuthResult.refused(AuthResult.Outcome.DISABLED, identity);
    }
}
