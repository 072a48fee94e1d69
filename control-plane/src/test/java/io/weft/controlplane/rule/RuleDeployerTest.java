package io.weft.controlplane.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.controlplane.api.ApiException;
import io.weft.core.rule.DeployedRule;
import io.weft.core.rule.Destination;
import io.weft.core.rule.RuleDefinition;
import io.weft.core.rule.RuleDialect;
import io.weft.core.rule.Severity;
import io.weft.core.tsl.ThingModel;
import io.weft.core.tsl.ThingModelJson;
import io.weft.sqlrules.RuleProblem;
import io.weft.sqlrules.flink.ProductViews;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * A stored rule version becomes exactly what a rule job runs: the product view's DDL, the translated query, its
 * outputs and functions, and the version's destinations; a rule the thing model no longer fits is a 409 problem, and
 * a dialect without a compiler a 422 one.
 */
class RuleDeployerTest {
    private static final ThingModel MODEL = ThingModelJson.parse(Thermostat.tsl());
    private final RuleDeployer deployer = new RuleDeployer(new RuleCompilers(List.of(new AlibabaRuleCompiler(),
            new FlinkSqlRuleCompiler())));

    @Test
    void deploy_thenViewsQueryOutputsFunctionsAndDestinationsOfThatVersion() {
        List<Destination> destinations = List.of(new Destination.KafkaTopic("hot-rooms"),
                new Destination.Alert("too-hot", Severity.MAJOR));
        RuleVersion version = version("""
                SELECT temperature AS t, deviceName() AS dn, timestamp('yyyy-MM-dd') AS day
                FROM "/a1thermo/+/thing/event/property/post"
                WHERE temperature > 38""", destinations, new Destination.KafkaTopic("rule-errors"));

        DeployedRule deployed = deployer.deploy(version, MODEL);

        assertThat(deployed.id()).isEqualTo("hot");
        assertThat(deployed.version()).isEqualTo(3);
        assertThat(deployed.productKey()).isEqualTo("a1thermo");
        assertThat(deployed.views()).containsExactly(ProductViews.properties(MODEL).ddl());
        assertThat(deployed.query()).isEqualTo("""
                SELECT `temperature` AS `t`, `device_name` AS `dn`, weft_timestamp('yyyy-MM-dd') AS `day`, \
                `device_name` AS `_weft_device_name`, `event_time` AS `_weft_event_time`
                FROM `product_a1thermo`
                WHERE (`temperature` > 38)""");
        assertThat(deployed.outputs()).containsExactly("t", "dn", "day");
        assertThat(deployed.functions()).isEqualTo(Set.of("weft_timestamp"));
        assertThat(deployed.destinations()).isEqualTo(destinations);
        assertThat(deployed.errorDestination()).isEqualTo(new Destination.KafkaTopic("rule-errors"));
    }

    @Test
    void deploy_whenTheThingModelNoLongerHasAProperty_thenConflictWithTheProblem() {
        RuleVersion version = version("SELECT humidity FROM \"/a1thermo/+/thing/event/property/post\"", List.of(), null);
        ThingModel withoutHumidity = new ThingModel("a1thermo", MODEL.properties().stream()
                .filter(p -> !p.identifier().equals("humidity")).toList(), MODEL.services(), MODEL.events());

        assertThatThrownBy(() -> deployer.deploy(version, withoutHumidity)).isInstanceOfSatisfying(ApiException.class,
                e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.CONFLICT);
                    assertThat(e.title()).isEqualTo("Rule does not compile");
                    assertThat(e.getMessage()).startsWith("line 1, column 8: 'humidity' is not a property");
                    assertThat((List<?>) e.properties().get("problems")).singleElement()
                            .isInstanceOfSatisfying(RuleProblem.class,
                                    p -> assertThat(p.kind()).isEqualTo(RuleProblem.Kind.UNKNOWN_PROPERTY));
                });
    }

    @Test
    void deploy_whenTheDialectHasNoCompiler_thenDialectNotAvailable() {
        RuleDeployer alibabaOnly = new RuleDeployer(new RuleCompilers(List.of(new AlibabaRuleCompiler())));
        RuleVersion version = new RuleVersion(1, new RuleDefinition("f", "flink", RuleDialect.FLINK, "a1thermo",
                "SELECT 1", List.of(), null), Instant.now());

        assertThatThrownBy(() -> alibabaOnly.deploy(version, MODEL)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
            assertThat(e.title()).isEqualTo("Dialect not available");
            assertThat(e.getMessage()).isEqualTo("the flink dialect is not available yet; write the rule in one of "
                    + "[alibaba]");
        });
    }

    @Test
    void deploy_flinkSqlRule_thenTheViewsItReadsAndTheQueryAsWritten() {
        String windowed = "SELECT window_start, device_name, AVG(temperature) AS avg_t\n"
                + "FROM TABLE(TUMBLE(TABLE product_a1thermo, DESCRIPTOR(event_time), INTERVAL '1' MINUTE))\n"
                + "GROUP BY window_start, window_end, device_name";
        RuleVersion version = new RuleVersion(2, new RuleDefinition("avg", "Average", RuleDialect.FLINK, "a1thermo",
                windowed, List.of(new Destination.KafkaTopic("averages")), null), Instant.now());

        DeployedRule deployed = deployer.deploy(version, MODEL);

        assertThat(deployed.views()).containsExactly(ProductViews.properties(MODEL).ddl());
        assertThat(deployed.query()).isEqualTo(windowed);
        assertThat(deployed.outputs()).containsExactly("window_start", "device_name", "avg_t");
    }

    private static RuleVersion version(String sql, List<Destination> destinations, Destination errorDestination) {
        return new RuleVersion(3, new RuleDefinition("hot", "Hot rooms", RuleDialect.ALIBABA, "a1thermo", sql,
                destinations, errorDestination), Instant.parse("2026-01-01T00:00:00Z"));
    }
}
