package io.weft.sqlrules.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.core.tsl.ThingModel;
import io.weft.sqlrules.RuleCompilation;
import io.weft.sqlrules.RuleProblem;
import io.weft.sqlrules.RuleProblem.Kind;
import io.weft.sqlrules.Thermostat;
import io.weft.sqlrules.alibaba.AlibabaRules;
import org.junit.jupiter.api.Test;

/**
 * Every kind of problem comes back as a {@link RuleProblem} with the 1-based line and column of the offending text
 * and a message an analyst can act on; none is thrown.
 */
class RuleProblemsTest {
    private static final String FROM = "FROM \"/a1thermo/+/thing/event/property/post\"";
    private final AlibabaRules rules = new AlibabaRules();
    private final ThingModel model = Thermostat.model();

    private RuleProblem onlyProblem(String sql) {
        RuleCompilation result = rules.compile(sql, model);
        assertThat(result.valid()).isFalse();
        assertThat(result.flink()).isNull();
        assertThat(result.problems()).hasSize(1);
        return result.problems().get(0);
    }

    @Test
    void syntaxError_pointsAtWhereTheRuleStopsMakingSense() {
        RuleProblem p = onlyProblem("SELECT temperature\n" + FROM + "\nWHERE temperature >");

        assertThat(p).isEqualTo(new RuleProblem(Kind.SYNTAX, 3, 19, 3, 19, "syntax error: the rule ends too early"));
    }

    @Test
    void syntaxError_onAStrayToken_quotesIt() {
        RuleProblem p = onlyProblem("SELECT temperature " + FROM + " WHERE temperature >> 3");

        assertThat(p.kind()).isEqualTo(Kind.SYNTAX);
        assertThat(p.line()).isEqualTo(1);
        assertThat(p.column()).isEqualTo(83);
        assertThat(p.message()).isEqualTo("syntax error: unexpected '> >'");
    }

    @Test
    void syntaxError_onAnUnquotedTopic_saysToQuoteIt() {
        RuleProblem p = onlyProblem("SELECT temperature FROM /a1thermo/+/thing/event/property/post");

        assertThat(p.kind()).isEqualTo(Kind.SYNTAX);
        assertThat(p.column()).isEqualTo(25);
        assertThat(p.message()).endsWith("; put the topic filter in double quotes: FROM \"/...\"");
    }

    @Test
    void syntaxError_onACharacterSqlDoesNotHave_namesIt() {
        RuleProblem p = onlyProblem("SELECT temperature " + FROM + " WHERE humidity = #3");

        assertThat(p).isEqualTo(new RuleProblem(Kind.SYNTAX, 1, 82, 1, 82,
                "syntax error: unexpected character \"#\""));
    }

    @Test
    void notASelect_orAnEmptyRule_isASyntaxProblem() {
        assertThat(onlyProblem("DELETE FROM t").message()).isEqualTo("syntax error: a rule starts with SELECT");
        assertThat(onlyProblem("  ").message()).startsWith("the rule is empty");
    }

    @Test
    void unknownProperty_pointsAtItsName_andSuggestsTheClosestOne() {
        RuleProblem p = onlyProblem("SELECT temperature AS t\n" + FROM + "\nWHERE items.temprature.value > 38");

        assertThat(p).isEqualTo(new RuleProblem(Kind.UNKNOWN_PROPERTY, 3, 13, 3, 22,
                "'temprature' is not a property in the thing model (did you mean 'temperature'?)"));
    }

    @Test
    void unknownStructMember_listsTheMembers() {
        RuleProblem p = onlyProblem("SELECT position.altitude " + FROM);

        assertThat(p).isEqualTo(new RuleProblem(Kind.UNKNOWN_PROPERTY, 1, 17, 1, 24,
                "struct 'position' has no member 'altitude'; its members are [latitude, longitude]"));
    }

    @Test
    void memberOfANonStruct_isATypeMismatch() {
        RuleProblem p = onlyProblem("SELECT humidity.low " + FROM);

        assertThat(p).isEqualTo(new RuleProblem(Kind.TYPE_MISMATCH, 1, 17, 1, 19,
                "'humidity' is an int, not a struct: it has no member 'low'"));
    }

    @Test
    void textComparedWithANumber_isATypeMismatchOverTheComparison() {
        RuleProblem p = onlyProblem("SELECT label " + FROM + " WHERE label > 38");

        assertThat(p).isEqualTo(new RuleProblem(Kind.TYPE_MISMATCH, 1, 65, 1, 74,
                "cannot compare the text property 'label' with the number 38"));
    }

    @Test
    void inListOfTheWrongType_pointsAtTheValue() {
        RuleProblem p = onlyProblem("SELECT label " + FROM + " WHERE humidity IN (1, 'two')");

        assertThat(p).isEqualTo(new RuleProblem(Kind.TYPE_MISMATCH, 1, 81, 1, 85,
                "cannot compare the int property 'humidity' with the text 'two'"));
    }

    @Test
    void whereThatIsNotACondition_isATypeMismatch() {
        RuleProblem p = onlyProblem("SELECT label " + FROM + " WHERE humidity");

        assertThat(p).isEqualTo(new RuleProblem(Kind.TYPE_MISMATCH, 1, 65, 1, 72,
                "WHERE needs a condition such as temperature > 38, but this is the int property 'humidity'"));
    }

