package io.weft.sqlrules.flinksql;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.core.tsl.DataType;
import io.weft.core.tsl.ThingModel;
import io.weft.sqlrules.RuleCompilation;
import io.weft.sqlrules.Thermostat;
import io.weft.sqlrules.flink.FlinkParser;
import io.weft.sqlrules.flink.FlinkRule;
import io.weft.sqlrules.flink.ProductView;
import java.util.List;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.junit.jupiter.api.Test;

/**
 * Valid Flink SQL rules: each compiles to the views it reads, the analyst's query and its result columns, and every
 * statement of the compiled rule (each view's DDL and the query) is accepted by Flink 2.2's own parser.
 */
class FlinkSqlRulesTest {
    private final FlinkSqlRules rules = new FlinkSqlRules();

    private FlinkRule compiled(String sql) throws SqlParseException {
        RuleCompilation result = rules.compile(sql, Thermostat.model());
        assertThat(result.problems()).as("problems").isEmpty();
        FlinkRule rule = result.flink();
        for (ProductView view : rule.views()) {
            assertThat(FlinkParser.parse(view.ddl()).getClass().getSimpleName()).isEqualTo("SqlCreateView");
        }
        SqlNode query = FlinkParser.parse(rule.query());
        assertThat(query.getKind().belongsTo(org.apache.calcite.sql.SqlKind.QUERY)).as("a query").isTrue();
        return rule;
    }

    @Test
    void tumblingWindow_averagePerDeviceAndMinute() throws SqlParseException {
        FlinkRule rule = compiled("""
                SELECT window_start, window_end, device_name, AVG(temperature) AS avg_t
                FROM TABLE(TUMBLE(TABLE product_a1thermo, DESCRIPTOR(event_time), INTERVAL '1' MINUTE))
                GROUP BY window_start, window_end, device_name""");

        assertThat(rule.views()).extracting(ProductView::name).containsExactly("product_a1thermo");
        assertThat(rule.outputs()).containsExactly("window_start", "window_end", "device_name", "avg_t");
        assertThat(rule.functions()).isEmpty();
    }

    @Test
    void hoppingWindow_hasWindowTime() throws SqlParseException {
        FlinkRule rule = compiled("""
                SELECT window_start, window_time, COUNT(*) AS posts, MAX(humidity) AS h
                FROM TABLE(HOP(TABLE product_a1thermo, DESCRIPTOR(event_time), INTERVAL '1' MINUTE, INTERVAL '10' MINUTE))
                GROUP BY window_start, window_end, window_time""");

        assertThat(rule.outputs()).containsExactly("window_start", "window_time", "posts", "h");
    }

    @Test
    void cumulativeWindow_isFlinksOwnTableFunction() throws SqlParseException {
        FlinkRule rule = compiled("""
                SELECT window_end, SUM(energy) AS energy_today
                FROM TABLE(CUMULATE(TABLE product_a1thermo, DESCRIPTOR(event_time), INTERVAL '1' HOUR, INTERVAL '1' DAY))
                GROUP BY window_start, window_end""");

        assertThat(rule.outputs()).containsExactly("window_end", "energy_today");
    }

    @Test
    void sessionWindow_asFlinksTableFunction_withPartitionBy() throws SqlParseException {
        FlinkRule rule = compiled("""
                SELECT device_name, window_start, window_end, COUNT(*) AS posts
                FROM TABLE(SESSION(TABLE product_a1thermo PARTITION BY device_name, DESCRIPTOR(event_time),
                                   INTERVAL '10' MINUTE))
                GROUP BY device_name, window_start, window_end""");

        assertThat(rule.outputs()).containsExactly("device_name", "window_start", "window_end", "posts");
    }

    @Test
    void sessionWindow_asGroupWindow_withItsStartFunction() throws SqlParseException {
        FlinkRule rule = compiled("""
                SELECT device_name, SESSION_START(event_time, INTERVAL '10' MINUTE) AS started, COUNT(*) AS posts
                FROM product_a1thermo
                GROUP BY device_name, SESSION(event_time, INTERVAL '10' MINUTE)""");

        assertThat(rule.outputs()).containsExactly("device_name", "started", "posts");
    }

