package io.weft.ingest.auth;

import io.weft.core.auth.DeviceIdentity;

/** The outcome of checking a device's credentials; {@code identity} is who it claimed to be, if parseable. */
public record AuthResult(Outcome outcome, DeviceIdentity identity) {

    public static AuthResult accepted(DeviceIdentity identity) {
        return new AuthResult(Outcome.ACCEPTED, identity);
    }

    public static AuthResult refused(Outcome outcome, DeviceIdentity identity) {
        return new AuthResult(outcome, identity);
    }

    public boolean accepted() {
        return outcome == Outcome.ACCEPTED;
    }

    public enum Outcome {
        ACCEPTED, NOT_READY, MALFORMED_USERNAME, UNKNOWN_DEVICE, BAD_SIGNATURE, UNSUPPORTED_SIGN_METHOD, DISABLED,
        /** The client certificate's subject does not name a device ({@code CN={productKey}&{deviceName}}). */
        UNNAMED_CERTIFICATE,
        /** The client certificate names another device than the CONNECT's user name. */
        CERTIFICATE_MISMATCH,
        /** Open mode: an unknown user name or a wrong password. */
        BAD_PASSWORD,
        /** Open mode: no user name, and the listener admits no anonymous clients. */
        ANONYMOUS_NOT_ALLOWED,
        /** A clock-skew window is set and the signed clientId timestamp is missing or outside it. */
        TIMESTAMP_OUT_OF_WINDOW
    }
}
