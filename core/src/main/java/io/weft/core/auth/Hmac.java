package io.weft.core.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Lowercase-hex HMAC over UTF-8 text, and a constant-time comparison of hex signatures. */
public final class Hmac {
    private Hmac() {
    }

    public static String hex(SignMethod method, String key, String content) {
        try {
            Mac mac = Mac.getInstance(method.jcaName());
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), method.jcaName()));
            return HexFormat.of().formatHex(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JCA lacks " + method.jcaName(), e);
        }
    }

    /** Compares hex signatures case-insensitively, in time independent of where they differ. */
    public static boolean matches(String expectedHex, String presentedHex) {
        if (presentedHex == null) {
            return false;
        }
        byte[] expected = expectedHex.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        byte[] presented = presentedHex.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, presented);
    }
}
