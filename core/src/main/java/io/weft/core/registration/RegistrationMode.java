package io.weft.core.registration;

import java.util.Optional;

/**
 * The two kinds of dynamic registration with a product secret (Alibaba's "one secret per product"), named by the
 * {@code authType} pair of the MQTT clientId, and the topic the answer is pushed on.
 */
public enum RegistrationMode {
    /** Pre-registered: the device exists; it receives its device secret, once. */
    REGISTER("register", "/ext/register"),
    /** Registration-free: the device is created; it receives a clientId and a device token for {@code connwl}. */
    REGNWL("regnwl", "/ext/regnwl");

    private final String authType;
    private final String answerTopic;

    RegistrationMode(String authType, String answerTopic) {
        this.authType = authType;
        this.answerTopic = answerTopic;
    }

    /** The {@code authType} value in the clientId. */
    public String authType() {
        return authType;
    }

    /** Where the edge pushes the answer: {@code /ext/register} or {@code /ext/regnwl}. */
    public String answerTopic() {
        return answerTopic;
    }

    /** The mode an {@code authType} value names (case-insensitive); empty for any other value, e.g. connwl. */
    public static Optional<RegistrationMode> ofAuthType(String authType) {
        for (RegistrationMode mode : values()) {
            if (mode.authType.equalsIgnoreCase(authType == null ? "" : authType)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