    @Test
    void andOverAValue_isATypeMismatch() {
        RuleProblem p = onlyProblem("SELECT label " + FROM + " WHERE humidity > 1 AND label");

        assertThat(p.kind()).isEqualTo(Kind.TYPE_MISMATCH);
        assertThat(p.column()).isEqualTo(82);
        assertThat(p.message()).isEqualTo("AND combines conditions, but this is the text property 'label'");
    }

    @Test
    void arithmeticOnText_isATypeMismatch() {
        RuleProblem p = onlyProblem("SELECT label * 2 AS x " + FROM);

        assertThat(p).isEqualTo(new RuleProblem(Kind.TYPE_MISMATCH, 1, 8, 1, 12,
                "arithmetic (*) needs a number, but this is the text property 'label'"));
    }

    @Test
    void unknownFunction_onALaterLine() {
        RuleProblem p = onlyProblem("SELECT\n  temperature,\n  round(energy) AS e\n" + FROM);

        assertThat(p).isEqualTo(new RuleProblem(Kind.UNKNOWN_FUNCTION, 3, 3, 3, 15,
                "'round' is not a function of Alibaba's rule SQL; see docs/rules.md for the list"));
    }

    @Test
    void badArity_namesTheSignature() {
        RuleProblem p = onlyProblem("SELECT mod(humidity) AS m " + FROM);

        assertThat(p).isEqualTo(new RuleProblem(Kind.WRONG_ARITY, 1, 8, 1, 20,
                "mod takes 2 arguments, not 1: mod(n, m)"));
    }

    @Test
    void anotherProductsTopic_isAWrongProduct() {
        RuleProblem p = onlyProblem("SELECT temperature FROM \"/a1other/+/thing/event/property/post\"");

        assertThat(p).isEqualTo(new RuleProblem(Kind.WRONG_PRODUCT, 1, 25, 1, 62,
                "the rule reads product 'a1other' but the thing model is product 'a1thermo'"));
    }

    @Test
    void unknownEvent_listsTheEvents() {
        RuleProblem p = onlyProblem("SELECT level FROM \"/a1thermo/+/thing/event/frozen/post\"");

        assertThat(p).isEqualTo(new RuleProblem(Kind.UNKNOWN_PROPERTY, 1, 19, 1, 55,
                "event 'frozen' is not in the thing model; its events are [overheat]"));
    }

    @Test
    void topicARuleCannotRead_isAnUnknownSource() {
        RuleProblem p = onlyProblem("SELECT temperature FROM \"/a1thermo/+/thing/service/property/set\"");

        assertThat(p.kind()).isEqualTo(Kind.UNKNOWN_SOURCE);
        assertThat(p.column()).isEqualTo(25);
        assertThat(p.message()).startsWith("'/a1thermo/+/thing/service/property/set' is not a topic a rule can read");
    }

    @Test
    void customTopic_isCheckedButNotRunYet() {
        RuleProblem p = onlyProblem("SELECT temperature AS t, deviceName() AS dn FROM \"/a1thermo/+/user/update\" "
                + "WHERE temperature > 38");

        assertThat(p.kind()).isEqualTo(Kind.UNSUPPORTED);
        assertThat(p.column()).isEqualTo(50);
        assertThat(p.message()).startsWith("rules on custom topics are checked but Weft does not run them yet");
    }

    @Test
    void itemsTime_isNotAvailableYet() {
        RuleProblem p = onlyProblem("SELECT items.temperature.time " + FROM);

        assertThat(p).isEqualTo(new RuleProblem(Kind.UNSUPPORTED, 1, 8, 1, 29,
                "items.temperature.time is not available in Weft rules yet; read the value with "
                        + "items.temperature.value"));
    }

    @Test
    void groupBy_isNotAlibabaRuleSql() {
        RuleProblem p = onlyProblem("SELECT humidity " + FROM + " GROUP BY humidity");

        assertThat(p.kind()).isEqualTo(Kind.UNSUPPORTED);
        assertThat(p.column()).isEqualTo(62);
        assertThat(p.message()).startsWith("GROUP BY is not part of Alibaba's rule SQL");
    }

    @Test
    void concatenationOperator_pointsToConcat() {
        RuleProblem p = onlyProblem("SELECT label || 'x' AS l " + FROM);

        assertThat(p.kind()).isEqualTo(Kind.UNSUPPORTED);
        assertThat(p.message()).endsWith("is not part of Alibaba's rule SQL; use concat(a, b)");
    }

    @Test
    void everyProblem_isReported_inSourceOrder() {
        RuleCompilation result = rules.compile("SELECT nosuch, sqrt(1) AS s\n" + FROM
                + "\nWHERE label > 1 AND abs(label) > 0", model);

        assertThat(result.problems()).extracting(RuleProblem::kind, RuleProblem::line, RuleProblem::column)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Kind.UNKNOWN_PROPERTY, 1, 8),
                        org.assertj.core.groups.Tuple.tuple(Kind.UNKNOWN_FUNCTION, 1, 16),
                        org.assertj.core.groups.Tuple.tuple(Kind.TYPE_MISMATCH, 3, 7),
                        org.assertj.core.groups.Tuple.tuple(Kind.TYPE_MISMATCH, 3, 25));
    }

    @Test
    void toString_isTheFormTheApiShows() {
        assertThat(new RuleProblem(Kind.SYNTAX, 2, 5, 2, 5, "syntax error: unexpected 'x'"))
                .hasToString("line 2, column 5: syntax error: unexpected 'x'");
    }
}
