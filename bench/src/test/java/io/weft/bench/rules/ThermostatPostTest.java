package io.weft.bench.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.core.json.Json;
import io.weft.core.tsl.ThingModelJson;
import java.nio.charset.StandardCharsets;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ThermostatPostTest {
    @Test
    void payload_isAnAlinkPropertyPost_hotAboveTheThresholdAndCoolBelowIt() {
        JsonNode hot = Json.tree(new String(ThermostatPost.payload(41, true), StandardCharsets.US_ASCII));
        JsonNode cool = Json.tree(new String(ThermostatPost.payload(42, false), StandardCharsets.US_ASCII));

        assertThat(hot.get("id").asString()).isEqualTo("41");
        assertThat(hot.get("method").asString()).isEqualTo("thing.event.property.post");
        assertThat(hot.get("params").get("temperature").asDouble()).isEqualTo(85.0)
                .isGreaterThan(ThermostatPost.THRESHOLD);
        assertThat(cool.get("params").get("temperature").asDouble()).isLessThan(ThermostatPost.THRESHOLD);
        assertThat(cool.get("params").get("humidity").asInt()).isBetween(0, 100);
    }

    @Test
    void cool_staysWithinItsRangeWithOneDecimal() {
        LongStream.range(0, 1000).mapToObj(ThermostatPost::cool).forEach(t -> {
            assertThat(t).matches("\\d\\d\\.\\d");
            assertThat(Double.parseDouble(t)).isBetween(15.0, 34.9);
        });
    }

    @Test
    void thingModelJson_declaresTemperatureAndHumidity() {
        assertThat(ThingModelJson.parse(ThermostatPost.thingModelJson()).properties().stream()
                .map(p -> p.identifier()).toList()).containsExactly("temperature", "humidity");
    }

    @Test
    void ruleSql_readsTheProductsPropertyPostsAboveTheThreshold() {
        assertThat(ThermostatPost.ruleSql("a1x")).isEqualTo("SELECT temperature, deviceName() AS dn FROM "
                + "\"/a1x/+/thing/event/property/post\" WHERE temperature > 80");
    }
}
