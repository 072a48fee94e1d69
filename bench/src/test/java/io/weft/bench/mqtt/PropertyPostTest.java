package io.weft.bench.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.core.alink.AlinkCodec;
import io.weft.core.alink.AlinkRequest;
import io.weft.core.tsl.DataType;
import io.weft.core.tsl.ThingModel;
import io.weft.core.tsl.ThingModelJson;
import io.weft.core.tsl.ThingModelValidator;
import io.weft.core.tsl.Validation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PropertyPostTest {

    @ParameterizedTest
    @ValueSource(longs = {0, 7, 123_456, 4_294_967_295L})
    void payload_isPaddedToExactlyTheSizeAsked_whateverTheId(long id) {
        assertThat(new PropertyPost(200).payload(id)).hasSize(200);
        assertThat(new PropertyPost(512).payload(id)).hasSize(512);
    }

    @Test
    void payload_whenSizeAskedIsBelowTheUnpaddedJson_thenHasNoPadding() {
        String json = new String(new PropertyPost(10).payload(7));

        assertThat(json).isEqualTo("{\"id\":\"7\",\"version\":\"1.0\",\"params\":{\"Temp\":20.7,\"Pad\":\"\"},"
                + "\"method\":\"thing.event.property.post\"}");
    }

    @Test
    void payload_isAnAlinkPropertyPost() {
        AlinkRequest request = AlinkCodec.readRequest(new PropertyPost(200).payload(42)).orElseThrow();

        assertThat(request.id()).isEqualTo("42");
        assertThat(request.version()).isEqualTo("1.0");
        assertThat(request.method()).isEqualTo("thing.event.property.post");
        assertThat(request.params().get("Temp").asDouble()).isEqualTo(24.2);
        assertThat(request.params().get("Pad").asString()).matches("x+");
    }

    @Test
    void thingModel_declaresAFloatTempAndAPadLongEnoughForThePayload() {
        ThingModel small = ThingModelJson.parse(new PropertyPost(200).thingModelJson());
        ThingModel large = ThingModelJson.parse(new PropertyPost(4000).thingModelJson());

        assertThat(small.property("Temp").orElseThrow().dataType())
                .isEqualTo(new DataType.Numeric("float", new java.math.BigDecimal("-40"),
                        new java.math.BigDecimal("120"), null, "°C", null));
        assertThat(small.property("Pad").orElseThrow().dataType()).isEqualTo(new DataType.Text(PropertyPost.PAD_LENGTH));
        assertThat(large.property("Pad").orElseThrow().dataType()).isEqualTo(new DataType.Text(4000));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 200, 512, 4000})
    void payload_passesTheThingModelWeftValidatesItAgainst(int payloadBytes) {
        PropertyPost post = new PropertyPost(payloadBytes);
        ThingModel model = ThingModelJson.parse(post.thingModelJson());
        AlinkRequest request = AlinkCodec.readRequest(post.payload(99)).orElseThrow();

        Validation validation = ThingModelValidator.propertyPost(model, request.params(), 0L);

        assertThat(validation.errors()).isEmpty();
    }
}