    @Test
    void tumblingGroupWindow_isStillAccepted() throws SqlParseException {
        FlinkRule rule = compiled("""
                SELECT device_name, TUMBLE_END(event_time, INTERVAL '1' MINUTE) AS ended, AVG(temperature) AS t
                FROM product_a1thermo
                GROUP BY device_name, TUMBLE(event_time, INTERVAL '1' MINUTE)""");

        assertThat(rule.outputs()).containsExactly("device_name", "ended", "t");
    }

    @Test
    void aggregates_countMinMaxSumAvgStddev() throws SqlParseException {
        FlinkRule rule = compiled("""
                SELECT device_name, COUNT(DISTINCT mode) AS modes, MIN(temperature) AS lo, MAX(temperature) AS hi,
                       SUM(energy) AS e, AVG(humidity) AS h, STDDEV_POP(temperature) AS sd
                FROM TABLE(TUMBLE(TABLE product_a1thermo, DESCRIPTOR(event_time), INTERVAL '1' HOUR))
                GROUP BY device_name, window_start, window_end""");

        assertThat(rule.outputs()).containsExactly("device_name", "modes", "lo", "hi", "e", "h", "sd");
    }

    @Test
    void aboveThirtyForFiveMinutes_asAHoppingWindowWithMin() throws SqlParseException {
        FlinkRule rule = compiled("""
                SELECT device_name, window_start, window_end, MIN(temperature) AS lowest
                FROM TABLE(HOP(TABLE product_a1thermo, DESCRIPTOR(event_time), INTERVAL '1' MINUTE, INTERVAL '5' MINUTE))
                GROUP BY device_name, window_start, window_end
                HAVING MIN(temperature) > 30""");

        assertThat(rule.outputs()).containsExactly("device_name", "window_start", "window_end", "lowest");
    }

    @Test
    void aboveThirtyForFiveMinutes_asMatchRecognize_firingOnTheFirstReadingFiveMinutesIn() throws SqlParseException {
        FlinkRule rule = compiled("""
                SELECT *
                FROM product_a1thermo
                MATCH_RECOGNIZE (
                  PARTITION BY device_name
                  ORDER BY event_time
                  MEASURES FIRST_HOT.event_time AS hot_since, LATE_HOT.event_time AS still_hot_at,
                           LATE_HOT.temperature AS temperature
                  ONE ROW PER MATCH
                  AFTER MATCH SKIP PAST LAST ROW
                  PATTERN (FIRST_HOT HOT*? LATE_HOT)
                  DEFINE
                    FIRST_HOT AS FIRST_HOT.temperature > 30,
                    HOT AS HOT.temperature > 30,
                    LATE_HOT AS LATE_HOT.temperature > 30
                      AND LATE_HOT.event_time >= FIRST_HOT.event_time + INTERVAL '5' MINUTE
                )""");

        assertThat(rule.outputs()).containsExactly("device_name", "hot_since", "still_hot_at", "temperature");
    }

    @Test
    void aboveThirtyForFiveMinutes_asMatchRecognize_endingWhenItCools() throws SqlParseException {
        FlinkRule rule = compiled("""
                SELECT *
                FROM product_a1thermo
                MATCH_RECOGNIZE (
                  PARTITION BY device_name
                  ORDER BY event_time
                  MEASURES FIRST(HOT.event_time) AS since, LAST(HOT.event_time) AS until,
                           MAX(HOT.temperature) AS peak
                  ONE ROW PER MATCH
                  AFTER MATCH SKIP PAST LAST ROW
                  PATTERN (HOT+ COOL)
                  DEFINE
                    HOT AS HOT.temperature > 30,
                    COOL AS COOL.temperature <= 30
                      AND LAST(HOT.event_time) >= FIRST(HOT.event_time) + INTERVAL '5' MINUTE
                )""");

        assertThat(rule.outputs()).containsExactly("device_name", "since", "until", "peak");
    }

    @Test
    void matchRecognize_withMatchRowtime_andWithin() throws SqlParseException {
        FlinkRule rule = compiled("""
                SELECT *
                FROM product_a1thermo
                MATCH_RECOGNIZE (
                  PARTITION BY device_name
                  ORDER BY event_time
                  MEASURES A.humidity AS before_h, B.humidity AS after_h, MATCH_ROWTIME() AS at_time
                  ONE ROW PER MATCH
                  AFTER MATCH SKIP TO NEXT ROW
                  PATTERN (A B) WITHIN INTERVAL '1' HOUR
                  DEFINE B AS B.humidity - A.humidity > 20
                )""");

        assertThat(rule.outputs()).containsExactly("device_name", "before_h", "after_h", "at_time");
    }

