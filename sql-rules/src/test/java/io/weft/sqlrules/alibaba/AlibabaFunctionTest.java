package io.weft.sqlrules.alibaba;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.core.tsl.ThingModel;
import io.weft.sqlrules.RuleCompilation;
import io.weft.sqlrules.RuleProblem;
import io.weft.sqlrules.RuleProblem.Kind;
import io.weft.sqlrules.Thermostat;
import io.weft.sqlrules.flink.FlinkParser;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every Alibaba function: parsed, type-checked against the thermostat model, and translated to Flink SQL. */
class AlibabaFunctionTest {
    private static final String FROM = " FROM \"/a1thermo/+/thing/event/property/post\"";
    private final AlibabaRules rules = new AlibabaRules();
    private final ThingModel model = Thermostat.model();

    static Stream<Arguments> translations() {
        return Stream.of(
                Arguments.of(AlibabaFunction.ABS, "abs(temperature)", "ABS(`temperature`)"),
                Arguments.of(AlibabaFunction.ASIN, "asin(energy)", "ASIN(`energy`)"),
                Arguments.of(AlibabaFunction.CONCAT, "concat(label, humidity)",
                        "CONCAT(CAST(`label` AS STRING), CAST(`humidity` AS STRING))"),
                Arguments.of(AlibabaFunction.COS, "cos(energy)", "COS(`energy`)"),
                Arguments.of(AlibabaFunction.COSH, "cosh(energy)", "COSH(`energy`)"),
                Arguments.of(AlibabaFunction.CRYPTO, "crypto(label, 'MD5')", "MD5(CAST(`label` AS STRING))"),
                Arguments.of(AlibabaFunction.CRYPTO, "crypto(humidity, 'sha-512')",
                        "SHA512(CAST(`humidity` AS STRING))"),
                Arguments.of(AlibabaFunction.CRYPTO, "crypto(label, 'MD2')",
                        "weft_crypto(CAST(`label` AS STRING), 'MD2')"),
                Arguments.of(AlibabaFunction.DEVICE_NAME, "deviceName()", "`device_name`"),
                Arguments.of(AlibabaFunction.ENDSWITH, "endswith(label, 'room')", "weft_endswith(`label`, 'room')"),
                Arguments.of(AlibabaFunction.EXP, "exp(energy)", "EXP(`energy`)"),
                Arguments.of(AlibabaFunction.FLOOR, "floor(temperature)", "FLOOR(`temperature`)"),
                Arguments.of(AlibabaFunction.LOG, "log(energy)", "LOG10(`energy`)"),
                Arguments.of(AlibabaFunction.LOG, "log(energy, 2)", "LOG(2, `energy`)"),
                Arguments.of(AlibabaFunction.LOWER, "lower(label)", "LOWER(`label`)"),
                Arguments.of(AlibabaFunction.MESSAGE_ID, "messageId()", "`message_id`"),
                Arguments.of(AlibabaFunction.MOD, "mod(humidity, 7)", "MOD(`humidity`, 7)"),
                Arguments.of(AlibabaFunction.NANVL, "nanvl(humidity, 0)", "COALESCE(`humidity`, 0)"),
                Arguments.of(AlibabaFunction.NEWUUID, "newuuid()", "UUID()"),
                Arguments.of(AlibabaFunction.PAYLOAD, "payload()", "`payload`"),
                Arguments.of(AlibabaFunction.PAYLOAD, "payload('utf-8')", "`payload`"),
                Arguments.of(AlibabaFunction.POWER, "power(humidity, 2)", "POWER(`humidity`, 2)"),
                Arguments.of(AlibabaFunction.RAND, "rand()", "RAND()"),
                Arguments.of(AlibabaFunction.REPLACE, "replace(label, 'a', 'b')", "REPLACE(`label`, 'a', 'b')"),
                Arguments.of(AlibabaFunction.SIN, "sin(energy)", "SIN(`energy`)"),
                Arguments.of(AlibabaFunction.SINH, "sinh(energy)", "SINH(`energy`)"),
                Arguments.of(AlibabaFunction.SUBSTRING, "substring(label, 1, 3)",
                        "weft_substring(CAST(`label` AS STRING), 1, 3)"),
                Arguments.of(AlibabaFunction.SUBSTRING, "substring(humidity, 2)",
                        "weft_substring(CAST(`humidity` AS STRING), 2)"),
                Arguments.of(AlibabaFunction.TAN, "tan(energy)", "TAN(`energy`)"),
                Arguments.of(AlibabaFunction.TANH, "tanh(energy)", "TANH(`energy`)"),
                Arguments.of(AlibabaFunction.TIMESTAMP, "timestamp()", "weft_timestamp()"),
                Arguments.of(AlibabaFunction.TIMESTAMP, "timestamp('yyyy-MM-dd HH:mm:ss')",
                        "weft_timestamp('yyyy-MM-dd HH:mm:ss')"),
                Arguments.of(AlibabaFunction.TIMESTAMP_UTC, "timestamp_utc()", "weft_timestamp_utc()"),
                Arguments.of(AlibabaFunction.TIMESTAMP_UTC, "timestamp_utc('yyyy-MM-dd''T''HH:mm:ss''Z''')",
                        "weft_timestamp_utc('yyyy-MM-dd''T''HH:mm:ss''Z''')"),
                Arguments.of(AlibabaFunction.TO_BASE64, "to_base64(*)", "TO_BASE64(`payload`)"),
                Arguments.of(AlibabaFunction.TO_HEX, "to_hex(*)", "weft_to_hex(`payload`)"),
                Arguments.of(AlibabaFunction.TOPIC, "topic()", "`topic`"),
                Arguments.of(AlibabaFunction.TOPIC, "topic(2)", "SPLIT_INDEX(`topic`, '/', 2)"),
                Arguments.of(AlibabaFunction.UPPER, "upper(label)", "UPPER(`label`)"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("translations")
    void function_checksAndTranslates(AlibabaFunction function, String call, String flink) throws Exception {
        RuleCompilation result = rules.compile("SELECT " + call + " AS x" + FROM, model);

        assertThat(result.problems()).isEmpty();
        assertThat(result.flink().query()).isEqualTo("SELECT " + flink + " AS `x`, `device_name` AS `_weft_device_name`, `event_time` AS `_weft_event_time`\nFROM `product_a1thermo`");
        Set<String> udfs = flink.contains("weft_") ? Set.of(flink.substring(0, flink.indexOf('('))) : Set.of();
        assertThat(result.flink().functions()).isEqualTo(udfs);
        assertThat(FlinkParser.parse(result.flink().query())).isNotNull();
    }

    @Test
    void everyFunction_hasATranslationExample() {
        Set<AlibabaFunction> covered = translations().map(a -> (AlibabaFunction) a.get()[0])
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(AlibabaFunction.class)));
        covered.add(AlibabaFunction.THING_PROPERTY_FLAT_MAP); // expands to fields: AlibabaRulesTest
        covered.add(AlibabaFunction.ATTRIBUTE); // a temporal join with the attributes: AttributeTranslationTest

        assertThat(covered).containsExactlyInAnyOrder(AlibabaFunction.values());
    }

    @Test
    void functionNames_matchWhateverTheCase() {
        RuleCompilation result = rules.compile("SELECT DEVICENAME() AS d, Upper(label) AS u" + FROM, model);

        assertThat(result.flink().query()).startsWith("SELECT `device_name` AS `d`, UPPER(`label`) AS `u`");
    }

    static Stream<Arguments> wrongTypes() {
        return Stream.of(
                Arguments.of("abs(label)", "abs() needs a number, but this is the text property 'label'"),
                Arguments.of("asin(label)", "asin() needs a number"),
                Arguments.of("cos(label)", "cos() needs a number"),
                Arguments.of("cosh(label)", "cosh() needs a number"),
                Arguments.of("exp(label)", "exp() needs a number"),
                Arguments.of("floor(label)", "floor() needs a number"),
                Arguments.of("log(energy, label)", "log() needs a number"),
                Arguments.of("mod(label, 2)", "mod() needs a number"),
                Arguments.of("power(2, label)", "power() needs a number"),
                Arguments.of("sin(label)", "sin() needs a number"),
                Arguments.of("sinh(label)", "sinh() needs a number"),
                Arguments.of("tan(label)", "tan() needs a number"),
                Arguments.of("tanh(label)", "tanh() needs a number"),
                Arguments.of("lower(humidity)", "lower() needs text, but this is the int property 'humidity'"),
                Arguments.of("upper(humidity)", "upper() needs text"),
                Arguments.of("attribute(humidity)", "attribute() needs text"),
                Arguments.of("endswith(humidity, 'x')", "endswith() needs text"),
                Arguments.of("replace(label, 1, 'x')", "replace() needs text, but this is the number 1"),
                Arguments.of("substring(label, 'a')", "substring() needs a number, but this is the text 'a'"),
                Arguments.of("concat(position, 'x')",
                        "concat() needs a number or text, but this is the struct property 'position'"),
                Arguments.of("crypto(samples, 'MD5')",
                        "crypto() needs a number or text, but this is the array property 'samples'"),
                Arguments.of("nanvl(label, 0)", "nanvl's default must be of the same type as its value"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongTypes")
    void function_withAnArgumentOfTheWrongType_isATypeMismatch(String call, String message) {
        RuleCompilation result = rules.compile("SELECT " + call + FROM, model);

        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Kind.TYPE_MISMATCH);
            assertThat(p.message()).startsWith(message);
        });
    }

    static Stream<Arguments> badArguments() {
        return Stream.of(
                Arguments.of("crypto(label, 'SHA3')",
                        "crypto's algorithm is one of [MD2, MD5, SHA1, SHA-256, SHA-384, SHA-512]"),
                Arguments.of("payload('gbk')", "Weft keeps payloads as UTF-8 JSON"),
                Arguments.of("timestamp('yyyy-qq')", "timestamp takes a date format in single quotes"),
                Arguments.of("timestamp_utc(label)", "timestamp_utc takes a date format in single quotes"),
                Arguments.of("topic(0)", "topic(n) takes a level number from 1"),
                Arguments.of("topic('a')", "topic(n) takes a level number from 1"),
                Arguments.of("to_base64(label)", "to_base64 encodes the whole payload: write to_base64(*)"),
                Arguments.of("to_hex(label)", "to_hex encodes the whole payload: write to_hex(*)"),
                Arguments.of("thingPropertyFlatMap(label)", "thingPropertyFlatMap takes property identifiers"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badArguments")
    void function_withAnArgumentItCannotTake_isABadArgument(String call, String message) {
        RuleCompilation result = rules.compile("SELECT " + call + FROM, model);

        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Kind.BAD_ARGUMENT);
            assertThat(p.message()).startsWith(message);
        });
    }

    @ParameterizedTest
    @EnumSource(AlibabaFunction.class)
    void function_withTooFewOrTooManyArguments_isAnArityProblem(AlibabaFunction function) {
        if (function.minArgs() > 0) {
            assertArity(function, function.minArgs() - 1);
        }
        if (function.maxArgs() != Integer.MAX_VALUE) {
            assertArity(function, function.maxArgs() + 1);
        }
    }

    private void assertArity(AlibabaFunction function, int count) {
        String args = String.join(", ", Collections.nCopies(count, "1"));
        String call = function.sqlName() + "(" + args + ")";
        RuleCompilation result = rules.compile("SELECT " + call + " AS x" + FROM, model);

        assertThat(result.problems()).as(call).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Kind.WRONG_ARITY);
            assertThat(p.line()).isEqualTo(1);
            assertThat(p.column()).isEqualTo(8);
            assertThat(p.message()).contains(function.sqlName() + " takes ").endsWith(function.signature());
        });
    }

    @Test
    void unknownFunction_isNamedWithItsPosition() {
        RuleCompilation result = rules.compile("SELECT humidity, sqrt(energy)" + FROM, model);

        assertThat(result.problems()).containsExactly(new RuleProblem(Kind.UNKNOWN_FUNCTION, 1, 18, 1, 29,
                "'sqrt' is not a function of Alibaba's rule SQL; see docs/rules.md for the list"));
        assertThat(Arrays.stream(AlibabaFunction.values()).map(AlibabaFunction::sqlName)).doesNotContain("sqrt");
    }
}
