package io.weft.bench.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.core.rule.DeployedRule;
import io.weft.core.rule.Destination;
import io.weft.core.rule.RuleGroup;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BenchRulesTest {
    private static final Thermostat THERMOSTAT = new Thermostat("a1thermo");

    @Test
    void group_ofHundred_compilesEveryRuleAgainstTheThermostat() {
        RuleGroup group = new BenchRules(THERMOSTAT, 100, 10).group("g");

        assertThat(group.rules()).hasSize(100);
        assertThat(group.rules()).extracting(DeployedRule::id).doesNotHaveDuplicates();
        assertThat(group.rules()).allSatisfy(r -> {
            assertThat(r.productKey()).isEqualTo("a1thermo");
            assertThat(r.query()).isNotBlank();
            assertThat(r.views()).isNotEmpty();
        });
    }

    @Test
    void group_usesFunctionsAndCompoundConditions() {
        BenchRules rules = new BenchRules(THERMOSTAT, 10, 10);

        String all = String.join("\n", IntStream.range(0, 10).mapToObj(rules::sql).toList());
        assertThat(all).contains("abs(", "upper(", "concat(", "floor(", "mod(", "timestamp(", "messageId()",
                "deviceName()", " AND ");
        assertThat(rules.group("g").rules()).extracting(DeployedRule::functions).anySatisfy(f ->
                assertThat(f).isNotEmpty());
    }

    @Test
    void destinations_everyTenthRuleAlerts_theOthersShareTheOutputTopics() {
        BenchRules rules = new BenchRules(THERMOSTAT, 100, 10);

        assertThat(rules.alertRules()).isEqualTo(10);
        assertThat(rules.destination(9)).isEqualTo(new Destination.Alert("overheat-9",
                io.weft.core.rule.Severity.MAJOR));
        assertThat(rules.destination(13)).isEqualTo(new Destination.KafkaTopic("rules-out-3"));
        assertThat(rules.outputTopics()).hasSize(10).contains("rules-out-0", "rules-out-9");
        assertThat(new BenchRules(THERMOSTAT, 3, 10).outputTopics()).containsExactly("rules-out-0", "rules-out-1",
                "rules-out-2");
    }

    @Test
    void alertRules_matchAHotReadingButNoOrdinaryOne() {
        BenchRules rules = new BenchRules(THERMOSTAT, 100, 10);
        Pattern threshold = Pattern.compile("WHERE temperature > (\\d+)$");

        List<Integer> thresholds = IntStream.range(0, 100).filter(BenchRules::raisesAlert).mapToObj(i -> {
            Matcher m = threshold.matcher(rules.sql(i));
            assertThat(m.find()).as(rules.sql(i)).isTrue();
            return Integer.parseInt(m.group(1));
        }).toList();
        // ordinary readings are 10..40 °C
        assertThat(thresholds).hasSize(10).allSatisfy(t -> assertThat(t).isGreaterThan(40).isLessThan(
                (int) Thermostat.HOT));
    }

    @Test
    void constructor_withoutRules_thenRejects() {
        assertThatThrownBy(() -> new BenchRules(THERMOSTAT, 0, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
