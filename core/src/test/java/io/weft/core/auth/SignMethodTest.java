package io.weft.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Verifies the wire names of sign methods devices send in their clientId. */
class SignMethodTest {

    @Test
    void fromWire_whenAlibabaNamesInAnyCase_thenFound() {
        assertThat(SignMethod.fromWire("hmacmd5")).contains(SignMethod.HMACMD5);
        assertThat(SignMethod.fromWire("hmacsha1")).contains(SignMethod.HMACSHA1);
        assertThat(SignMethod.fromWire("hmacsha256")).contains(SignMethod.HMACSHA256);
        assertThat(SignMethod.fromWire("hmacSha1")).contains(SignMethod.HMACSHA1);
        assertThat(SignMethod.fromWire("HMACSHA256")).contains(SignMethod.HMACSHA256);
    }

    @Test
    void fromWire_whenUnknownOrNull_thenEmpty() {
        assertThat(SignMethod.fromWire("hmacsha512")).isEmpty();
        assertThat(SignMethod.fromWire("sha256")).isEmpty();
        assertThat(SignMethod.fromWire("")).isEmpty();
        assertThat(SignMethod.fromWire(null)).isEmpty();
    }

    @Test
    void wireName_isLowercaseAndReadBack() {
        for (SignMethod method : SignMethod.values()) {
            assertThat(method.wireName()).isEqualTo(method.name().toLowerCase());
            assertThat(SignMethod.fromWire(method.wireName())).contains(method);
        }
    }
}
