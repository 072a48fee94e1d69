package io.weft.sqlrules.alibaba;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.core.rule.DeployedRule;
import io.weft.core.tsl.ThingModel;
import io.weft.sqlrules.RuleCompilation;
import io.weft.sqlrules.RuleProblem;
import io.weft.sqlrules.RuleProblem.Kind;
import io.weft.sqlrules.Thermostat;
import io.weft.sqlrules.flink.FlinkParser;
import io.weft.sqlrules.flink.FlinkRule;
import io.weft.sqlrules.flink.MatchQuery;
import io.weft.sqlrules.flink.ProductViews;
import org.apache.calcite.sql.SqlKind;
import org.junit.jupiter.api.Test;

/**
 * Rules on Alibaba's device-status topic {@code /as/mqtt/status/{pk}/{dn}}: they read the status message's fields
 * (and Weft's {@code reason}) over the product's status view, carry the hidden device and event-time columns, and
 * are refused with a position when they read properties or a message id.
 */
class StatusRulesTest {
    private static final String FROM = "FROM \"/as/mqtt/status/a1thermo/+\"";
    private final AlibabaRules rules = new AlibabaRules();
    private final ThingModel model = Thermostat.model();

    private FlinkRule compile(String sql) {
        RuleCompilation result = rules.compile(sql, model);
        assertThat(result.problems()).isEmpty();
        return result.flink();
    }

    private RuleProblem onlyProblem(String sql) {
        RuleCompilation result = rules.compile(sql, model);
        assertThat(result.flink()).isNull();
        assertThat(result.problems()).hasSize(1);
        return result.problems().get(0);
    }

    @Test
    void offlineRule_readsTheStatusView_withTheHiddenDeviceAndTimeColumns() throws Exception {
        FlinkRule rule = compile("SELECT deviceName() AS dn, status " + FROM + " WHERE status = 'offline'");

        assertThat(rule.query()).isEqualTo("SELECT `device_name` AS `dn`, `status` AS `status`, `device_name` AS `"
                + DeployedRule.DEVICE_COLUMN + "`, `event_time` AS `" + DeployedRule.EVENT_TIME_COLUMN + "`\n"
                + "FROM `product_a1thermo_status`\nWHERE (`status` = 'offline')");
        assertThat(rule.outputs()).containsExactly("dn", "status");
        assertThat(rule.view().name()).isEqualTo(ProductViews.statusViewName("a1thermo"));
        assertThat(rule.view().query()).contains("FROM `" + ProductViews.STATUS_TABLE + "`")
                .endsWith("WHERE `product_key` = 'a1thermo'");
        assertThat(FlinkParser.parse(rule.view().ddl())).isNotNull();
        assertThat(FlinkParser.parse(rule.query()).getKind().belongsTo(SqlKind.QUERY)).isTrue();
    }

    @Test
    void everyFieldOfTheStatusMessage_isReadable_andStarSelectsThemInAlibabasOrder() {
        FlinkRule all = compile("SELECT * " + FROM);
        FlinkRule named = compile("SELECT status, productKey, deviceName, time AS currentTime, utcTime, lastTime, "
                + "utcLastTime, clientIp, reason " + FROM);

        assertThat(all.outputs()).containsExactlyElementsOf(StatusMessage.FIELDS);
        assertThat(named.query()).startsWith("SELECT `status` AS `status`, `productKey` AS `productKey`, "
                + "`deviceName` AS `deviceName`, `time` AS `currentTime`, `utcTime` AS `utcTime`, `lastTime` AS "
                + "`lastTime`, `utcLastTime` AS `utcLastTime`, `clientIp` AS `clientIp`, `reason` AS `reason`");
        assertThat(named.view().ddl()).contains("`product_key` AS `productKey`", "`last_time` AS `time`",
                "`last_time` AS `lastTime`", "`utc_last_time` AS `utcLastTime`", "`client_ip` AS `clientIp`");
    }

