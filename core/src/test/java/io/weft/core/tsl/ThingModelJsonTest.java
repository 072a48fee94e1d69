package io.weft.core.tsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.weft.core.alink.AlinkCode;
import io.weft.core.json.Json;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Verifies import and export of thing models in Alibaba's TSL JSON (ALIBABA.md, "Thing model (TSL) JSON"):
 * every type and its specs are read, the built-in post event and set/get services are derived rather than
 * imported, export then import gives the same model, and import reports every problem at once.
 */
class ThingModelJsonTest {

    private static DataType.Numeric numeric(String type, String min, String max, String step, String unit,
                                            String unitName) {
        return new DataType.Numeric(type, min == null ? null : new BigDecimal(min),
                max == null ? null : new BigDecimal(max), step == null ? null : new BigDecimal(step), unit, unitName);
    }

    private static DataType type(ThingModel model, String property) {
        return model.property(property).orElseThrow().dataType();
    }

    @Test
    void parse_whenRealisticDocument_thenProductKeyAndPropertiesInDeclarationOrder() {
        ThingModel model = SmartMeter.model();

        assertThat(model.productKey()).isEqualTo(SmartMeter.PRODUCT_KEY);
        assertThat(model.properties()).extracting(ThingModel.Property::identifier).containsExactly(
                "PowerSwitch", "Temp", "Voltage", "Counter", "Level", "Ticks", "Mode", "Label", "InstallDate",
                "Position", "Samples", "Readings");
    }

    @Test
    void parse_whenRealisticDocument_thenPropertyAttributesRead() {
        ThingModel model = SmartMeter.model();

        assertThat(model.property("PowerSwitch")).contains(new ThingModel.Property("PowerSwitch", "Power switch",
                ThingModel.AccessMode.RW, true, new DataType.Bool(Map.of(0, "off", 1, "on"))));
        assertThat(model.property("Temp").orElseThrow().accessMode()).isEqualTo(ThingModel.AccessMode.R);
        assertThat(model.property("Temp").orElseThrow().required()).isFalse();
        assertThat(model.property("Ticks").orElseThrow().name()).isEqualTo("Ticks");
        assertThat(model.property("Ticks").orElseThrow().required()).as("required defaults to false").isFalse();
    }

    @Test
    void parse_whenNumericTypes_thenMinMaxStepAndUnitsRead() {
        ThingModel model = SmartMeter.model();

        assertThat(type(model, "Temp")).isEqualTo(numeric("float", "-40", "120", "0.1", "°C", "摄氏度"));
        assertThat(type(model, "Voltage")).isEqualTo(numeric("double", "0", "500", "0.01", "V", "伏特"));
        assertThat(type(model, "Counter")).isEqualTo(numeric("int", "0", "1000", "1", "", ""));
        assertThat(type(model, "Level")).isEqualTo(numeric("int", "0", "100", "5", "%", "百分比"));
        assertThat(type(model, "Ticks")).as("absent specs are unbounded")
                .isEqualTo(numeric("int", null, null, null, "count", null));
        assertThat(((DataType.Numeric) type(model, "Counter")).integral()).isTrue();
        assertThat(((DataType.Numeric) type(model, "Temp")).integral()).isFalse();
    }

    @Test
    void parse_whenTextDateBoolEnum_thenSpecsRead() {
        ThingModel model = SmartMeter.model();

        assertThat(type(model, "Label")).isEqualTo(new DataType.Text(16));
        assertThat(type(model, "InstallDate")).isEqualTo(new DataType.Date());
        assertThat(type(model, "Mode")).isEqualTo(new DataType.Enum(Map.of(0, "auto", 1, "cool", 2, "heat")));
    }

    @Test
    void parse_whenStruct_thenMembersWithTheirOwnTypes() {
        assertThat(type(SmartMeter.model(), "Position")).isEqualTo(new DataType.Struct(List.of(
                new DataType.Member("latitude", "Latitude", numeric("double", "-90", "90", "0.000001", "°", "度")),
                new DataType.Member("longitude", "Longitude",
                        numeric("double", "-180", "180", "0.000001", "°", "度")),
                new DataType.Member("Name", "Place name", new DataType.Text(32)))));
    }

