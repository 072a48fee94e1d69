package io.weft.controlplane.scene;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.core.json.Json;
import io.weft.core.tsl.ThingModel;
import io.weft.core.tsl.ThingModelJson;
import io.weft.sqlrules.RuleCompilation;
import io.weft.sqlrules.alibaba.AlibabaRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rule SQL a scene runs as: exactly the text shown in docs/rules.md, and (for property and event triggers) a rule
 * that sql-rules compiles against the thermostat's thing model, with the columns a scene's actions can refer to.
 */
class SceneSqlTest {
    private static final AlibabaRules RULES = new AlibabaRules();

    @Test
    void propertyTrigger_withConditions_selectsTheirPropertiesAndTheDevice_andCompiles() throws IOException {
        Scene scene = scene(new SceneTrigger.Property("a1thermo", "+", "temperature", SceneCondition.Operator.GT,
                        Json.tree("30")),
                List.of(new SceneCondition("humidity", SceneCondition.Operator.LE, Json.tree("60")),
                        new SceneCondition("label", SceneCondition.Operator.NE, Json.tree("\"it's off\"")),
                        new SceneCondition("power", SceneCondition.Operator.EQ, Json.tree("true"))));

        String sql = SceneSql.of(scene);

        assertThat(sql).isEqualTo("SELECT temperature, humidity, label, power, deviceName() AS deviceName FROM "
                + "\"/a1thermo/+/thing/event/property/post\" WHERE temperature > 30 AND humidity <= 60 "
                + "AND label <> 'it''s off' AND power = 1");
        RuleCompilation compiled = RULES.compile(sql, thermostat());
        assertThat(compiled.problems()).isEmpty();
        assertThat(compiled.flink().outputs()).containsExactly("temperature", "humidity", "label", "power",
                "deviceName");
    }

    @Test
    void eventTrigger_ofOneDevice_selectsEveryParameter_andCompiles() throws IOException {
        Scene scene = scene(new SceneTrigger.Event("a1thermo", "kitchen", "overheat"),
                List.of(new SceneCondition("level", SceneCondition.Operator.GE, Json.tree("2"))));

        String sql = SceneSql.of(scene);

        assertThat(sql).isEqualTo("SELECT *, deviceName() AS deviceName FROM "
                + "\"/a1thermo/kitchen/thing/event/overheat/post\" WHERE level >= 2");
        RuleCompilation compiled = RULES.compile(sql, thermostat());
        assertThat(compiled.problems()).isEmpty();
        assertThat(compiled.flink().outputs()).contains("level", "message", "deviceName");
    }

    /** Alibaba's device-status source: compiled once sql-rules reads it (another change); here only the text. */
    @Test
    void statusTrigger_readsAlibabasDeviceStatusSource() {
        Scene scene = scene(new SceneTrigger.Status("a1thermo", null, "offline"), List.of());

        assertThat(SceneSql.of(scene)).isEqualTo("SELECT status, productKey, deviceName, lastTime, utcLastTime, "
                + "clientIp FROM \"/as/mqtt/status/a1thermo/+\" WHERE status = 'offline'");
    }

    private static Scene scene(SceneTrigger trigger, List<SceneCondition> conditions) {
        return new Scene("s1", "Scene", null, trigger, conditions, List.of(), null);
    }

    private static ThingModel thermostat() throws IOException {
        return ThingModelJson.parse(Files.readString(Path.of("..", "sql-rules", "src", "test", "resources",
                "thermostat-tsl.json")));
    }
}
