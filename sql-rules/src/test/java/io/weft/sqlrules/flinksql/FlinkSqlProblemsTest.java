package io.weft.sqlrules.flinksql;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.sqlrules.RuleCompilation;
import io.weft.sqlrules.RuleProblem;
import io.weft.sqlrules.RuleProblem.Kind;
import io.weft.sqlrules.Thermostat;
import org.junit.jupiter.api.Test;

/** What is wrong with a Flink SQL rule: its kind, its exact range in the analyst's text, and a readable message. */
class FlinkSqlProblemsTest {
    private final FlinkSqlRules rules = new FlinkSqlRules();

    private RuleProblem only(String sql) {
        RuleCompilation result = rules.compile(sql, Thermostat.model());
        assertThat(result.valid()).as("valid").isFalse();
        assertThat(result.flink()).isNull();
        assertThat(result.problems()).hasSize(1);
        return result.problems().get(0);
    }

    private static void at(RuleProblem p, Kind kind, int line, int column, int endLine, int endColumn) {
        assertThat(p.kind()).isEqualTo(kind);
        assertThat(new int[] {p.line(), p.column(), p.endLine(), p.endColumn()})
                .as(p.toString()).containsExactly(line, column, endLine, endColumn);
    }

    @Test
    void misspeltKeyword_isNamed_withTheKeywordItResembles() {
        RuleProblem p = only("SELECT temperature\nFORM product_a1thermo");

        at(p, Kind.SYNTAX, 2, 1, 2, 4);
        assertThat(p.message()).isEqualTo("syntax error: unexpected `FORM`; did you mean FROM?");
    }

    @Test
    void misspeltWhere_takenByCalciteAsAnAlias_isStillNamed() {
        RuleProblem p = only("SELECT temperature FROM product_a1thermo WERE humidity > 3");

        at(p, Kind.SYNTAX, 1, 42, 1, 45);
        assertThat(p.message()).isEqualTo("syntax error: unexpected `WERE`; did you mean WHERE?");
    }

    @Test
    void queryEndingTooEarly_saysWhatWasExpected() {
        RuleProblem p = only("SELECT temperature\nFROM product_a1thermo\nWHERE temperature >");

        at(p, Kind.SYNTAX, 3, 19, 3, 19);
        assertThat(p.message()).isEqualTo("syntax error: the query ends too early; expected an expression "
                + "(a column, a value or a function call)");
    }

    @Test
    void reservedWordAsColumn_saysToQuoteIt() {
        RuleProblem p = only("SELECT position FROM product_a1thermo");

        at(p, Kind.SYNTAX, 1, 8, 1, 15);
        assertThat(p.message()).isEqualTo("syntax error: unexpected `position`; expected (; position is a reserved "
                + "word in Flink SQL: write the column as `position`");
    }

    @Test
    void doubleQuotedText_saysTextIsInSingleQuotes() {
        RuleProblem p = only("SELECT temperature FROM product_a1thermo WHERE label = \"on\"");

        assertThat(p.kind()).isEqualTo(Kind.SYNTAX);
        assertThat(p.message()).endsWith("text goes in single quotes ('on'), names with special characters in "
                + "back-ticks");
    }

    @Test
    void bangEqual_isRefusedAsFlinkRefusesIt() {
        RuleProblem p = only("SELECT temperature FROM product_a1thermo WHERE humidity != 3");

        at(p, Kind.SYNTAX, 1, 57, 1, 58);
        assertThat(p.message()).isEqualTo("syntax error: '!=' is not Flink SQL; write <> for 'not equal'");
    }

    @Test
    void unknownColumn_isUnknownProperty_withDidYouMean() {
        RuleProblem p = only("SELECT device_name,\n       temprature\nFROM product_a1thermo");

        at(p, Kind.UNKNOWN_PROPERTY, 2, 8, 2, 17);
        assertThat(p.message()).isEqualTo("'temprature' is not a column of product_a1thermo "
                + "(did you mean 'temperature'?)");
    }

    @Test
    void columnInTheWrongCase_isUnknown_namesAreCaseSensitive() {
        RuleProblem p = only("SELECT Humidity FROM product_a1thermo");

        at(p, Kind.UNKNOWN_PROPERTY, 1, 8, 1, 15);
        assertThat(p.message()).contains("did you mean 'humidity'?");
    }

    @Test
    void unknownTable_namesTheViews() {
        RuleProblem p = only("SELECT temperature FROM product_a1therm");

        at(p, Kind.UNKNOWN_SOURCE, 1, 25, 1, 39);
        assertThat(p.message()).isEqualTo("'product_a1therm' is not a table a rule can read (did you mean "
                + "'product_a1thermo'?); the tables are product_a1thermo, product_a1thermo_event_overheat, "
                + "product_a1thermo_attributes, product_a1thermo_status");
    }

    @Test
    void anotherProductsView_isWrongProduct() {
        RuleProblem p = only("SELECT temperature FROM product_a1other");

        at(p, Kind.WRONG_PRODUCT, 1, 25, 1, 39);
        assertThat(p.message()).startsWith("'product_a1other' is a view of product 'a1other', but the rule is "
                + "compiled for product 'a1thermo'");
    }