    @Test
    void parse_whenArrayOfIntAndArrayOfStruct_thenSizeAndItemType() {
        ThingModel model = SmartMeter.model();

        assertThat(type(model, "Samples")).isEqualTo(new DataType.Array(8, numeric("int", "0", "255", "1", null, null)));
        assertThat(type(model, "Readings")).isEqualTo(new DataType.Array(4, new DataType.Struct(List.of(
                new DataType.Member("ts", "Timestamp", new DataType.Date()),
                new DataType.Member("val", "Value", numeric("float", "-1000", "1000", "0.1", null, null))))));
    }

    @Test
    void parse_whenEvents_thenBuiltInPostSkippedAndOthersRead() {
        ThingModel model = SmartMeter.model();

        assertThat(model.events()).extracting(ThingModel.Event::identifier).containsExactly("Overheat");
        ThingModel.Event overheat = model.event("Overheat").orElseThrow();
        assertThat(overheat.name()).isEqualTo("Overheat alarm");
        assertThat(overheat.type()).isEqualTo("alert");
        assertThat(overheat.method()).isEqualTo("thing.event.Overheat.post");
        assertThat(overheat.outputData()).containsExactly(
                new DataType.Member("Temp", "Temperature", numeric("float", "-40", "200", "0.1", "°C", "摄氏度")),
                new DataType.Member("Severity", "Severity", new DataType.Enum(Map.of(1, "warning", 2, "critical"))));
    }

    @Test
    void parse_whenServices_thenBuiltInSetAndGetSkippedAndOthersRead() {
        ThingModel model = SmartMeter.model();

        assertThat(model.services()).extracting(ThingModel.Service::identifier).containsExactly("Reboot", "Calibrate");
        assertThat(model.service("Reboot")).contains(new ThingModel.Service("Reboot", "Reboot", "async",
                "thing.service.Reboot",
                List.of(new DataType.Member("Delay", "Delay in seconds", numeric("int", "0", "3600", "1", "s", "秒"))),
                List.of(new DataType.Member("Result", "Result", new DataType.Text(64)))));
        ThingModel.Service calibrate = model.service("Calibrate").orElseThrow();
        assertThat(calibrate.callType()).isEqualTo("sync");
        assertThat(calibrate.outputData()).isEmpty();
    }

    @Test
    void exportThenParse_givesTheSameModel() {
        ThingModel model = SmartMeter.model();

        assertThat(ThingModelJson.parse(ThingModelJson.export(model))).isEqualTo(model);
        assertThat(ThingModelJson.parse(ThingModelJson.exportString(model))).isEqualTo(model);
    }

    @Test
    void export_whenExportedTwice_thenIdenticalText() {
        ThingModel model = SmartMeter.model();

        String once = ThingModelJson.exportString(model);

        assertThat(ThingModelJson.exportString(ThingModelJson.parse(once))).isEqualTo(once);
    }

    @Test
    void export_thenAlibabaShapeWithSchemaProfileAndSpecsAsStrings() {
        ObjectNode exported = ThingModelJson.export(SmartMeter.model());

        assertThat(exported.get("schema").asString()).isEqualTo(ThingModelJson.SCHEMA);
        assertThat(exported.get("profile").get("productKey").asString()).isEqualTo(SmartMeter.PRODUCT_KEY);
        JsonNode temp = exported.get("properties").get(1);
        assertThat(temp.get("identifier").asString()).isEqualTo("Temp");
        assertThat(temp.get("accessMode").asString()).isEqualTo("r");
        assertThat(temp.get("dataType").get("specs").get("min").isString()).isTrue();
        assertThat(temp.get("dataType").get("specs").get("step").asString()).isEqualTo("0.1");
        JsonNode samples = exported.get("properties").get(10).get("dataType");
        assertThat(samples.get("specs").get("size").asString()).isEqualTo("8");
        assertThat(samples.get("specs").get("item").get("type").asString()).isEqualTo("int");
    }

