package io.weft.core.alink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.weft.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Verifies Alink requests are read leniently (malformed input comes back empty, never as an exception) and
 * replies are written as Alibaba's SDK 3.x needs them: {@code id} a string, {@code code} a number, {@code data}
 * present (ALIBABA.md, "Alink JSON").
 */
class AlinkCodecTest {

    private static Optional<AlinkRequest> read(String json) {
        return AlinkCodec.readRequest(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readRequest_whenDocumentedPropertyPost_thenEveryFieldRead() {
        AlinkRequest request = read("""
                {"id":"123","version":"1.0","sys":{"ack":0},
                 "params":{"Temp":23.5,"Humidity":{"value":40,"time":1524448722000}},
                 "method":"thing.event.property.post"}""").orElseThrow();

        assertThat(request.id()).isEqualTo("123");
        assertThat(request.version()).isEqualTo("1.0");
        assertThat(request.method()).isEqualTo("thing.event.property.post");
        assertThat(request.sys().get("ack").intValue()).isZero();
        assertThat(request.params().get("Temp").doubleValue()).isEqualTo(23.5);
        assertThat(request.params().get("Humidity").get("time").longValue()).isEqualTo(1524448722000L);
    }

    @Test
    void readRequest_whenIdIsANumber_thenReadAsItsDecimalString() {
        assertThat(read("{\"id\":123,\"params\":{}}").orElseThrow().id()).isEqualTo("123");
        assertThat(read("{\"id\":4294967295}").orElseThrow().id()).isEqualTo("4294967295");
    }

    @Test
    void readRequest_whenIdIsAString_thenKeptVerbatim() {
        assertThat(read("{\"id\":\"0042\"}").orElseThrow().id()).isEqualTo("0042");
    }

    @Test
    void readRequest_whenSdk4OmitsMethodAndVersion_thenThoseAreNull() {
        AlinkRequest request = read("{\"id\":\"7\",\"params\":{\"Temp\":1}}").orElseThrow();

        assertThat(request.method()).isNull();
        assertThat(request.version()).isNull();
        assertThat(request.sys()).isNull();
        assertThat(request.params().get("Temp").intValue()).isEqualTo(1);
    }

    @Test
    void readRequest_whenIdAndMethodAreJsonNull_thenNull() {
        AlinkRequest request = read("{\"id\":null,\"method\":null,\"version\":null}").orElseThrow();

        assertThat(request.id()).isNull();
        assertThat(request.method()).isNull();
        assertThat(request.version()).isNull();
    }

    @Test
    void readRequest_whenEmptyObject_thenRequestWithNothingSet() {
        assertThat(read("{}")).contains(new AlinkRequest(null, null, null, null, null));
    }

    @Test
    void readRequest_whenUnknownFields_thenIgnored() {
        assertThat(read("{\"id\":\"1\",\"extra\":[1,2]}").orElseThrow().id()).isEqualTo("1");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "not json",
            "{\"id\":\"1\"",
            "{id:1}",
            "[]",
            "[{\"id\":\"1\",\"method\":\"thing.event.property.post\"}]",
            "\"a string\"",
            "42",
            "true",
            "null",
            "",
            "   ",
    })
    void readRequest_whenNotAJsonObject_thenEmpty(String payload) {
        assertThat(read(payload)).isEmpty();
    }

    @Test
    void readRequest_whenBinaryGarbage_thenEmpty() {
        byte[] garbage = {(byte) 0xff, (byte) 0xfe, 0x00, 0x7b, (byte) 0x80};

        assertThat(AlinkCodec.readRequest(garbage)).isEmpty();
        assertThat(AlinkCodec.readRequest(new byte[0])).isEmpty();
    }

    /** "Reading never throws": a structured id, version or method is malformed input like any other. */
    @ParameterizedTest
    @ValueSource(strings = {
            "{\"id\":{\"n\":1},\"method\":\"thing.event.property.post\"}",
            "{\"id\":[1],\"method\":\"thing.event.property.post\"}",
            "{\"id\":\"1\",\"method\":{\"name\":\"x\"}}",
            "{\"id\":\"1\",\"version\":[\"1.0\"]}",
    })
    void readRequest_whenIdVersionOrMethodIsAnObjectOrArray_thenDoesNotThrow(String payload) {
        assertThatCode(() -> read(payload)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "123", "4294967295", "0000000001", "0042"})
    void validId_whenNumericWithinAlibabaRange_thenTrue(String id) {
        assertThat(AlinkCodec.validId(id)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "4294967296",   // one past 2^32-1
            "9999999999",   // 10 digits, too large
            "12345678901",  // 11 digits
            "00000000001",  // 11 digits, even though small
            "-1",
            "+1",
            "1.0",
            "1e3",
            "12a",
            "abc",
            " 1",
            "1 ",
            "0x10",
    })
    void validId_whenOutOfRangeOrNotDigits_thenFalse(String id) {
        assertThat(AlinkCodec.validId(id)).isFalse();
    }

    /** Alibaba ids are ASCII decimal strings; other Unicode digits are not digits on the wire. */
    @ParameterizedTest
    @ValueSource(strings = {"\u0661\u0662\u0663", "\uff11\uff12\uff13", "1\u0662"})
    void validId_whenNonAsciiDigits_thenFalse(String id) {
        assertThat(AlinkCodec.validId(id)).isFalse();
    }

    @Test
    void success_whenWritten_thenIdStringCodeNumberDataObjectAndMessage() {
        JsonNode reply = Json.MAPPER.readTree(AlinkCodec.write(
                AlinkCodec.success("123", null, "thing.event.property.post")));

        assertThat(reply.get("id").isString()).isTrue();
        assertThat(reply.get("id").asString()).isEqualTo("123");
        assertThat(reply.get("code").isIntegralNumber()).isTrue();
        assertThat(reply.get("code").intValue()).isEqualTo(200);
        assertThat(reply.get("data").isObject()).isTrue();
        assertThat(reply.get("data").size()).isZero();
        assertThat(reply.get("message").asString()).isEqualTo("success");
        assertThat(reply.get("method").asString()).isEqualTo("thing.event.property.post");
        assertThat(reply.get("version").asString()).isEqualTo("1.0");
    }

    @Test
    void success_whenDataGiven_thenDataWrittenAsIs() {
        var data = Json.object().put("Temp", 23.5);

        JsonNode reply = Json.MAPPER.readTree(AlinkCodec.writeString(AlinkCodec.success("9", data, null)));

        assertThat(reply.get("data").get("Temp").doubleValue()).isEqualTo(23.5);
        assertThat(reply.has("method")).as("null method omitted").isFalse();
    }

    @Test
    void error_whenWritten_thenAlinkCodeNumberEmptyDataAndMessageWithDetail() {
        JsonNode reply = Json.MAPPER.readTree(AlinkCodec.writeString(
                AlinkCodec.error("77", AlinkCode.PARAM_NOT_EXIST, "Foo", "thing.event.property.post")));

        assertThat(reply.get("id").isString()).isTrue();
        assertThat(reply.get("id").asString()).isEqualTo("77");
        assertThat(reply.get("code").isIntegralNumber()).isTrue();
        assertThat(reply.get("code").intValue()).isEqualTo(6304);
        assertThat(reply.get("data").isObject()).isTrue();
        assertThat(reply.get("message").asString()).isEqualTo("tsl parse: params not exist: Foo");
    }

    @Test
    void error_whenNoDetail_thenCodesOwnMessage() {
        AlinkReply reply = AlinkCodec.error("1", AlinkCode.PARAMS_TOO_MANY, null, null);

        assertThat(reply.code()).isEqualTo(6106);
        assertThat(reply.message()).isEqualTo("map size must less than 200");
    }

    @Test
    void readReply_whenWritten_thenReadBackEqual() {
        AlinkReply reply = AlinkCodec.success("123", Json.object().put("a", 1), "thing.service.Reboot");

        assertThat(AlinkCodec.readReply(AlinkCodec.write(reply))).isEqualTo(reply);
    }

    @Test
    void codes_matchAlibabasNumbers() {
        assertThat(AlinkCode.SUCCESS.code()).isEqualTo(200);
        assertThat(AlinkCode.PARAMS_TOO_MANY.code()).isEqualTo(6106);
        assertThat(AlinkCode.PARAMS_FORMAT_ERROR.code()).isEqualTo(6301);
        assertThat(AlinkCode.PARAM_NOT_EXIST.code()).isEqualTo(6304);
        assertThat(AlinkCode.INT_SPECS_ERROR.code()).isEqualTo(6306);
        assertThat(AlinkCode.FLOAT_SPECS_ERROR.code()).isEqualTo(6307);
        assertThat(AlinkCode.BOOL_SPECS_ERROR.code()).isEqualTo(6308);
        assertThat(AlinkCode.ENUM_SPECS_ERROR.code()).isEqualTo(6309);
        assertThat(AlinkCode.TEXT_SPECS_ERROR.code()).isEqualTo(6310);
        assertThat(AlinkCode.DATE_SPECS_ERROR.code()).isEqualTo(6311);
        assertThat(AlinkCode.STRUCT_SPECS_ERROR.code()).isEqualTo(6312);
        assertThat(AlinkCode.DOUBLE_SPECS_ERROR.code()).isEqualTo(6322);
        assertThat(AlinkCode.ARRAY_SPECS_ERROR.code()).isEqualTo(6324);
    }
}
