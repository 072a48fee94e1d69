package io.weft.controlplane.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.controlplane.Api.Reply;
import io.weft.controlplane.OnRealParts;
import io.weft.core.envelope.Telemetry;
import io.weft.core.store.questdb.QuestDbWriter;
import io.weft.core.tsl.PropertyPoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Property values read back over REST from the real QuestDB, written the way the pipeline's sink writes them
 * ({@link QuestDbWriter}): the latest value of each property with its type and device time, and one property's
 * history newest first within {@code from <= time < to}. WAL tables show a write shortly after it is flushed, so
 * reads are awaited.
 */
class TelemetryApiIT extends OnRealParts {
    private static final String TSL = """
            {"properties":[
              {"identifier":"Temp","accessMode":"r","dataType":{"type":"float","specs":{"min":"-40","max":"120"}}},
              {"identifier":"Humidity","accessMode":"r","dataType":{"type":"int","specs":{"min":"0","max":"100"}}},
              {"identifier":"Label","accessMode":"rw","dataType":{"type":"text","specs":{"length":"32"}}},
              {"identifier":"Switch","accessMode":"rw","dataType":{"type":"bool","specs":{"0":"off","1":"on"}}},
              {"identifier":"Mode","accessMode":"rw","dataType":{"type":"enum","specs":{"0":"auto","1":"eco"}}},
              {"identifier":"Position","accessMode":"r","dataType":{"type":"struct","specs":[
                {"identifier":"lat","dataType":{"type":"double","specs":{}}},
                {"identifier":"lon","dataType":{"type":"double","specs":{}}}]}}]}""";
    private static final Duration VISIBLE = Duration.ofSeconds(20);

    private QuestDbWriter writer;
    private long messageId = 1;

    @BeforeEach
    void openWriter() {
        writer = new QuestDbWriter(PARTS.questDbHttp());
    }

    @AfterEach
    void closeWriter() {
        writer.close();
    }

    @Test
    void latest_answersTheNewestValueOfEachReportedProperty_withItsTypeAndTime() {
        String pk = product(uniqueKey("tel"));
        String dn = device(pk, "meter-1");
        assertThat(latest(pk, dn)).as("nothing reported yet").isEmpty();
        long t0 = System.currentTimeMillis() - 60_000;
        write(pk, dn, t0, Map.of("Temp", 21.5, "Humidity", 40L, "Label", "kitchen", "Switch", 1L,
                "Position", Map.of("lat", 30.25, "lon", 120.5)));
        write(pk, dn, t0 + 10_000, Map.of("Temp", 23.25)); // a post with only some of the properties
        write(pk, "other-device", t0 + 20_000, Map.of("Temp", -5.0, "Humidity", 99L));

        Map<String, JsonNode> latest = await().atMost(VISIBLE)
                .until(() -> latest(pk, dn), values -> values.containsKey("Temp")
                        && values.get("Temp").path("time").asLong() == t0 + 10_000);

        assertThat(latest.keySet()).as("Mode was never reported")
                .containsExactlyInAnyOrder("Temp", "Humidity", "Label", "Switch", "Position");
        JsonNode temp = latest.get("Temp");
        assertThat(temp.path("value").isFloatingPointNumber()).as(temp.toString()).isTrue();
        assertThat(temp.path("value").doubleValue()).isEqualTo(23.25);
        JsonNode humidity = latest.get("Humidity");
        assertThat(humidity.path("value").isIntegralNumber()).as(humidity.toString()).isTrue();
        assertThat(humidity.path("value").longValue()).isEqualTo(40);
        assertThat(humidity.path("time").asLong()).as("from the first post").isEqualTo(t0);
        JsonNode label = latest.get("Label");
        assertThat(label.path("value").isString()).as(label.toString()).isTrue();
        assertThat(label.path("value").asString()).isEqualTo("kitchen");
        assertThat(label.path("time").asLong()).isEqualTo(t0);
        JsonNode power = latest.get("Switch");
        assertThat(power.path("value").isIntegralNumber()).as(power.toString()).isTrue();
        assertThat(power.path("value").longValue()).isEqualTo(1);
        JsonNode position = latest.get("Position").path("value");
        assertThat(position.isObject()).as(position.toString()).isTrue();
        assertThat(position.path("lat").doubleValue()).isEqualTo(30.25);
        assertThat(position.path("lon").doubleValue()).isEqualTo(120.5);
        assertThat(latest.get("Position").path("time").asLong()).isEqualTo(t0);
    }