    @Test
    void export_thenBuiltInPostEventAndSetGetServicesDerivedFromProperties() {
        ThingModel model = SmartMeter.model();
        ObjectNode exported = ThingModelJson.export(model);

        JsonNode post = exported.get("events").get(0);
        assertThat(post.get("identifier").asString()).isEqualTo("post");
        assertThat(post.get("method").asString()).isEqualTo("thing.event.property.post");
        assertThat(post.get("outputData").size()).isEqualTo(model.properties().size());

        JsonNode set = exported.get("services").get(0);
        assertThat(set.get("identifier").asString()).isEqualTo("set");
        assertThat(set.get("method").asString()).isEqualTo("thing.service.property.set");
        assertThat(set.get("inputData").valueStream().map(m -> m.get("identifier").asString()).toList())
                .as("only read-write properties can be set")
                .containsExactly("PowerSwitch", "Level", "Mode", "Label");

        JsonNode get = exported.get("services").get(1);
        assertThat(get.get("identifier").asString()).isEqualTo("get");
        assertThat(get.get("method").asString()).isEqualTo("thing.service.property.get");
        assertThat(get.get("inputData").size()).isEqualTo(model.properties().size());
        assertThat(get.get("inputData").get(0).asString()).isEqualTo("PowerSwitch");
    }

    @Test
    void parse_whenSeveralPropertiesBroken_thenEveryProblemReportedWithItsPath() {
        String json = """
                {"profile": {"productKey": "pk"},
                 "properties": [
                   {"identifier": "Good", "dataType": {"type": "int", "specs": {"min": "0", "max": "10"}}},
                   {"identifier": "bad id!", "dataType": {"type": "int", "specs": {}}},
                   {"identifier": "Wide", "dataType": {"type": "long", "specs": {}}},
                   {"identifier": "Inverted", "dataType": {"type": "double", "specs": {"min": "10", "max": "1"}}},
                   {"identifier": "NotANumber", "dataType": {"type": "float", "specs": {"min": "abc"}}},
                   {"identifier": "Backwards", "dataType": {"type": "int", "specs": {"step": "-1"}}},
                   {"identifier": "Empty", "dataType": {"type": "text", "specs": {"length": "0"}}},
                   {"identifier": "Huge", "dataType": {"type": "array", "specs": {"size": "600",
                      "item": {"type": "int", "specs": {}}}}},
                   {"identifier": "Nested", "dataType": {"type": "array", "specs": {"size": "2",
                      "item": {"type": "array", "specs": {"size": "2", "item": {"type": "int", "specs": {}}}}}}},
                   {"identifier": "NoValues", "dataType": {"type": "enum", "specs": {}}},
                   {"identifier": "BadKeys", "dataType": {"type": "enum", "specs": {"one": "a"}}},
                   {"identifier": "Shape", "dataType": {"type": "struct", "specs": {"x": 1}}},
                   {"identifier": "Good", "dataType": {"type": "int", "specs": {}}},
                   {"dataType": {"type": "int", "specs": {}}}
                 ],
                 "events": [
                   {"identifier": "Alarm", "type": "alert",
                    "outputData": [{"identifier": "Code", "dataType": {"type": "integer"}}]}
                 ],
                 "services": [
                   {"identifier": "Reboot", "inputData": [{"dataType": {"type": "int", "specs": {}}}]}
                 ]}""";

        ThingModelException e = catchThrowableOfType(ThingModelException.class, () -> ThingModelJson.parse(json));

        assertThat(e).isNotNull();
        assertThat(e.errors()).extracting(FieldError::path).containsExactlyInAnyOrder(
                "properties[1].identifier",
                "properties[2].dataType.type",
                "properties[3].dataType.specs",
                "properties[4].dataType.specs.min",
                "properties[5].dataType.specs.step",
                "properties[6].dataType.specs.length",
                "properties[7].dataType.specs.size",
                "properties[8].dataType.specs.item",
                "properties[9].dataType.specs",
                "properties[10].dataType.specs.one",
                "properties[10].dataType.specs", // and, with no valid key left, no values at all
                "properties[11].dataType.specs",
                "properties[12].identifier",
                "properties[13].identifier",
                "events[0].outputData[0].dataType.type",
                "services[0].inputData[0].identifier");
        assertThat(e.errors()).extracting(FieldError::code).containsOnly(AlinkCode.REQUEST_PARAMETER_ERROR);
        assertThat(e.getMessage()).contains("properties[2].dataType.type");
    }

    @Test
    void parse_whenIdentifierTooLong_thenRejected() {
        String json = "{\"properties\":[{\"identifier\":\"" + "a".repeat(51)
                + "\",\"dataType\":{\"type\":\"int\",\"specs\":{}}}]}";

        assertThatThrownBy(() -> ThingModelJson.parse(json)).isInstanceOf(ThingModelException.class);
    }

