package io.weft.sqlrules.alibaba;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.core.tsl.ThingModel;
import io.weft.sqlrules.Thermostat;
import io.weft.sqlrules.flink.FlinkParser;
import io.weft.sqlrules.flink.MatchQuery;
import io.weft.sqlrules.flink.MatchQuery.Condition;
import org.apache.calcite.sql.parser.SqlParseException;
import org.junit.jupiter.api.Test;

/**
 * The dry-run form of an Alibaba rule: the WHERE's top-level AND terms as columns named in order, each with the
 * text the analyst wrote, the whole WHERE as {@code _weft_matched}, and no WHERE, so every message comes back.
 */
class MatchQueryTest {
    private final AlibabaRules rules = new AlibabaRules();
    private final ThingModel model = Thermostat.model();

    @Test
    void andTerms_becomeOneColumnEach_withTheAnalystsText() throws SqlParseException {
        MatchQuery match = rules.matchQuery("SELECT temperature AS t\nFROM \"/a1thermo/+/thing/event/property/post\""
                + "\nWHERE temperature > 38 AND  humidity < 50\n  AND (deviceName() = 'k' OR humidity IS NULL)", model)
                .orElseThrow();

        assertThat(match.conditions()).containsExactly(new Condition("_weft_c0", "temperature > 38"),
                new Condition("_weft_c1", "humidity < 50"),
                new Condition("_weft_c2", "(deviceName() = 'k' OR humidity IS NULL)"));
        assertThat(match.query()).isEqualTo("SELECT `message_id` AS `_weft_message_id`, `device_name` AS"
                + " `_weft_device_name`, `event_time` AS `_weft_event_time`, (`temperature` > 38) AS `_weft_c0`,"
                + " (`humidity` < 50) AS `_weft_c1`, ((`device_name` = 'k') OR (`humidity` IS NULL)) AS `_weft_c2`,"
                + " ((`temperature` > 38) AND (`humidity` < 50) AND ((`device_name` = 'k') OR (`humidity` IS NULL)))"
                + " AS `_weft_matched`\nFROM `product_a1thermo`");
        assertThat(match.view().name()).isEqualTo("product_a1thermo");
        assertThat(FlinkParser.parse(match.query())).as("Flink's parser reads it").isNotNull();
    }

    @Test
    void oneDevice_isAConditionToo_andNoWhereMatchesEveryMessageOfTheDevice() {
        MatchQuery match = rules.matchQuery("SELECT humidity FROM \"/a1thermo/kitchen/thing/event/property/post\"",
                model).orElseThrow();

        assertThat(match.conditions()).containsExactly(new Condition("_weft_c0", "deviceName() = 'kitchen'"));
        assertThat(match.query()).endsWith("(`device_name` = 'kitchen') AS `_weft_c0`,"
                + " ((`device_name` = 'kitchen')) AS `_weft_matched`\nFROM `product_a1thermo`");
    }

    @Test
    void noConditions_matchesEverything() {
        MatchQuery match = rules.matchQuery("SELECT humidity FROM \"/a1thermo/+/thing/event/property/post\"", model)
                .orElseThrow();

        assertThat(match.conditions()).isEmpty();
        assertThat(match.query()).contains("TRUE AS `_weft_matched`");
    }

    @Test
    void aRuleThatDoesNotCompile_hasNoMatchQuery() {
        assertThat(rules.matchQuery("SELECT nope FROM \"/a1thermo/+/thing/event/property/post\"", model)).isEmpty();
        assertThat(rules.matchQuery("SELECT FROM", model)).isEmpty();
    }
}
