package io.weft.core.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.core.json.Json;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Rules and their destinations have one JSON form, which travels as a job argument unchanged. */
class RuleGroupTest {
    private static final DeployedRule RULE = new DeployedRule("hot", 3, "a1thermo",
            List.of("CREATE TEMPORARY VIEW `product_a1thermo` AS SELECT 1"),
            "SELECT `temperature` AS `t` FROM `product_a1thermo`", List.of("t"), Set.of("weft_timestamp"),
            List.of(new Destination.KafkaTopic("hot-readings"),
                    new Destination.DeviceTopic("a1fan", "fan1", "/a1fan/fan1/user/cmd", 1),
                    new Destination.Webhook("http://127.0.0.1:9/hook", Map.of("X-Key", "k"), 3, 100),
                    new Destination.Store("hot_readings"),
                    new Destination.Alert("overheat", Severity.MAJOR)),
            new Destination.KafkaTopic("rule-errors"));

    @Test
    void argument_roundTrip_thenSameGroup() {
        RuleGroup group = new RuleGroup("g1", List.of(RULE));

        assertThat(group.toArgument()).matches("[A-Za-z0-9_-]+");
        assertThat(RuleGroup.fromArgument(group.toArgument())).isEqualTo(group);
    }

    @Test
    void destinations_writtenWithLowerCaseTypeAndSeverity() {
        JsonNode tree = Json.tree(Json.writeString(RULE));

        assertThat(tree.get("destinations").findValuesAsString("type"))
                .containsExactly("kafka", "device", "webhook", "store", "alert");
        assertThat(tree.get("destinations").get(4).get("severity").asString()).isEqualTo("major");
    }

    @Test
    void webhook_withoutRetrySettings_thenDefaults() {
        Destination.Webhook hook = Destination.webhook("http://127.0.0.1:9/hook");

        assertThat(hook.maxAttempts()).isEqualTo(5);
        assertThat(hook.initialBackoffMs()).isEqualTo(200);
        assertThat(hook.headers()).isEmpty();
    }

    @Test
    void definition_withoutDialect_thenAlibaba() {
        RuleDefinition definition = Json.read("{\"id\":\"r\",\"productKey\":\"pk\",\"sql\":\"SELECT 1\"}",
                RuleDefinition.class);

        assertThat(definition.dialect()).isEqualTo(RuleDialect.ALIBABA);
        assertThat(definition.destinations()).isEmpty();
        assertThat(Json.tree(Json.writeString(definition)).get("dialect").asString()).isEqualTo("alibaba");
    }
}
