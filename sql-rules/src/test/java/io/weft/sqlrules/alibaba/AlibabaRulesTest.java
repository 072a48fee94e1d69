package io.weft.sqlrules.alibaba;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.core.tsl.ThingModel;
import io.weft.sqlrules.RuleCompilation;
import io.weft.sqlrules.Thermostat;
import io.weft.sqlrules.flink.FlinkRule;
import io.weft.sqlrules.flink.FlinkParser;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParseException;
import org.junit.jupiter.api.Test;

/** Alibaba rules compiled end to end against the thermostat thing model: parse, check, translate. */
class AlibabaRulesTest {
    private final AlibabaRules rules = new AlibabaRules();
    private final ThingModel model = Thermostat.model();

    private FlinkRule compile(String sql) {
        RuleCompilation result = rules.compile(sql, model);
        assertThat(result.problems()).isEmpty();
        return result.flink();
    }

    @Test
    void issueExample_translatesToAQueryOverTheProductView() {
        FlinkRule rule = compile("SELECT temperature AS t, deviceName() AS dn, timestamp('yyyy-MM-dd') AS day "
                + "FROM \"/a1thermo/+/thing/event/property/post\" WHERE temperature > 38");

        assertThat(rule.query()).isEqualTo("SELECT `temperature` AS `t`, `device_name` AS `dn`, "
                + "weft_timestamp('yyyy-MM-dd') AS `day`, `device_name` AS `_weft_device_name`, `event_time` AS `_weft_event_time`\nFROM `product_a1thermo`\nWHERE (`temperature` > 38)");
        assertThat(rule.outputs()).containsExactly("t", "dn", "day");
        assertThat(rule.functions()).containsExactly("weft_timestamp");
        assertThat(rule.view().name()).isEqualTo("product_a1thermo");
        assertThat(rule.view().ddl()).startsWith("CREATE TEMPORARY VIEW `product_a1thermo` AS\nSELECT\n");
    }

    @Test
    void itemsValueAddressing_andTheSysPrefix_readTheSameColumn() {
        FlinkRule rule = compile("SELECT items.temperature.value AS t FROM "
                + "\"/sys/a1thermo/+/thing/event/property/post\" WHERE items.temperature.value > 38");

        assertThat(rule.query()).isEqualTo(
                "SELECT `temperature` AS `t`, `device_name` AS `_weft_device_name`, `event_time` AS `_weft_event_time`\nFROM `product_a1thermo`\nWHERE (`temperature` > 38)");
    }

    @Test
    void oneDevice_addsADeviceCondition() {
        FlinkRule rule = compile("SELECT humidity FROM \"/a1thermo/kitchen/thing/event/property/post\"");

        assertThat(rule.query()).isEqualTo("SELECT `humidity` AS `humidity`, `device_name` AS `_weft_device_name`, `event_time` AS `_weft_event_time`\nFROM `product_a1thermo`\n"
                + "WHERE `device_name` = 'kitchen'");
    }

    @Test
    void structMembers_areReadAsRowFields() {
        FlinkRule rule = compile("SELECT items.position.value.latitude AS lat, position.longitude "
                + "FROM \"/a1thermo/+/thing/event/property/post\" WHERE position.latitude BETWEEN 30 AND 40");

        assertThat(rule.query()).isEqualTo("SELECT `position`.`latitude` AS `lat`, `position`.`longitude` AS "
                + "`longitude`, `device_name` AS `_weft_device_name`, `event_time` AS `_weft_event_time`\nFROM `product_a1thermo`\nWHERE (`position`.`latitude` BETWEEN 30 AND 40)");
    }

    @Test
    void star_selectsEveryProperty() {
        FlinkRule rule = compile("SELECT * FROM \"/a1thermo/+/thing/event/property/post\"");

        assertThat(rule.outputs()).containsExactly("temperature", "humidity", "label", "power", "mode", "serviced",
                "energy", "position", "samples");
    }

    @Test
    void thingPropertyFlatMap_flattensStructsWithUnderscores() {
        FlinkRule rule = compile("SELECT thingPropertyFlatMap('power', 'position'), deviceName() "
                + "FROM \"/a1thermo/+/thing/event/property/post\"");

        assertThat(rule.outputs()).containsExactly("power", "position_latitude", "position_longitude",
                "deviceName");
        assertThat(rule.query()).startsWith("SELECT `power` AS `power`, `position`.`latitude` AS "
                + "`position_latitude`, `position`.`longitude` AS `position_longitude`, `device_name` AS `deviceName`");
    }

    @Test
    void eventPost_readsTheEventViewByValueOrBareName() {
        FlinkRule rule = compile("SELECT value.level AS level, message FROM "
                + "\"/sys/a1thermo/+/thing/event/overheat/post\" WHERE level >= 2 AND message LIKE '%fan%'");

        assertThat(rule.view().name()).isEqualTo("product_a1thermo_event_overheat");
        assertThat(rule.query()).isEqualTo("SELECT `level` AS `level`, `message` AS `message`, `device_name` AS `_weft_device_name`, "
                + "`event_time` AS `_weft_event_time`\n"
                + "FROM `product_a1thermo_event_overheat`\nWHERE ((`level` >= 2) AND (`message` LIKE '%fan%'))");
    }

    @Test
    void conditions_keepAlibabaPrecedenceWithParentheses() {
        FlinkRule rule = compile("SELECT humidity FROM \"/a1thermo/+/thing/event/property/post\" "
                + "WHERE NOT humidity IN (1, 2) OR label IS NOT NULL AND mode <> 1 AND humidity % 2 = 0 "
                + "AND label NOT LIKE 'x%' AND energy NOT BETWEEN -1.5 AND 2e3");

        assertThat(rule.query()).endsWith("WHERE ((NOT (`humidity` IN (1, 2))) OR ((`label` IS NOT NULL) AND "
                + "(`mode` <> 1) AND (MOD(`humidity`, 2) = 0) AND (`label` NOT LIKE 'x%') AND "
                + "(`energy` NOT BETWEEN -1.5 AND 2E+3)))");
    }

    @Test
    void generatedSql_isAcceptedByFlinksParser() throws SqlParseException {
        FlinkRule rule = compile("SELECT thingPropertyFlatMap(), topic(2), crypto(label, 'SHA-256') AS h, "
                + "substring(label, 1, 3) AS s, timestamp_utc() AS ts FROM \"/a1thermo/+/thing/event/property/post\" "
                + "WHERE endswith(label, 'x') AND nanvl(humidity, 0) > log(100) AND NOT label LIKE 'a%' "
                + "AND energy NOT BETWEEN 1 AND 2 AND mode IN (1, 2) AND -energy % 2 = 0 AND label IS NOT NULL");

        assertThat(FlinkParser.parse(rule.query())).isInstanceOf(SqlSelect.class);
        assertThat(FlinkParser.parse(rule.view().ddl()).getClass().getSimpleName()).isEqualTo("SqlCreateView");
    }
}