    @Test
    void textComparedWithANumber_isTypeMismatch() {
        RuleProblem p = only("SELECT temperature\nFROM product_a1thermo\nWHERE label > 30");

        at(p, Kind.TYPE_MISMATCH, 3, 7, 3, 16);
        assertThat(p.message()).isEqualTo("cannot compare label (STRING) with 30 (INT); Flink would cast the text "
                + "to a number and fail on text that is not one: write TRY_CAST(... AS INT) or CAST");
    }

    @Test
    void sumOfText_isTypeMismatch() {
        RuleProblem p = only("SELECT SUM(label) AS s FROM product_a1thermo");

        at(p, Kind.TYPE_MISMATCH, 1, 8, 1, 17);
        assertThat(p.message()).isEqualTo("cannot apply 'SUM' to SUM(STRING); it takes SUM(NUMERIC)");
    }

    @Test
    void unknownFunction_suggestsAClose_FlinkFunction() {
        RuleProblem p = only("SELECT roundd(temperature) AS t FROM product_a1thermo");

        at(p, Kind.UNKNOWN_FUNCTION, 1, 8, 1, 26);
        assertThat(p.message()).isEqualTo("'roundd' is not a Flink SQL function (did you mean 'ROUND'?); "
                + "see docs/rules.md, Flink SQL rules");
    }

    @Test
    void functionsCalciteHasButFlinkNot_areUnknown() {
        RuleProblem p = only("SELECT SPLIT_PART(label, ',', 1) AS part FROM product_a1thermo");

        at(p, Kind.UNKNOWN_FUNCTION, 1, 8, 1, 32);
        assertThat(only("SELECT label ILIKE 'a%' AS a FROM product_a1thermo").kind()).isEqualTo(Kind.UNKNOWN_FUNCTION);
    }

    @Test
    void knownFunction_withTooFewArguments_isWrongArity() {
        RuleProblem p = only("SELECT MOD(humidity) AS m FROM product_a1thermo");

        at(p, Kind.WRONG_ARITY, 1, 8, 1, 20);
        assertThat(p.message()).isEqualTo("MOD takes 2 arguments");
    }

    @Test
    void columnNeitherGroupedNorAggregated_isInvalidQuery() {
        RuleProblem p = only("SELECT device_name, temperature FROM product_a1thermo GROUP BY device_name");

        at(p, Kind.INVALID_QUERY, 1, 21, 1, 31);
        assertThat(p.message()).isEqualTo("expression 'temperature' is not being grouped");
    }

    @Test
    void insert_isRefused() {
        RuleProblem p = only("INSERT INTO alerts SELECT temperature FROM product_a1thermo");

        at(p, Kind.UNSUPPORTED, 1, 1, 1, 6);
        assertThat(p.message()).startsWith("INSERT is not allowed in a rule: a rule is one SELECT query");
    }

    @Test
    void createAndDrop_areRefused_evenAfterAComment() {
        at(only("CREATE TABLE t (a INT)"), Kind.UNSUPPORTED, 1, 1, 1, 6);
        RuleProblem drop = only("-- clean up\n  DROP VIEW product_a1thermo");
        at(drop, Kind.UNSUPPORTED, 2, 3, 2, 6);
        assertThat(drop.message()).contains("Weft declares the tables it reads");
    }

    @Test
    void twoStatements_areRefused_atTheSecond() {
        RuleProblem p = only("SELECT humidity FROM product_a1thermo;\nSELECT label FROM product_a1thermo");

        at(p, Kind.UNSUPPORTED, 2, 1, 2, 34);
    }

    @Test
    void aQueryReadingOnlyTheAttributes_isRefused() {
        RuleProblem p = only("SELECT device_name FROM product_a1thermo_attributes");

        at(p, Kind.UNKNOWN_SOURCE, 1, 1, 1, 51);
        assertThat(p.message()).isEqualTo("a rule reads the posts of at least one of the views product_a1thermo, "
                + "product_a1thermo_event_overheat, product_a1thermo_status");
    }

    @Test
    void memberOfANonRowColumn_isUnknown() {
        RuleProblem p = only("SELECT p.label.x AS x FROM product_a1thermo AS p");

        assertThat(p.kind()).isEqualTo(Kind.UNKNOWN_PROPERTY);
        assertThat(p.line()).isEqualTo(1);
    }

    @Test
    void unknownMemberOfARowColumn_isUnknownProperty() {
        RuleProblem p = only("SELECT `position`.altitude AS a FROM product_a1thermo");

        at(p, Kind.UNKNOWN_PROPERTY, 1, 19, 1, 26);
        assertThat(p.message()).isEqualTo("'altitude' is not a member of the ROW (did you mean 'latitude'?)");
    }

    @Test
    void emptyRule_isASyntaxProblem() {
        at(only("  -- nothing\n"), Kind.SYNTAX, 1, 1, 1, 1);
    }

    @Test
    void windowOverANonTimeColumn_isRefused() {
        RuleProblem p = only("SELECT COUNT(*) AS n FROM TABLE(TUMBLE(TABLE product_a1thermo, DESCRIPTOR(label), "
                + "INTERVAL '5' MINUTE)) GROUP BY window_start, window_end");

        assertThat(p.kind()).isIn(Kind.TYPE_MISMATCH, Kind.INVALID_QUERY);
        assertThat(p.line()).isEqualTo(1);
    }
}