    @Test
    void history_answersNewestFirst_withinFromInclusiveToExclusive_andAtMostLimit() {
        String pk = product(uniqueKey("his"));
        String dn = device(pk, "meter-2");
        long t0 = System.currentTimeMillis() - 120_000;
        // One message with four readings at different device times: four rows.
        Telemetry batch = new Telemetry(messageId++, pk, dn, Telemetry.PROPERTY, null, List.of(
                new PropertyPoint("Temp", 20.0, t0), new PropertyPoint("Temp", 20.5, t0 + 1000),
                new PropertyPoint("Temp", 21.0, t0 + 2000), new PropertyPoint("Temp", 21.5, t0 + 3000)),
                System.currentTimeMillis());
        writer.write(batch);
        write(pk, dn, t0 + 3000, Map.of("Humidity", 10L));
        write(pk, "neighbour", t0 + 1500, Map.of("Temp", 99.0));
        writer.flush();
        String history = "/api/v1/devices/" + pk + "/" + dn + "/properties/Temp/history";

        List<JsonNode> all = await().atMost(VISIBLE).until(() -> values(api.get(history)), v -> v.size() == 4);

        assertThat(all).extracting(v -> v.path("time").asLong()).containsExactly(t0 + 3000, t0 + 2000, t0 + 1000, t0);
        assertThat(all).extracting(v -> v.path("value").doubleValue()).containsExactly(21.5, 21.0, 20.5, 20.0);
        assertThat(all).extracting(v -> v.path("identifier").asString()).containsOnly("Temp");
        assertThat(values(api.get(history + "?limit=2"))).extracting(v -> v.path("time").asLong())
                .containsExactly(t0 + 3000, t0 + 2000);
        assertThat(values(api.get(history + "?from=" + (t0 + 1000) + "&to=" + (t0 + 3000))))
                .extracting(v -> v.path("time").asLong()).containsExactly(t0 + 2000, t0 + 1000);
        assertThat(values(api.get(history + "?from=" + (t0 + 1000) + "&to=" + (t0 + 3000) + "&limit=1")))
                .extracting(v -> v.path("time").asLong()).containsExactly(t0 + 2000);
        assertThat(values(api.get(history + "?to=" + t0))).as("to is exclusive").isEmpty();
        assertThat(values(api.get("/api/v1/devices/" + pk + "/" + dn + "/properties/Mode/history")))
                .as("a property never reported").isEmpty();
    }

    @Test
    void history_ofUnknownProperty_answers404Problem() {
        String pk = product(uniqueKey("his"));
        String dn = device(pk, "meter-3");

        Reply missing = api.get("/api/v1/devices/" + pk + "/" + dn + "/properties/Pressure/history");

        assertProblem(missing, 404);
        assertThat(missing.json().path("detail").asString()).contains("Pressure");
    }

    @Test
    void history_withLimitOutside1To10000_answers400Problem() {
        String pk = product(uniqueKey("his"));
        String dn = device(pk, "meter-4");
        String history = "/api/v1/devices/" + pk + "/" + dn + "/properties/Temp/history";

        assertProblem(api.get(history + "?limit=0"), 400);
        assertProblem(api.get(history + "?limit=-1"), 400);
        assertProblem(api.get(history + "?limit=10001"), 400);
        assertProblem(api.get(history + "?limit=many"), 400);
        assertThat(api.get(history + "?limit=10000").status()).isEqualTo(200);
    }

    @Test
    void properties_ofUnknownDevice_answer404Problem() {
        String pk = product(uniqueKey("tel"));

        assertProblem(api.get("/api/v1/devices/" + pk + "/ghost/properties"), 404);
        assertProblem(api.get("/api/v1/devices/" + pk + "/ghost/properties/Temp/history"), 404);
        assertProblem(api.get("/api/v1/devices/nosuchproduct/ghost/properties"), 404);
    }

    /**
     * Product keys are case-sensitive ({@code a1B…} and {@code a1b…} are two products), so one product's
     * telemetry must never show up under another whose key differs only in case.
     */
    @Test
    void latest_ofAProductWhoseKeyDiffersOnlyInCase_doesNotShowTheOthersTelemetry() {
        String lower = uniqueKey("case");
        String upper = lower.toUpperCase(java.util.Locale.ROOT);
        product(upper);
        product(lower);
        device(upper, "twin-1");
        device(lower, "twin-1");
        long t = System.currentTimeMillis() - 30_000;
        write(upper, "twin-1", t, Map.of("Temp", 99.5));
        await().atMost(VISIBLE).until(() -> latest(upper, "twin-1"), values -> values.containsKey("Temp"));

        assertThat(latest(lower, "twin-1")).as("product %s reported nothing; %s did", lower, upper).isEmpty();
    }

    private String product(String pk) {
        Reply created = api.post("/api/v1/products",
                "{\"productKey\":\"" + pk + "\",\"name\":\"Meter\",\"thingModel\":" + TSL + "}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return pk;
    }

    private String device(String pk, String dn) {
        Reply registered = api.post("/api/v1/products/" + pk + "/devices", "{\"deviceName\":\"" + dn + "\"}");
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        return dn;
    }

    /** Writes one property post of the device at one device time, and flushes it. */
    private void write(String pk, String dn, long time, Map<String, Object> values) {
        List<PropertyPoint> points = new ArrayList<>();
        values.forEach((id, value) -> points.add(new PropertyPoint(id, value, time)));
        writer.write(new Telemetry(messageId++, pk, dn, Telemetry.PROPERTY, null, points, System.currentTimeMillis()));
        writer.flush();
    }

    private Map<String, JsonNode> latest(String pk, String dn) {
        Reply reply = api.get("/api/v1/devices/" + pk + "/" + dn + "/properties");
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        for (JsonNode value : values(reply)) {
            assertThat(byId.put(value.path("identifier").asString(), value)).as("one value per property: " + reply)
                    .isNull();
        }
        return byId;
    }

    private static List<JsonNode> values(Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        JsonNode array = reply.json();
        assertThat(array.isArray()).as(reply.toString()).isTrue();
        List<JsonNode> values = new ArrayList<>();
        array.forEach(values::add);
        return values;
    }
}
