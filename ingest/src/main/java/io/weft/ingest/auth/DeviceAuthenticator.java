package io.weft.ingest.auth;

import io.weft.core.auth.DeviceIdentity;
import io.weft.core.auth.MqttConnectVerifier;
import io.weft.core.registry.DeviceEntry;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * Checks device credentials against the registry the edge follows: an Alibaba signature, or a client certificate
 * that TLS has verified. Fails closed: an unknown device, a disabled device, or a registry not yet loaded is
 * refused.
 */
public final class DeviceAuthenticator {
    private final DeviceDirectory directory;
    private volatile boolean ready;

    public DeviceAuthenticator(DeviceDirectory directory) {
        this.directory = directory;
    }

    public void markReady() {
        ready = true;
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
        String presented = password == null ? null : new String(password, java.nio.charset.StandardCharsets.UTF_8);
        MqttConnectVerifier.Verdict verdict = MqttConnectVerifier.verify(clientId, identity, presented,
                device.deviceSecret());
        return switch (verdict) {
            case ACCEPTED -> device.enabled() ? AuthResult.accepted(identity)
                    : AuthResult.refused(AuthResult.Outcome.DISABLED, identity);
            case BAD_SIGNATURE -> AuthResult.refused(AuthResult.Outcome.BAD_SIGNATURE, identity);
            case UNSUPPORTED_SIGN_METHOD -> AuthResult.refused(AuthResult.Outcome.UNSUPPORTED_SIGN_METHOD, identity);
        };
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
