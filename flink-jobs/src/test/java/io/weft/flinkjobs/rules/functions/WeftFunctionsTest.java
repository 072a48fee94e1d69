package io.weft.flinkjobs.rules.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each Weft function's eval, called directly: what docs/rules.md's function table promises. */
class WeftFunctionsTest {
    /** 2024-02-29T23:30:00Z: the 1st of March in Shanghai. */
    private static final Instant NOW = Instant.parse("2024-02-29T23:30:00Z");

    @Test
    void timestamp_withoutFormat_thenEpochMsNow() {
        WeftTimestamp f = new WeftTimestamp(ZoneId.of("Asia/Shanghai"), Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(f.eval()).isEqualTo(NOW.toEpochMilli());
        assertThat(f.isDeterministic()).as("never folded into a constant at planning").isFalse();
    }

    @Test
    void timestamp_withFormat_thenFormattedInItsZone() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

        assertThat(new WeftTimestamp(ZoneId.of("Asia/Shanghai"), clock).eval("yyyy-MM-dd HH:mm"))
                .isEqualTo("2024-03-01 07:30");
        assertThat(new WeftTimestamp(ZoneOffset.UTC, clock).eval("yyyy-MM-dd'T'HH:mm:ss'Z'"))
                .isEqualTo("2024-02-29T23:30:00Z");
    }

    @Test
    void timestamp_withBadOrNullFormat_thenNull() {
        WeftTimestamp f = new WeftTimestamp(ZoneOffset.UTC, Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(f.eval("yyyy-qq")).isNull();
        assertThat(f.eval((String) null)).isNull();
    }

    @Test
    void substring_clampsLikeAlibaba() {
        WeftSubstring f = new WeftSubstring();

        assertThat(f.eval("012345", 0)).isEqualTo("012345");
        assertThat(f.eval("012345", 2)).isEqualTo("2345");
        assertThat(f.eval("012345", new BigDecimal("2.745"))).isEqualTo("2345");
        assertThat(f.eval("012345", -1)).isEqualTo("012345");
        assertThat(f.eval("012345", 9)).isEqualTo("");
        assertThat(f.eval("012345", 0, 1)).isEqualTo("0");
        assertThat(f.eval("012345", 2L, 100L)).isEqualTo("2345");
        assertThat(f.eval("012345", 3, 2)).isEqualTo("");
        assertThat(f.eval("012345", -5, 3.9d)).isEqualTo("012");
        assertThat(f.eval(null, 1)).isNull();
        assertThat(f.eval("012345", null)).isNull();
        assertThat(f.eval("012345", "1")).as("a position that is not a number").isNull();
    }

    @Test
    void endswith_isAConditionOnText() {
        WeftEndsWith f = new WeftEndsWith();

        assertThat(f.eval("living room", "room")).isTrue();
        assertThat(f.eval("living room", "Room")).isFalse();
        assertThat(f.eval(null, "room")).isNull();
    }

    @Test
    void toHex_isTheUtf8BytesInLowerCaseHex() {
        assertThat(new WeftToHex().eval("{\"a\":\"é\"}")).isEqualTo("7b2261223a22c3a9227d");
        assertThat(new WeftToHex().eval(null)).isNull();
    }

    @Test
    void crypto_givesTheHexDigest_andNullForAnUnknownAlgorithm() {
        WeftCrypto f = new WeftCrypto();

        assertThat(f.eval("abc", "MD2")).isEqualTo("da853b0d3f88d99b30283a69e6ded6bb");
        assertThat(f.eval("abc", "MD5")).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
        assertThat(f.eval("abc", "SHA-256"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(f.eval("abc", "SHA3")).isNull();
        assertThat(f.eval(null, "MD2")).isNull();
    }

    @Test
    void registry_hasEveryFunctionTheTranslatorEmits_andRefusesOthers() {
        WeftFunctions functions = new WeftFunctions(ZoneOffset.UTC);

        assertThat(functions.names()).containsExactlyInAnyOrder("weft_timestamp", "weft_timestamp_utc",
                "weft_substring", "weft_endswith", "weft_to_hex", "weft_crypto");
        functions.checkKnown("r1", Set.of("weft_substring"));
        assertThatThrownBy(() -> functions.checkKnown("r1", Set.of("weft_round")))
                .hasMessageContaining("rule r1 calls weft_round");
    }
}
