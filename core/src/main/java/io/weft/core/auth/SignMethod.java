package io.weft.core.auth;

import java.util.Locale;
import java.util.Optional;

/** The HMAC algorithms Alibaba devices sign with. */
public enum SignMethod {
    HMACMD5("HmacMD5"),
    HMACSHA1("HmacSHA1"),
    HMACSHA256("HmacSHA256");

    private final String jcaName;

    SignMethod(String jcaName) {
        this.jcaName = jcaName;
    }

    public String jcaName() {
        return jcaName;
    }

    /** The name devices send: {@code hmacmd5}, {@code hmacsha1}, {@code hmacsha256} (any case). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<SignMethod> fromWire(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (SignMethod method : values()) {
            if (method.name().equalsIgnoreCase(name)) {
                return Optional.of(method);
            }
        }
        return Optional.empty();
    }
}
