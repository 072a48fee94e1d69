package io.weft.core.tsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.weft.core.alink.AlinkCode;
import io.weft.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Verifies that Alink params are checked against the thing model as Alibaba's platform does: every data type and
 * spec, the {@code {"value":..,"time":..}} form, the Alink code of each error, every error reported together,
 * and a message with any error rejected whole. The model is {@code tsl/smart-meter.json}.
 */
class ThingModelValidatorTest {
    private static final ThingModel MODEL = SmartMeter.model();
    private static final long NOW = 1_700_000_000_000L;

    private static Validation post(String params) {
        return ThingModelValidator.propertyPost(MODEL, Json.tree(params), NOW);
    }

    /** Posts {@code {"<property>": <value>}}. */
    private static Validation post(String property, String valueJson) {
        return post("{\"" + property + "\":" + valueJson + "}");
    }

    private static void assertAccepted(Validation v, String property, Object value) {
        assertThat(v.errors()).isEmpty();
        assertThat(v.valid()).isTrue();
        assertThat(v.points()).containsExactly(new PropertyPoint(property, value, NOW));
    }

    private static void assertRejected(Validation v, String path, AlinkCode code) {
        assertThat(v.valid()).isFalse();
        assertThat(v.points()).isEmpty();
        assertThat(v.errors()).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo(path);
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.reason()).isNotBlank();
        });
    }

    @Nested
    class IntType {
        @Test
        void whenIntegralWithinSpecs_thenLong() {
            assertAccepted(post("Counter", "5"), "Counter", 5L);
            assertAccepted(post("Counter", "0"), "Counter", 0L);
            assertAccepted(post("Counter", "1000"), "Counter", 1000L);
        }

        @Test
        void whenBelowMinOrAboveMax_thenIntSpecsError() {
            assertRejected(post("Counter", "-1"), "Counter", AlinkCode.INT_SPECS_ERROR);
            assertRejected(post("Counter", "1001"), "Counter", AlinkCode.INT_SPECS_ERROR);
        }

        @Test
        void whenOnStep_thenAcceptedElseIntSpecsError() {
            assertAccepted(post("Level", "15"), "Level", 15L);
            assertAccepted(post("Level", "100"), "Level", 100L);
            assertRejected(post("Level", "17"), "Level", AlinkCode.INT_SPECS_ERROR);
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"5\"", "true", "[5]", "{\"v\":5}", "\"\""})
        void whenNotANumber_thenIntSpecsError(String value) {
            assertRejected(post("Counter", value), "Counter", AlinkCode.INT_SPECS_ERROR);
        }

        @ParameterizedTest
        @ValueSource(strings = {"5.5", "0.1", "999.999"})
        void whenFractional_thenIntSpecsError(String value) {
            assertRejected(post("Counter", value), "Counter", AlinkCode.INT_SPECS_ERROR);
        }

        @Test
        void whenUnboundedAndWithin32Bits_thenAccepted() {
            assertAccepted(post("Ticks", "2147483647"), "Ticks", 2147483647L);
            assertAccepted(post("Ticks", "-2147483648"), "Ticks", -2147483648L);
        }

        @ParameterizedTest
        @ValueSource(strings = {"2147483648", "-2147483649", "9223372036854775807", "18446744073709551616"})
        void whenBeyond32Bits_thenIntSpecsError(String value) {
            assertRejected(post("Ticks", value), "Ticks", AlinkCode.INT_SPECS_ERROR);
        }

        @Test
        void whenNull_thenIntSpecsError() {
            assertRejected(post("Counter", "null"), "Counter", AlinkCode.INT_SPECS_ERROR);
        }
    }

    @Nested
    class FloatType {
        @Test
        void whenWithinSpecsAndOnStep_thenDouble() {
            assertAccepted(post("Temp", "23.5"), "Temp", 23.5);
            assertAccepted(post("Temp", "-40"), "Temp", -40.0);
            assertAccepted(post("Temp", "120"), "Temp", 120.0);
            assertAccepted(post("Temp", "23"), "Temp", 23.0);
        }

        @ParameterizedTest
        @ValueSource(strings = {"-40.1", "120.1", "1e10"})
        void whenOutOfRange_thenFloatSpecsError(String value) {
            assertRejected(post("Temp", value), "Temp", AlinkCode.FLOAT_SPECS_ERROR);
        }

        @Test
        void whenOffStep_thenFloatSpecsError() {
            assertRejected(post("Temp", "23.55"), "Temp", AlinkCode.FLOAT_SPECS_ERROR);
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"23.5\"", "false", "[]"})
        void whenNotANumber_thenFloatSpecsError(String value) {
            assertRejected(post("Temp", value), "Temp", AlinkCode.FLOAT_SPECS_ERROR);
        }
    }

    @Nested
    class DoubleType {
        @Test
        void whenWithinSpecsAndOnStep_thenDouble() {
            assertAccepted(post("Voltage", "230.25"), "Voltage", 230.25);
            assertAccepted(post("Voltage", "0"), "Voltage", 0.0);
            assertAccepted(post("Voltage", "500"), "Voltage", 500.0);
        }

        @ParameterizedTest
        @ValueSource(strings = {"-0.01", "500.01"})
        void whenBelowMinOrAboveMax_thenDoubleSpecsError(String value) {
            assertRejected(post("Voltage", value), "Voltage", AlinkCode.DOUBLE_SPECS_ERROR);
        }

        @Test
        void whenOffStep_thenDoubleSpecsError() {
            assertRejected(post("Voltage", "230.255"), "Voltage", AlinkCode.DOUBLE_SPECS_ERROR);
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"230\"", "true", "{}"})
        void whenNotANumber_thenDoubleSpecsError(String value) {
            assertRejected(post("Voltage", value), "Voltage", AlinkCode.DOUBLE_SPECS_ERROR);
        }
    }

    @Nested
    class TextType {
        @Test
        void whenWithinLength_thenString() {
            assertAccepted(post("Label", "\"kitchen\""), "Label", "kitchen");
            assertAccepted(post("Label", "\"\""), "Label", "");
            assertAccepted(post("Label", "\"" + "x".repeat(16) + "\""), "Label", "x".repeat(16));
        }

        @Test
        void whenLongerThanLengthInBytes_thenTextSpecsError() {
            assertRejected(post("Label", "\"" + "x".repeat(17) + "\""), "Label", AlinkCode.TEXT_SPECS_ERROR);
        }

        @Test
        void whenMultibyteCharacters_thenLengthCountsUtf8Bytes() {
            // 5 CJK characters are 15 UTF-8 bytes: fits in 16. 6 are 18 bytes: too long, though only 6 chars.
            assertAccepted(post("Label", "\"温度传感器\""), "Label", "温度传感器");
            assertRejected(post("Label", "\"温度传感器一\""), "Label", AlinkCode.TEXT_SPECS_ERROR);
        }

        @Test
        void whenFourByteCharacters_thenCountedAsFourBytes() {
            List<FieldError> errors = new ArrayList<>();
            // U+1F600 is 4 UTF-8 bytes (2 UTF-16 chars): 4 of them are 16 bytes, "a" makes 17.
            String fourEmoji = "\uD83D\uDE00".repeat(4);

            assertThat(ThingModelValidator.check(new DataType.Text(16), Json.MAPPER.getNodeFactory()
                    .stringNode(fourEmoji), "Label", errors)).isEqualTo(fourEmoji);
            assertThat(ThingModelValidator.check(new DataType.Text(16), Json.MAPPER.getNodeFactory()
                    .stringNode(fourEmoji + "a"), "Label", errors)).isNull();
            assertThat(errors).extracting(FieldError::code).containsExactly(AlinkCode.TEXT_SPECS_ERROR);
        }

        @ParameterizedTest
        @ValueSource(strings = {"5", "true", "[\"a\"]", "{\"a\":\"b\"}", "null"})
        void whenNotAString_thenTextSpecsError(String value) {
            assertRejected(post("Label", value), "Label", AlinkCode.TEXT_SPECS_ERROR);
        }
    }

    @Nested
    class DateType {
        @Test
        void whenEpochMillisAsNumberOrString_thenLong() {
            assertAccepted(post("InstallDate", "1524448722000"), "InstallDate", 1524448722000L);
            assertAccepted(post("InstallDate", "\"1524448722000\""), "InstallDate", 1524448722000L);
            assertAccepted(post("InstallDate", "0"), "InstallDate", 0L);
        }

        @ParameterizedTest
        @ValueSource(strings = {"-1", "\"-1\"", "\"yesterday\"", "\"2018-04-23T01:58:42Z\"", "\"\"", "1.5e12",
                "\"1524448722000.0\"", "true", "{}", "\"1234567890123456789\""})
        void whenNegativeOrGarbage_thenDateSpecsError(String value) {
            assertRejected(post("InstallDate", value), "InstallDate", AlinkCode.DATE_SPECS_ERROR);
        }
    }

    @Nested
    class BoolType {
        @Test
        void whenZeroOrOne_thenLong() {
            assertAccepted(post("PowerSwitch", "0"), "PowerSwitch", 0L);
            assertAccepted(post("PowerSwitch", "1"), "PowerSwitch", 1L);
        }

        @Test
        void whenJsonBoolean_thenOneOrZero() {
            assertAccepted(post("PowerSwitch", "true"), "PowerSwitch", 1L);
            assertAccepted(post("PowerSwitch", "false"), "PowerSwitch", 0L);
        }

        @ParameterizedTest
        @ValueSource(strings = {"2", "-1", "1.0", "0.5", "\"1\"", "\"true\"", "[]", "{}"})
        void whenAnythingElse_thenBoolSpecsError(String value) {
            assertRejected(post("PowerSwitch", value), "PowerSwitch", AlinkCode.BOOL_SPECS_ERROR);
        }

        /** The validator reports errors, it does not throw: an integer beyond 64 bits is just not 0 or 1. */
        @ParameterizedTest
        @ValueSource(strings = {"18446744073709551616", "18446744073709551617", "-18446744073709551616"})
        void whenIntegerBeyond64Bits_thenBoolSpecsErrorNotAnException(String value) {
            assertThatCode(() -> assertRejected(post("PowerSwitch", value), "PowerSwitch",
                    AlinkCode.BOOL_SPECS_ERROR)).doesNotThrowAnyException();
        }
    }

    @Nested
    class EnumType {
        @Test
        void whenDefinedKey_thenLong() {
            assertAccepted(post("Mode", "0"), "Mode", 0L);
            assertAccepted(post("Mode", "2"), "Mode", 2L);
        }

        @ParameterizedTest
        @ValueSource(strings = {"3", "-1", "2147483648", "99999999999999999999"})
        void whenUndefinedKey_thenEnumSpecsError(String value) {
            assertRejected(post("Mode", value), "Mode", AlinkCode.ENUM_SPECS_ERROR);
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"1\"", "\"cool\"", "1.0", "1.5", "true", "[1]"})
        void whenNotAnInteger_thenEnumSpecsError(String value) {
            assertRejected(post("Mode", value), "Mode", AlinkCode.ENUM_SPECS_ERROR);
        }
    }

    @Nested
    class StructType {
        @Test
        void whenMembersTyped_thenMapOfTypedValues() {
            Validation v = post("Position", "{\"latitude\":30.123456,\"longitude\":120.2,\"Name\":\"Hangzhou\"}");

            assertAccepted(v, "Position", Map.of("latitude", 30.123456, "longitude", 120.2, "Name", "Hangzhou"));
        }

        @Test
        void whenSomeMembersAbsent_thenAcceptedWithThoseGiven() {
            assertAccepted(post("Position", "{\"latitude\":1}"), "Position", Map.of("latitude", 1.0));
        }

        @Test
        void whenUnknownMember_thenStructSpecsErrorAtTheMember() {
            assertRejected(post("Position", "{\"latitude\":1,\"altitude\":12}"), "Position.altitude",
                    AlinkCode.STRUCT_SPECS_ERROR);
        }

        @Test
        void whenMemberOfWrongType_thenThatTypesErrorAtTheMember() {
            assertRejected(post("Position", "{\"latitude\":\"north\"}"), "Position.latitude",
                    AlinkCode.DOUBLE_SPECS_ERROR);
            assertRejected(post("Position", "{\"latitude\":91}"), "Position.latitude",
                    AlinkCode.DOUBLE_SPECS_ERROR);
            assertRejected(post("Position", "{\"Name\":7}"), "Position.Name", AlinkCode.TEXT_SPECS_ERROR);
        }

        @ParameterizedTest
        @ValueSource(strings = {"5", "\"30,120\"", "[30,120]", "true"})
        void whenNotAnObject_thenStructSpecsError(String value) {
            assertRejected(post("Position", value), "Position", AlinkCode.STRUCT_SPECS_ERROR);
        }

        @Test
        void whenSeveralMembersWrong_thenEveryOneReported() {
            Validation v = post("Position", "{\"latitude\":-91,\"longitude\":\"east\",\"floor\":3}");

            assertThat(v.points()).isEmpty();
            assertThat(v.errors()).extracting(FieldError::path, FieldError::code).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple("Position.latitude", AlinkCode.DOUBLE_SPECS_ERROR),
                    org.assertj.core.groups.Tuple.tuple("Position.longitude", AlinkCode.DOUBLE_SPECS_ERROR),
                    org.assertj.core.groups.Tuple.tuple("Position.floor", AlinkCode.STRUCT_SPECS_ERROR));
        }
    }

    @Nested
    class ArrayType {
        @Test
        void whenItemsValid_thenListOfTypedItems() {
            assertAccepted(post("Samples", "[1,2,255]"), "Samples", List.of(1L, 2L, 255L));
            assertAccepted(post("Samples", "[]"), "Samples", List.of());
            assertAccepted(post("Samples", "[0,0,0,0,0,0,0,0]"), "Samples", List.of(0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L));
        }

        @Test
        void whenMoreItemsThanSize_thenArraySpecsError() {
            assertRejected(post("Samples", "[0,0,0,0,0,0,0,0,0]"), "Samples", AlinkCode.ARRAY_SPECS_ERROR);
        }

        @Test
        void whenOneItemWrong_thenItemsErrorAtItsIndex() {
            assertRejected(post("Samples", "[1,2,3,300]"), "Samples[3]", AlinkCode.INT_SPECS_ERROR);
        }

        @Test
        void whenSeveralItemsWrong_thenEachReportedWithItsIndex() {
            Validation v = post("Samples", "[1,\"two\",3,-4,5.5]");

            assertThat(v.points()).isEmpty();
            assertThat(v.errors()).extracting(FieldError::path).containsExactly("Samples[1]", "Samples[3]",
                    "Samples[4]");
            assertThat(v.errors()).extracting(FieldError::code).containsOnly(AlinkCode.INT_SPECS_ERROR);
        }

        @ParameterizedTest
        @ValueSource(strings = {"5", "\"1,2\"", "{\"0\":1}"})
        void whenNotAnArray_thenArraySpecsError(String value) {
            assertRejected(post("Samples", value), "Samples", AlinkCode.ARRAY_SPECS_ERROR);
        }

        @Test
        void whenArrayOfStruct_thenListOfMaps() {
            Validation v = post("Readings", "[{\"ts\":1524448722000,\"val\":1.5},{\"ts\":\"1524448723000\"}]");

            assertAccepted(v, "Readings", List.of(Map.of("ts", 1524448722000L, "val", 1.5),
                    Map.of("ts", 1524448723000L)));
        }

        @Test
        void whenArrayOfStructItemWrong_thenPathHasIndexAndMember() {
            assertRejected(post("Readings", "[{\"ts\":1,\"val\":1.5},{\"ts\":\"soon\"}]"), "Readings[1].ts",
                    AlinkCode.DATE_SPECS_ERROR);
            assertRejected(post("Readings", "[{\"ts\":1,\"unit\":\"V\"}]"), "Readings[0].unit",
                    AlinkCode.STRUCT_SPECS_ERROR);
            assertRejected(post("Readings", "[7]"), "Readings[0]", AlinkCode.STRUCT_SPECS_ERROR);
        }
    }

    @Nested
    class ValueTimeForm {
        @Test
        void whenValueAndTime_thenPointCarriesTheDevicesTime() {
            Validation v = post("{\"Temp\":{\"value\":23.5,\"time\":1524448722000}}");

            assertThat(v.errors()).isEmpty();
            assertThat(v.points()).containsExactly(new PropertyPoint("Temp", 23.5, 1524448722000L));
        }

        @Test
        void whenTimeIsADigitString_thenAccepted() {
            assertThat(post("{\"Temp\":{\"value\":23.5,\"time\":\"1524448722000\"}}").points())
                    .containsExactly(new PropertyPoint("Temp", 23.5, 1524448722000L));
        }

        @Test
        void whenNoTime_thenDefaultTime() {
            assertAccepted(post("{\"Temp\":{\"value\":23.5}}"), "Temp", 23.5);
        }

        @Test
        void whenMixedWithPlainValues_thenEachGetsItsOwnTime() {
            Validation v = post("{\"Temp\":{\"value\":23.5,\"time\":1524448722000},\"Counter\":3}");

            assertThat(v.points()).containsExactlyInAnyOrder(new PropertyPoint("Temp", 23.5, 1524448722000L),
                    new PropertyPoint("Counter", 3L, NOW));
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"noon\"", "-5", "1.5", "[1]"})
        void whenTimeNotEpochMillis_thenRequestParameterErrorAtDotTime(String time) {
            assertRejected(post("{\"Temp\":{\"value\":23.5,\"time\":" + time + "}}"), "Temp.time",
                    AlinkCode.REQUEST_PARAMETER_ERROR);
        }

        @Test
        void whenWrappedValueWrong_thenTypesErrorAtTheProperty() {
            assertRejected(post("{\"Temp\":{\"value\":\"hot\",\"time\":1}}"), "Temp", AlinkCode.FLOAT_SPECS_ERROR);
            assertRejected(post("{\"Temp\":{\"value\":null,\"time\":1}}"), "Temp", AlinkCode.FLOAT_SPECS_ERROR);
        }

        @Test
        void whenStructPropertyWrapped_thenValueIsTheStruct() {
            Validation v = post("{\"Position\":{\"value\":{\"latitude\":1},\"time\":5}}");

            assertThat(v.points()).containsExactly(new PropertyPoint("Position", Map.of("latitude", 1.0), 5L));
        }

        @Test
        void whenStructHasAMemberNamedValue_thenObjectTakenAsTheStructItself() {
            ThingModel model = ThingModelJson.parse("""
                    {"properties":[{"identifier":"Gauge","dataType":{"type":"struct","specs":[
                      {"identifier":"value","dataType":{"type":"int","specs":{}}},
                      {"identifier":"unit","dataType":{"type":"text","specs":{"length":"8"}}}]}}]}""");

            Validation v = ThingModelValidator.propertyPost(model, Json.tree("{\"Gauge\":{\"value\":3,\"unit\":\"V\"}}"),
                    NOW);

            assertThat(v.errors()).isEmpty();
            assertThat(v.points()).containsExactly(new PropertyPoint("Gauge", Map.of("value", 3L, "unit", "V"), NOW));
        }
    }

    @Nested
    class WholeMessage {
        @Test
        void whenUnknownProperty_thenParamNotExist6304() {
            Validation v = post("Humidity", "40");

            assertRejected(v, "Humidity", AlinkCode.PARAM_NOT_EXIST);
            assertThat(v.errors().get(0).code().code()).isEqualTo(6304);
        }

        @ParameterizedTest
        @ValueSource(strings = {"[]", "[{\"Temp\":1}]", "\"Temp\"", "23.5", "true", "null"})
        void whenParamsNotAnObject_thenParamsFormatError6301(String params) {
            Validation v = ThingModelValidator.propertyPost(MODEL, Json.tree(params), NOW);

            assertRejected(v, "params", AlinkCode.PARAMS_FORMAT_ERROR);
            assertThat(v.errors().get(0).code().code()).isEqualTo(6301);
        }

        @Test
        void whenParamsMissing_thenParamsFormatError() {
            assertRejected(ThingModelValidator.propertyPost(MODEL, null, NOW), "params", AlinkCode.PARAMS_FORMAT_ERROR);
        }

        @Test
        void whenMoreThan200Params_thenParamsTooMany6106() {
            ObjectNode params = Json.object();
            for (int i = 0; i < 201; i++) {
                params.put("P" + i, i);
            }

            Validation v = ThingModelValidator.propertyPost(MODEL, params, NOW);

            assertRejected(v, "params", AlinkCode.PARAMS_TOO_MANY);
            assertThat(v.errors().get(0).code().code()).isEqualTo(6106);
        }

        @Test
        void whenExactly200Params_thenEachCheckedInsteadOfTooMany() {
            ObjectNode params = Json.object();
            params.put("Counter", 1);
            for (int i = 1; i < 200; i++) {
                params.put("P" + i, i);
            }

            Validation v = ThingModelValidator.propertyPost(MODEL, params, NOW);

            assertThat(v.errors()).hasSize(199).extracting(FieldError::code).containsOnly(AlinkCode.PARAM_NOT_EXIST);
        }

        @Test
        void whenSeveralErrorsInOnePost_thenAllReportedTogetherAndNoPointsKept() {
            Validation v = post("""
                    {"Temp":"hot","Mode":9,"Humidity":40,"Samples":[1,999],"Counter":7,"Label":12,
                     "Position":{"latitude":100}}""");

            assertThat(v.valid()).isFalse();
            assertThat(v.points()).as("a message with any error is rejected whole").isEmpty();
            assertThat(v.errors()).extracting(FieldError::path, FieldError::code).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple("Temp", AlinkCode.FLOAT_SPECS_ERROR),
                    org.assertj.core.groups.Tuple.tuple("Mode", AlinkCode.ENUM_SPECS_ERROR),
                    org.assertj.core.groups.Tuple.tuple("Humidity", AlinkCode.PARAM_NOT_EXIST),
                    org.assertj.core.groups.Tuple.tuple("Samples[1]", AlinkCode.INT_SPECS_ERROR),
                    org.assertj.core.groups.Tuple.tuple("Label", AlinkCode.TEXT_SPECS_ERROR),
                    org.assertj.core.groups.Tuple.tuple("Position.latitude", AlinkCode.DOUBLE_SPECS_ERROR));
        }

        @Test
        void whenEveryPropertyValid_thenOnePointEachInPostOrder() {
            Validation v = post("""
                    {"PowerSwitch":1,"Temp":21.5,"Voltage":229.99,"Counter":10,"Level":50,"Ticks":-3,"Mode":1,
                     "Label":"hall","InstallDate":"1524448722000","Position":{"latitude":1.5,"longitude":2.5},
                     "Samples":[9],"Readings":[{"ts":1,"val":-2.5}]}""");

            assertThat(v.errors()).isEmpty();
            assertThat(v.points()).extracting(PropertyPoint::identifier).containsExactly("PowerSwitch", "Temp",
                    "Voltage", "Counter", "Level", "Ticks", "Mode", "Label", "InstallDate", "Position", "Samples",
                    "Readings");
            assertThat(v.points()).extracting(PropertyPoint::value).containsExactly(1L, 21.5, 229.99, 10L, 50L, -3L,
                    1L, "hall", 1524448722000L, Map.of("latitude", 1.5, "longitude", 2.5), List.of(9L),
                    List.of(Map.of("ts", 1L, "val", -2.5)));
            assertThat(v.points()).extracting(PropertyPoint::time).containsOnly(NOW);
        }

        @Test
        void whenEmptyObject_thenValidWithNoPoints() {
            Validation v = post("{}");

            assertThat(v.valid()).isTrue();
            assertThat(v.points()).isEmpty();
        }
    }

    @Nested
    class EventPost {
        private Validation event(String id, String params) {
            JsonNode tree = params == null ? null : Json.tree(params);
            return ThingModelValidator.eventPost(MODEL, id, tree, NOW);
        }

        @Test
        void whenValueAndTime_thenOutputDataTypedAtTheDevicesTime() {
            Validation v = event("Overheat", "{\"value\":{\"Temp\":130.5,\"Severity\":2},\"time\":1524448722000}");

            assertThat(v.errors()).isEmpty();
            assertThat(v.points()).extracting(PropertyPoint::value).containsExactly(130.5, 2L);
            assertThat(v.points()).extracting(PropertyPoint::time).containsOnly(1524448722000L);
        }

        /** The method's Javadoc: each output parameter becomes a point named by its identifier. */
        @Test
        void whenValid_thenPointsNamedByParameter() {
            Validation v = event("Overheat", "{\"value\":{\"Temp\":130.5,\"Severity\":2},\"time\":1524448722000}");

            assertThat(v.points()).extracting(PropertyPoint::identifier)
                    .containsExactly("Temp", "Severity");
        }

        @Test
        void whenNoTime_thenDefaultTime() {
            Validation v = event("Overheat", "{\"value\":{\"Severity\":1}}");

            assertThat(v.errors()).isEmpty();
            assertThat(v.points()).extracting(PropertyPoint::time).containsExactly(NOW);
        }

        @Test
        void whenEventNotInModel_thenMethodNotFound() {
            assertRejected(event("Explosion", "{\"value\":{}}"), "Explosion", AlinkCode.METHOD_NOT_FOUND);
        }

        @Test
        void whenParamsNotAnObject_thenParamsFormatError() {
            assertRejected(event("Overheat", "[1]"), "params", AlinkCode.PARAMS_FORMAT_ERROR);
            assertRejected(event("Overheat", null), "params", AlinkCode.PARAMS_FORMAT_ERROR);
        }

        @Test
        void whenValueNotAnObject_thenParamsFormatError() {
            assertRejected(event("Overheat", "{\"value\":5,\"time\":1}"), "Overheat", AlinkCode.PARAMS_FORMAT_ERROR);
        }

        @Test
        void whenOutputOfWrongType_thenThatTypesErrorAtEventDotParam() {
            assertRejected(event("Overheat", "{\"value\":{\"Temp\":250}}"), "Overheat.Temp",
                    AlinkCode.FLOAT_SPECS_ERROR);
            assertRejected(event("Overheat", "{\"value\":{\"Severity\":3}}"), "Overheat.Severity",
                    AlinkCode.ENUM_SPECS_ERROR);
        }

        @Test
        void whenUnknownOutput_thenParamsFormatErrorAtEventDotParam() {
            assertRejected(event("Overheat", "{\"value\":{\"Smoke\":true}}"), "Overheat.Smoke",
                    AlinkCode.PARAMS_FORMAT_ERROR);
        }

        @Test
        void whenBadTime_thenRequestParameterError() {
            assertRejected(event("Overheat", "{\"value\":{\"Severity\":1},\"time\":\"later\"}"), "time",
                    AlinkCode.REQUEST_PARAMETER_ERROR);
        }

        @Test
        void whenSeveralOutputsWrong_thenAllReported() {
            Validation v = event("Overheat", "{\"value\":{\"Temp\":\"x\",\"Severity\":0,\"Smoke\":1},\"time\":-1}");

            assertThat(v.points()).isEmpty();
            assertThat(v.errors()).extracting(FieldError::path).containsExactlyInAnyOrder("time", "Overheat.Temp",
                    "Overheat.Severity", "Overheat.Smoke");
        }
    }
}