    @Test
    void joinWithDeviceAttributes_asOfTheEventTime_carriesTheAttributeView() throws SqlParseException {
        FlinkRule rule = compiled("""
                SELECT t.device_name, t.temperature, a.attributes['room'] AS room
                FROM product_a1thermo AS t
                JOIN product_a1thermo_attributes FOR SYSTEM_TIME AS OF t.event_time AS a
                  ON a.device_name = t.device_name
                WHERE t.temperature > 30""");

        assertThat(rule.views()).extracting(ProductView::name)
                .containsExactly("product_a1thermo", "product_a1thermo_attributes");
        assertThat(rule.viewDdls().get(1)).contains("FROM `weft_device_attributes`")
                .contains("ROW_NUMBER() OVER (PARTITION BY `device_name` ORDER BY `update_time` DESC)");
        assertThat(rule.outputs()).containsExactly("device_name", "temperature", "room");
    }

    @Test
    void flappingDevices_countOfflinesPerWindow_overTheStatusView() throws SqlParseException {
        FlinkRule rule = compiled("""
                SELECT device_name, window_start, COUNT(*) AS offlines
                FROM TABLE(TUMBLE(TABLE product_a1thermo_status, DESCRIPTOR(event_time), INTERVAL '10' MINUTE))
                WHERE status = 'offline'
                GROUP BY device_name, window_start, window_end
                HAVING COUNT(*) >= 3""");

        assertThat(rule.views()).extracting(ProductView::name).containsExactly("product_a1thermo_status");
        assertThat(rule.viewDdls().get(0)).contains("FROM `weft_device_status`");
        assertThat(rule.outputs()).containsExactly("device_name", "window_start", "offlines");
    }

    @Test
    void windowedAverage_perRoomFromTheAttributes() throws SqlParseException {
        FlinkRule rule = compiled("""
                SELECT window_start, a.attributes['room'] AS room, AVG(t.temperature) AS avg_t
                FROM TABLE(TUMBLE(TABLE product_a1thermo, DESCRIPTOR(event_time), INTERVAL '1' MINUTE)) AS t
                LEFT JOIN product_a1thermo_attributes FOR SYSTEM_TIME AS OF t.event_time AS a
                  ON a.device_name = t.device_name
                GROUP BY window_start, window_end, a.attributes['room']""");

        assertThat(rule.outputs()).containsExactly("window_start", "room", "avg_t");
    }

    @Test
    void intervalJoin_ofAnEventViewWithThePropertyView_carriesBothViews() throws SqlParseException {
        FlinkRule rule = compiled("""
                SELECT e.device_name, e.level, p.temperature
                FROM product_a1thermo_event_overheat AS e
                JOIN product_a1thermo AS p
                  ON e.device_name = p.device_name
                 AND p.event_time BETWEEN e.event_time - INTERVAL '1' MINUTE AND e.event_time""");

        assertThat(rule.views()).extracting(ProductView::name)
                .containsExactly("product_a1thermo_event_overheat", "product_a1thermo");
        assertThat(rule.view().name()).isEqualTo("product_a1thermo_event_overheat");
        assertThat(rule.viewDdls()).hasSize(2).allMatch(ddl -> ddl.startsWith("CREATE TEMPORARY VIEW"));
    }

    @Test
    void severalThingModels_letARuleJoinTwoProducts() throws SqlParseException {
        ThingModel fan = new ThingModel("a1-fan", List.of(new ThingModel.Property("speed", "Speed",
                ThingModel.AccessMode.RW, false, new DataType.Numeric("int", null, null, null, null, null))),
                List.of(), List.of());

        RuleCompilation result = rules.compile("""
                SELECT t.device_name, t.temperature, f.speed
                FROM product_a1thermo AS t
                JOIN product_a1_fan AS f
                  ON f.device_name = t.device_name
                 AND f.event_time BETWEEN t.event_time - INTERVAL '1' MINUTE AND t.event_time""",
                List.of(Thermostat.model(), fan));

        assertThat(result.problems()).isEmpty();
        assertThat(result.flink().views()).extracting(ProductView::name)
                .containsExactly("product_a1thermo", "product_a1_fan");
        assertThat(FlinkParser.parse(result.flink().viewDdls().get(1))).isNotNull();
    }

