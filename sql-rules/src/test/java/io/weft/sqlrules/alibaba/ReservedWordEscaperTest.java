package io.weft.sqlrules.alibaba;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.sqlrules.RuleCompilation;
import io.weft.sqlrules.RuleProblem;
import io.weft.sqlrules.Thermostat;
import org.apache.calcite.sql.parser.SqlParser;
import org.junit.jupiter.api.Test;

/** The pre-pass that lets Calcite read {@code timestamp(...)}, {@code items.X.value} and friends. */
class ReservedWordEscaperTest {
    private final ReservedWordEscaper escaper =
            new ReservedWordEscaper(SqlParser.create("", AlibabaRuleParser.CONFIG).getMetadata()::isReservedWord);
    private final AlibabaRules rules = new AlibabaRules();

    @Test
    void escape_keepsLengthAndLines_andRewritesOnlyReservedNames() {
        String sql = "SELECT timestamp() AS day,\n items.temperature.value FROM \"/p/+/thing/event/property/post\"";

        ReservedWordEscaper.Escaped escaped = escaper.escape(sql);

        assertThat(escaped.sql()).hasSameSizeAs(sql);
        assertThat(escaped.sql().lines().count()).isEqualTo(sql.lines().count());
        assertThat(escaped.originals()).containsOnlyKeys(sql.indexOf("timestamp"), sql.indexOf("day"),
                sql.indexOf("value"));
        assertThat(escaped.sql()).startsWith("SELECT ").contains(" AS ").contains("items.temperature.")
                .contains(" FROM \"/p/+/thing/event/property/post\"");
        assertThat(ReservedWordEscaper.original(ReservedWordEscaper.placeholder("timestamp"))).isEqualTo("timestamp");
    }

    @Test
    void escape_leavesStringsQuotedNamesAndCommentsAlone() {
        String sql = "SELECT 'timestamp()' AS x -- value\nFROM \"/p/value/user/time\" /* day */";

        assertThat(escaper.escape(sql).sql()).isEqualTo(sql);
    }

    @Test
    void timestamp_parsesWithAndWithoutFormat_inAnyCase_andWithSpaces() {
        RuleCompilation result = rules.compile("SELECT timestamp() AS a, TIMESTAMP('yyyy') AS b, "
                + "Timestamp ( 'HH:mm' ) AS c FROM \"/a1thermo/+/thing/event/property/post\" "
                + "WHERE timestamp() > 0", Thermostat.model());

        assertThat(result.problems()).isEmpty();
        assertThat(result.flink().query()).isEqualTo("SELECT weft_timestamp() AS `a`, weft_timestamp('yyyy') AS "
                + "`b`, weft_timestamp('HH:mm') AS `c`, `device_name` AS `_weft_device_name`, `event_time` AS `_weft_event_time`\nFROM `product_a1thermo`\nWHERE (weft_timestamp() > 0)");
    }

    @Test
    void timestamp_problemsAreReportedUnderTheAnalystsSpelling() {
        RuleCompilation result = rules.compile("SELECT timestamp('a', 'b') FROM "
                + "\"/a1thermo/+/thing/event/property/post\"", Thermostat.model());

        assertThat(result.problems()).containsExactly(new RuleProblem(RuleProblem.Kind.WRONG_ARITY, 1, 8, 1, 26,
                "timestamp takes 0 to 1 arguments, not 2: timestamp(['format'])"));
    }

    @Test
    void syntaxErrorMessages_showTheAnalystsWords() {
        RuleCompilation result = rules.compile("SELECT humidity AS day day FROM "
                + "\"/a1thermo/+/thing/event/property/post\"", Thermostat.model());

        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(RuleProblem.Kind.SYNTAX);
            assertThat(p.message()).isEqualTo("syntax error: unexpected 'day'");
            assertThat(p.column()).isEqualTo(24);
        });
    }
}
