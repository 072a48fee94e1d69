package io.weft.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.core.alink.AlinkCode;
import io.weft.core.auth.DeviceIdentity;
import io.weft.core.envelope.Downlink;
import io.weft.core.envelope.Rejected;
import io.weft.core.envelope.Telemetry;
import io.weft.core.envelope.Uplink;
import io.weft.core.tsl.FieldError;
import io.weft.core.tsl.PropertyPoint;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Verifies that Weft's envelopes survive their one JSON form ({@link Json}) unchanged: what an edge writes to
 * Kafka is what the pipeline reads back, bytes and value types included.
 */
class JsonTest {
    /** Every byte value, so nothing relies on the payload being text. */
    private static final byte[] ALL_BYTES = new byte[256];

    static {
        for (int i = 0; i < 256; i++) {
            ALL_BYTES[i] = (byte) i;
        }
    }

    private static Uplink uplink(byte[] payload) {
        return new Uplink(123456789012345L, "pk", "dn", "/sys/pk/dn/thing/event/property/post", payload, 1, "mqtt",
                "edge-1", 1_700_000_000_000L);
    }

    @Test
    void uplink_roundTrip_thenEveryFieldAndEveryPayloadByteSurvive() {
        Uplink original = uplink(ALL_BYTES);

        Uplink read = Json.read(Json.write(original), Uplink.class);

        assertThat(read).usingRecursiveComparison().isEqualTo(original);
        assertThat(read.payload()).containsExactly(ALL_BYTES);
    }

    @Test
    void uplink_roundTripThroughString_thenPayloadSurvives() {
        byte[] json = "{\"id\":\"1\",\"params\":{\"Temp\":23.5}}".getBytes(StandardCharsets.UTF_8);

        Uplink read = Json.read(Json.writeString(uplink(json)), Uplink.class);

        assertThat(read.payload()).containsExactly(json);
    }

    @Test
    void uplink_whenWritten_thenPayloadIsBase64Text() {
        JsonNode tree = Json.tree(Json.writeString(uplink(ALL_BYTES)));

        assertThat(tree.get("payload").isString()).isTrue();
        assertThat(Base64.getDecoder().decode(tree.get("payload").asString())).containsExactly(ALL_BYTES);
        assertThat(tree.get("messageId").longValue()).isEqualTo(123456789012345L);
    }

    @Test
    void uplink_whenEmptyPayload_thenEmptyNotNull() {
        Uplink read = Json.read(Json.write(uplink(new byte[0])), Uplink.class);

        assertThat(read.payload()).isEmpty();
    }

    @Test
    void uplink_device_isProductKeySlashDeviceName() {
        assertThat(uplink(new byte[0]).device()).isEqualTo(new DeviceIdentity("pk", "dn"));
        assertThat(uplink(new byte[0]).device().key()).isEqualTo("pk/dn");
    }

    @Test
    void downlink_roundTrip_thenPayloadSurvives() {
        Downlink original = new Downlink(42L, "pk", "dn", "/sys/pk/dn/thing/service/property/set", ALL_BYTES, 0,
                1_700_000_060_000L);

        Downlink read = Json.read(Json.write(original), Downlink.class);

        assertThat(read).usingRecursiveComparison().isEqualTo(original);
    }

    @Test
    void telemetry_roundTrip_whenFloatingPointAndTextValues_thenEqual() {
        Telemetry original = new Telemetry(7L, "pk", "dn", Telemetry.PROPERTY, null, List.of(
                new PropertyPoint("Temp", 23.5, 1_524_448_722_000L),
                new PropertyPoint("Voltage", 230.0, 1_524_448_722_000L),
                new PropertyPoint("Label", "温度", 1_524_448_722_001L)), 1_700_000_000_000L);

        assertThat(Json.read(Json.write(original), Telemetry.class)).isEqualTo(original);
    }

    @Test
    void telemetry_roundTrip_whenEvent_thenKindAndIdentifierKept() {
        Telemetry original = new Telemetry(8L, "pk", "dn", Telemetry.EVENT, "Overheat",
                List.of(new PropertyPoint("Temp", 130.5, 5L)), 6L);

        Telemetry read = Json.read(Json.write(original), Telemetry.class);

        assertThat(read.kind()).isEqualTo(Telemetry.EVENT);
        assertThat(read.identifier()).isEqualTo("Overheat");
        assertThat(read).isEqualTo(original);
    }

    /**
     * PropertyPoint documents its value as a Long for int, enum, date and bool; a Telemetry read back from
     * {@code weft.telemetry} must still hold Longs, or consumers casting per that contract fail.
     */
    @Test
    void telemetry_roundTrip_whenIntegralValues_thenStillLongs() {
        Telemetry original = new Telemetry(9L, "pk", "dn", Telemetry.PROPERTY, null, List.of(
                new PropertyPoint("Counter", 5L, 1L),
                new PropertyPoint("PowerSwitch", 1L, 1L),
                new PropertyPoint("Position", Map.of("floor", 3L), 1L),
                new PropertyPoint("Samples", List.of(1L, 2L), 1L)), 2L);

        Telemetry read = Json.read(Json.write(original), Telemetry.class);

        assertThat(read.points().get(0).value()).isInstanceOf(Long.class);
        assertThat(read).isEqualTo(original);
    }

    @Test
    void rejected_roundTrip_thenUplinkCodeAndFieldErrorsKept() {
        Rejected original = new Rejected(uplink(ALL_BYTES), 6304, "tsl parse: params not exist",
                List.of(new FieldError("Humidity", AlinkCode.PARAM_NOT_EXIST, "not defined"),
                        new FieldError("Samples[3]", AlinkCode.INT_SPECS_ERROR, "300 is outside [0, 255]")),
                1_700_000_000_001L);

        Rejected read = Json.read(Json.write(original), Rejected.class);

        assertThat(read).usingRecursiveComparison().isEqualTo(original);
    }

    @Test
    void read_whenUnknownPropertiesPresent_thenIgnoredForForwardCompatibility() {
        String json = "{\"messageId\":1,\"productKey\":\"pk\",\"deviceName\":\"dn\",\"kind\":\"property\","
                + "\"points\":[],\"receivedAt\":2,\"addedInAFutureVersion\":{\"x\":1}}";

        Telemetry read = Json.read(json, Telemetry.class);

        assertThat(read).isEqualTo(new Telemetry(1L, "pk", "dn", "property", null, List.of(), 2L));
    }

    @Test
    void read_whenNotJson_thenJacksonException() {
        assertThatThrownBy(() -> Json.read("not json", Uplink.class)).isInstanceOf(JacksonException.class);
    }

    @Test
    void object_isAFreshEmptyObjectEachTime() {
        assertThat(Json.object()).isEmpty();
        Json.object().put("a", 1);
        assertThat(Json.object()).isEmpty();
    }
}