    @Test
    void flinkFunctionsAndTypes_castAsString_rowMembers_json() throws SqlParseException {
        FlinkRule rule = compiled("""
                SELECT CAST(humidity AS STRING) AS h, p.`position`.latitude AS lat,
                       JSON_VALUE(payload, '$.temperature.time') AS t_time,
                       DATE_FORMAT(event_time, 'yyyy-MM-dd') AS `day`, CONCAT(label, '!') AS shout,
                       SPLIT_INDEX(topic, '/', 2) AS pk, IF(`power` = 1, 'on', 'off') AS state,
                       CASE WHEN mode = 2 THEN 'cool' ELSE 'other' END AS m
                FROM product_a1thermo AS p
                WHERE label LIKE 'kitchen%' AND humidity BETWEEN 10 AND 90""");

        assertThat(rule.outputs()).containsExactly("h", "lat", "t_time", "day", "shout", "pk", "state", "m");
    }

    @Test
    void uuid_parsesThoughCalciteReservesTheWord_andRunsAsWritten() throws SqlParseException {
        FlinkRule rule = compiled("SELECT UUID() AS id, uuid ( ) AS id2, device_name FROM product_a1thermo");

        assertThat(rule.outputs()).containsExactly("id", "id2", "device_name");
        assertThat(rule.query()).startsWith("SELECT UUID() AS id, uuid ( ) AS id2");
    }

    @Test
    void firstAndLastValue_areAggregatesAsInFlink_noOverNeeded() throws SqlParseException {
        FlinkRule rule = compiled("""
                SELECT device_name, FIRST_VALUE(temperature) AS first_t, LAST_VALUE(temperature) AS last_t
                FROM TABLE(TUMBLE(TABLE product_a1thermo, DESCRIPTOR(event_time), INTERVAL '1' MINUTE))
                GROUP BY device_name, window_start, window_end""");

        assertThat(rule.outputs()).containsExactly("device_name", "first_t", "last_t");
    }

    @Test
    void functionNames_matchInAnyCase_asInFlink() throws SqlParseException {
        FlinkRule rule = compiled("select count(*) as n, max(humidity) as h, date_format(max(event_time), 'HH') "
                + "as hh from product_a1thermo");

        assertThat(rule.outputs()).containsExactly("n", "h", "hh");
    }

    @Test
    void query_isTheAnalystsText_withoutTheFinalSemicolon() throws SqlParseException {
        FlinkRule rule = compiled("  SELECT humidity FROM product_a1thermo WHERE humidity > 50;  \n");

        assertThat(rule.query()).isEqualTo("SELECT humidity FROM product_a1thermo WHERE humidity > 50");
    }

    @Test
    void pluralTimeUnits_areAccepted_asFlinksParserAcceptsThem() throws SqlParseException {
        FlinkRule rule = compiled("SELECT COUNT(*) AS n FROM TABLE(TUMBLE(TABLE product_a1thermo, "
                + "DESCRIPTOR(event_time), INTERVAL '5' MINUTES)) GROUP BY window_start, window_end");

        assertThat(rule.outputs()).containsExactly("n");
    }

    @Test
    void unnamedExpressions_getFlinksDefaultNames() throws SqlParseException {
        FlinkRule rule = compiled("SELECT humidity + 1, device_name FROM product_a1thermo");

        assertThat(rule.outputs()).containsExactly("EXPR$0", "device_name");
    }

    @Test
    void rowMember_withoutItsTable_isReadAsFlinkReadsIt() throws SqlParseException {
        FlinkRule rule = compiled("SELECT `position`.latitude AS lat FROM product_a1thermo "
                + "WHERE `position`.longitude > 100");

        assertThat(rule.outputs()).containsExactly("lat");
        assertThat(rule.query()).contains("`position`.latitude");
    }

    @Test
    void tryCast_isTheWayToCompareTextWithANumber() throws SqlParseException {
        FlinkRule rule = compiled("SELECT label FROM product_a1thermo WHERE TRY_CAST(label AS INT) > 30");

        assertThat(rule.outputs()).containsExactly("label");
    }
}