    @Test
    void parse_whenIdentifierOfFiftyCharacters_thenAccepted() {
        String id = "A_1".repeat(16) + "zz";
        String json = "{\"properties\":[{\"identifier\":\"" + id + "\",\"dataType\":{\"type\":\"int\",\"specs\":{}}}]}";

        assertThat(ThingModelJson.parse(json).property(id)).isPresent();
    }

    @Test
    void parse_whenNoPropertiesEventsOrServices_thenEmptyModel() {
        ThingModel model = ThingModelJson.parse("{\"profile\":{\"productKey\":\"pk\"}}");

        assertThat(model.properties()).isEmpty();
        assertThat(model.events()).isEmpty();
        assertThat(model.services()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{\"properties\":[", "[]", "\"tsl\"", "42", ""})
    void parse_whenNotAJsonObject_thenOneErrorAtTheRoot(String json) {
        ThingModelException e = catchThrowableOfType(ThingModelException.class, () -> ThingModelJson.parse(json));

        assertThat(e).isNotNull();
        assertThat(e.errors()).singleElement().satisfies(error -> {
            assertThat(error.path()).isEqualTo("$");
            assertThat(error.code()).isEqualTo(AlinkCode.REQUEST_PARAMETER_ERROR);
        });
    }

    /** Import reports problems as FieldErrors; a list written as an object is such a problem, not a crash. */
    @ParameterizedTest
    @ValueSource(strings = {
            "{\"properties\":{\"Temp\":{\"identifier\":\"Temp\",\"dataType\":{\"type\":\"int\",\"specs\":{}}}}}",
            "{\"events\":{\"Alarm\":{\"identifier\":\"Alarm\"}}}",
            "{\"services\":[{\"identifier\":\"Reboot\",\"inputData\":{\"Delay\":{\"identifier\":\"Delay\"}}}]}",
    })
    void parse_whenAListIsWrittenAsAnObject_thenThingModelException(String json) {
        assertThatThrownBy(() -> ThingModelJson.parse(json)).isInstanceOf(ThingModelException.class);
    }

    /** A spec that is an object or array instead of a string is a FieldError like "abc" is, not a crash. */
    @ParameterizedTest
    @ValueSource(strings = {
            "{\"properties\":[{\"identifier\":\"T\",\"dataType\":{\"type\":\"int\",\"specs\":{\"min\":{\"v\":1}}}}]}",
            "{\"properties\":[{\"identifier\":\"T\",\"dataType\":{\"type\":\"text\",\"specs\":{\"length\":[16]}}}]}",
            "{\"properties\":[{\"identifier\":\"M\",\"dataType\":{\"type\":\"enum\",\"specs\":{\"0\":{\"a\":1}}}}]}",
    })
    void parse_whenSpecValueIsStructured_thenThingModelException(String json) {
        assertThatThrownBy(() -> ThingModelJson.parse(json)).isInstanceOf(ThingModelException.class);
    }

    /** 4294967297 is not in 1..10240; it must not be read as its low 32 bits (1). */
    @Test
    void parse_whenTextLengthOverflowsAnInt_thenRejectedNotTruncated() {
        String json = "{\"properties\":[{\"identifier\":\"Label\",\"dataType\":"
                + "{\"type\":\"text\",\"specs\":{\"length\":\"4294967297\"}}}]}";

        assertThatThrownBy(() -> ThingModelJson.parse(json)).isInstanceOf(ThingModelException.class);
    }

    @Test
    void parse_whenTextLengthAbsent_thenAlibabaMaximum() {
        ThingModel model = ThingModelJson.parse(
                "{\"properties\":[{\"identifier\":\"Label\",\"dataType\":{\"type\":\"text\"}}]}");

        assertThat(type(model, "Label")).isEqualTo(new DataType.Text(DataType.Text.MAX_LENGTH));
    }

    @Test
    void parse_whenSpecsGivenAsJsonNumbers_thenReadLikeStrings() {
        ThingModel model = ThingModelJson.parse("""
                {"properties":[{"identifier":"T","dataType":{"type":"int","specs":{"min":0,"max":10,"step":2}}}]}""");

        assertThat(type(model, "T")).isEqualTo(numeric("int", "0", "10", "2", null, null));
    }

    @Test
    void parse_whenTreeGiven_thenSameAsText() {
        assertThat(ThingModelJson.parse(Json.tree(SmartMeter.json()))).isEqualTo(SmartMeter.model());
    }
}