    @Test
    void oneDevice_andTheFunctionsThatApply_translate() {
        FlinkRule rule = compile("SELECT topic(4) AS pk, deviceName() AS dn, timestamp('yyyy') AS y, "
                + "payload() AS p, upper(status) AS s, attribute('room') AS room "
                + "FROM \"/as/mqtt/status/a1thermo/kitchen\" WHERE endswith(clientIp, '.7')");

        assertThat(rule.query()).isEqualTo("SELECT SPLIT_INDEX(`topic`, '/', 4) AS `pk`, `device_name` AS `dn`, "
                + "weft_timestamp('yyyy') AS `y`, `payload` AS `p`, UPPER(`status`) AS `s`, "
                + "(`_weft_attributes`['room']) AS `room`, `device_name` AS `"
                + DeployedRule.DEVICE_COLUMN + "`, `event_time` AS `" + DeployedRule.EVENT_TIME_COLUMN + "`\n"
                + "FROM (\n"
                + "  SELECT `r`.*, `a`.`attributes` AS `_weft_attributes`\n"
                + "  FROM `product_a1thermo_status` AS `r`\n"
                + "  LEFT JOIN `product_a1thermo_attributes` FOR SYSTEM_TIME AS OF `r`.`event_time` AS `a`\n"
                + "    ON `r`.`device_name` = `a`.`device_name`)\n"
                + "WHERE `device_name` = 'kitchen' AND weft_endswith(`clientIp`, '.7')");
    }

    @Test
    void matchQuery_ofAStatusRule_hasNoMessageId() throws Exception {
        MatchQuery match = rules.matchQuery("SELECT status " + FROM + " WHERE status = 'offline'", model)
                .orElseThrow();

        assertThat(match.query()).startsWith("SELECT CAST(NULL AS BIGINT) AS `" + MatchQuery.MESSAGE_ID_COLUMN + "`");
        assertThat(FlinkParser.parse(match.query())).isNotNull();
    }

    @Test
    void aPropertyName_isNotAField_andTheProblemListsTheFields() {
        RuleProblem p = onlyProblem("SELECT status\n" + FROM + "\nWHERE temperature > 38");

        assertThat(p.kind()).isEqualTo(Kind.UNKNOWN_PROPERTY);
        assertThat(p.line()).isEqualTo(3);
        assertThat(p.column()).isEqualTo(7);
        assertThat(p.message()).isEqualTo("'temperature' is not a field of a device status message (its fields are "
                + String.join(", ", StatusMessage.FIELDS) + "; property values are read from "
                + "\"/{productKey}/+/thing/event/property/post\")");
    }

    @Test
    void itemsAddressing_isRefusedWhereItIsWritten() {
        RuleProblem p = onlyProblem("SELECT items.temperature.value AS t " + FROM);

        assertThat(p.kind()).isEqualTo(Kind.UNKNOWN_PROPERTY);
        assertThat(p.line()).isEqualTo(1);
        assertThat(p.column()).isEqualTo(8);
        assertThat(p.message()).startsWith("a device status message has no properties or event parameters, so "
                + "'items.temperature.value' reads nothing; its fields are status, productKey");
    }

    @Test
    void aMisspelledField_getsASuggestion() {
        assertThat(onlyProblem("SELECT Status " + FROM).message()).endsWith("(did you mean 'status'?)");
    }

    @Test
    void messageId_isRefused_sinceAStatusChangeHasNone() {
        RuleProblem p = onlyProblem("SELECT status, messageId() AS id " + FROM);

        assertThat(p.kind()).isEqualTo(Kind.UNSUPPORTED);
        assertThat(p.column()).isEqualTo(16);
        assertThat(p.message()).startsWith("messageId() is the id of a device's message");
    }

    @Test
    void thingPropertyFlatMap_isRefused() {
        assertThat(onlyProblem("SELECT thingPropertyFlatMap() " + FROM).message())
                .startsWith("thingPropertyFlatMap(...) reads property posts");
    }

    @Test
    void anotherProductsStatus_isTheWrongProduct() {
        assertThat(onlyProblem("SELECT status FROM \"/as/mqtt/status/a1other/+\"").kind())
                .isEqualTo(Kind.WRONG_PRODUCT);
    }

    @Test
    void fieldsAreText_soComparingStatusWithANumber_isATypeMismatch() {
        assertThat(onlyProblem("SELECT status " + FROM + " WHERE status > 1").kind()).isEqualTo(Kind.TYPE_MISMATCH);
    }
}
