package io.weft.core.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.core.json.Json;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Verifies that {@link UplinkJson}, the edges' fast path, writes exactly the bytes {@link Json#write} writes for every
 * uplink: consumers of {@code weft.up} must not be able to tell which one wrote a record.
 */
class UplinkJsonTest {
    private static Uplink uplink(long messageId, String pk, String dn, String topic, byte[] payload, int qos,
                                 String protocol, String edge, long receivedAt) {
        return new Uplink(messageId, pk, dn, topic, payload, qos, protocol, edge, receivedAt);
    }

    private static Uplink typical(byte[] payload) {
        return uplink(1234567890123L, "a1B2c3D4e5", "bench-0001", "/sys/a1B2c3D4e5/bench-0001/thing/event/property/post",
                payload, 1, "mqtt", "edge-1", 1_763_780_000_000L);
    }

    private static void assertSameAsJackson(Uplink uplink) {
        assertThat(new String(UplinkJson.write(uplink), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(new String(Json.write(uplink), java.nio.charset.StandardCharsets.UTF_8));
        assertThat(UplinkJson.write(uplink)).isEqualTo(Json.write(uplink));
    }

    @Test
    void write_whenTypicalUplink_thenSameBytesAsJackson() {
        byte[] payload = new byte[200];
        Arrays.fill(payload, (byte) '{');
        assertSameAsJackson(typical(payload));
    }

    @Test
    void write_whenPayloadOfEveryLengthAndByte_thenSameBytesAsJackson() {
        Random random = new Random(42);
        for (int length = 0; length <= 300; length++) {
            byte[] payload = new byte[length];
            random.nextBytes(payload);
            assertSameAsJackson(typical(payload));
        }
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        assertSameAsJackson(typical(all));
    }

    @Test
    void write_whenNumbersAtTheirLimits_thenSameBytesAsJackson() {
        for (long n : new long[] {0, -1, 1, Long.MIN_VALUE, Long.MAX_VALUE}) {
            for (int qos : new int[] {0, 1, 2, -1, Integer.MAX_VALUE}) {
                assertSameAsJackson(uplink(n, "pk", "dn", "/pk/dn/update", new byte[] {1, 2, 3}, qos, "coap", "e",
                        n));
            }
        }
    }

    @Test
    void write_whenTextNeedsEscapingOrIsNotAscii_thenSameBytesAsJackson() {
        String[] texts = {"", "a\"b", "a\\b", "tab\there", "line\nbreak", "\u0000", "\u001f", "\u007f", "/中文/主题",
            "é", "emoji \uD83D\uDE00", "</script>", "'single'", "a/b/+/#", " spaces "};
        for (String text : texts) {
            assertSameAsJackson(uplink(7, text, "dn", "/t", new byte[] {9}, 1, "mqtt", "edge", 8));
            assertSameAsJackson(uplink(7, "pk", text, "/t", new byte[] {9}, 1, "mqtt", "edge", 8));
            assertSameAsJackson(uplink(7, "pk", "dn", text, new byte[] {9}, 1, "mqtt", "edge", 8));
            assertSameAsJackson(uplink(7, "pk", "dn", "/t", new byte[] {9}, 1, text, "edge", 8));
            assertSameAsJackson(uplink(7, "pk", "dn", "/t", new byte[] {9}, 1, "mqtt", text, 8));
        }
    }

    @Test
    void write_whenFieldsAreNull_thenSameBytesAsJackson() {
        assertSameAsJackson(uplink(1, null, "dn", "/t", new byte[0], 0, "mqtt", "e", 2));
        assertSameAsJackson(uplink(1, "pk", "dn", "/t", null, 0, "mqtt", "e", 2));
        assertSameAsJackson(uplink(1, "pk", "dn", "/t", new byte[0], 0, null, null, 2));
    }

    @Test
    void write_whenEveryPrintableAsciiCharacter_thenSameBytesAsJackson() {
        StringBuilder all = new StringBuilder();
        for (char c = 0x20; c < 0x7F; c++) {
            all.append(c);
        }
        assertSameAsJackson(uplink(3, all.toString(), all.toString(), all.toString(), new byte[] {1}, 1,
                all.toString(), all.toString(), 4));
    }

    /** UplinkJson writes the fields it knows: a new field in Uplink must be added there too (this test then fails). */
    @Test
    void uplinkFields_areTheOnesUplinkJsonWrites() {
        assertThat(Arrays.stream(Uplink.class.getRecordComponents()).map(RecordComponent::getName))
                .containsExactly("messageId", "productKey", "deviceName", "topic", "payload", "qos", "protocol",
                        "edge", "receivedAt");
    }
}
