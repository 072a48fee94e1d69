package io.weft.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Verifies hex HMACs and their case-insensitive, null-safe comparison. */
class HmacTest {

    // printf '%s' 'clientId12345deviceNamedeviceproductKeypktimestamp789' | openssl dgst -sha256 -hmac secret
    private static final String SHA256 = "6074a46a91b1ebb2cc4ea42790ad0e80202c9843859fc292e57c4eb19fad9e57";

    @Test
    void hex_whenKnownContent_thenMatchesOpenSsl() {
        assertThat(Hmac.hex(SignMethod.HMACSHA256, "secret", "clientId12345deviceNamedeviceproductKeypktimestamp789"))
                .isEqualTo(SHA256);
    }

    @Test
    void matches_whenIdentical_thenTrue() {
        assertThat(Hmac.matches(SHA256, SHA256)).isTrue();
    }

    @Test
    void matches_whenPresentedInUppercase_thenTrue() {
        assertThat(Hmac.matches(SHA256, SHA256.toUpperCase())).isTrue();
    }

    @Test
    void matches_whenOneDigitDiffers_thenFalse() {
        String tampered = SHA256.substring(0, SHA256.length() - 1) + "8";

        assertThat(Hmac.matches(SHA256, tampered)).isFalse();
    }

    @Test
    void matches_whenPrefixOrLonger_thenFalse() {
        assertThat(Hmac.matches(SHA256, SHA256.substring(0, 32))).isFalse();
        assertThat(Hmac.matches(SHA256, SHA256 + "00")).isFalse();
    }

    @Test
    void matches_whenPresentedNullOrEmpty_thenFalse() {
        assertThat(Hmac.matches(SHA256, null)).isFalse();
        assertThat(Hmac.matches(SHA256, "")).isFalse();
    }
}
