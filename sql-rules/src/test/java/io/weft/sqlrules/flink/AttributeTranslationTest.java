package io.weft.sqlrules.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.core.tsl.ThingModel;
import io.weft.sqlrules.RuleCompilation;
import io.weft.sqlrules.Thermostat;
import io.weft.sqlrules.alibaba.AlibabaRules;
import org.junit.jupiter.api.Test;

/**
 * Alibaba's {@code attribute(key)}: translated to a left event-time temporal join of the rule's view with the
 * product's attribute view, the join a Flink SQL rule writes, so that each reading gets the device's tags as of its
 * event time and a device without tags still matches (with NULL).
 */
class AttributeTranslationTest {
    private static final String FROM = " FROM \"/a1thermo/+/thing/event/property/post\"";
    private final AlibabaRules rules = new AlibabaRules();
    private final ThingModel model = Thermostat.model();

    @Test
    void attribute_readsTheAttributesJoinedAsOfTheReadingsEventTime() throws Exception {
        RuleCompilation result = rules.compile("SELECT temperature, attribute('room') AS room" + FROM
                + " WHERE attribute('floor') = '2'", model);

        assertThat(result.problems()).isEmpty();
        FlinkRule flink = result.flink();
        assertThat(flink.query()).isEqualTo("""
                SELECT `temperature` AS `temperature`, (`_weft_attributes`['room']) AS `room`, \
                `device_name` AS `_weft_device_name`, `event_time` AS `_weft_event_time`
                FROM (
                  SELECT `r`.*, `a`.`attributes` AS `_weft_attributes`
                  FROM `product_a1thermo` AS `r`
                  LEFT JOIN `product_a1thermo_attributes` FOR SYSTEM_TIME AS OF `r`.`event_time` AS `a`
                    ON `r`.`device_name` = `a`.`device_name`)
                WHERE ((`_weft_attributes`['floor']) = '2')""");
        assertThat(flink.views()).extracting(ProductView::name)
                .containsExactly("product_a1thermo", "product_a1thermo_attributes");
        assertThat(flink.viewDdls().get(1)).isEqualTo(ProductViews.attributes(model).ddl());
        assertThat(flink.functions()).isEmpty();
        assertThat(FlinkParser.parse(flink.query())).isNotNull();
    }

    @Test
    void aRuleWithoutAttribute_readsItsViewAlone() {
        FlinkRule flink = rules.compile("SELECT temperature" + FROM, model).flink();

        assertThat(flink.query()).endsWith("FROM `product_a1thermo`");
        assertThat(flink.views()).extracting(ProductView::name).containsExactly("product_a1thermo");
    }

    @Test
    void matchQuery_ofARuleWithAttribute_readsTheSameJoin() throws Exception {
        MatchQuery match = rules.matchQuery("SELECT temperature" + FROM + " WHERE attribute('room') = 'kitchen'",
                model).orElseThrow();

        assertThat(match.query()).contains("(`_weft_attributes`['room']) = 'kitchen'")
                .contains("LEFT JOIN `product_a1thermo_attributes` FOR SYSTEM_TIME AS OF `r`.`event_time` AS `a`");
        assertThat(FlinkParser.parse(match.query())).isNotNull();
    }
}
