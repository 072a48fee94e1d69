package io.weft.flinkjobs.rules;

import io.weft.core.envelope.Telemetry;
import io.weft.core.rule.DeployedRule;
import io.weft.core.rule.Destination;
import io.weft.core.tsl.PropertyPoint;
import io.weft.core.tsl.ThingModel;
import io.weft.core.tsl.ThingModelJson;
import io.weft.sqlrules.RuleCompilation;
import io.weft.sqlrules.alibaba.AlibabaRules;
import io.weft.flinkjobs.rules.dryrun.MatchColumns;
import io.weft.sqlrules.flink.FlinkRule;
import io.weft.sqlrules.flink.MatchQuery;
import java.util.ArrayList;
import java.util.List;

/**
 * A product for the rule runtime's tests, in Alibaba's TSL JSON (a float, an int, a text, a bool, a struct and an
 * event), its telemetry, and rules compiled from Alibaba SQL by sql-rules as the control plane compiles them.
 */
final class Greenhouse {
    private static final AlibabaRules RULES = new AlibabaRules();

    private Greenhouse() {
    }

    static ThingModel model(String productKey) {
        return ThingModelJson.parse("""
                {
                  "profile": {"version": "1.0", "productKey": "%s"},
                  "properties": [
                    {"identifier": "Temp", "name": "Temperature", "accessMode": "r",
                     "dataType": {"type": "float", "specs": {"min": "-40", "max": "120", "step": "0.1"}}},
                    {"identifier": "Humidity", "name": "Humidity", "accessMode": "r",
                     "dataType": {"type": "int", "specs": {"min": "0", "max": "100", "step": "1"}}},
                    {"identifier": "Label", "name": "Label", "accessMode": "rw",
                     "dataType": {"type": "text", "specs": {"length": "64"}}},
                    {"identifier": "Power", "name": "Power", "accessMode": "rw",
                     "dataType": {"type": "bool", "specs": {"0": "off", "1": "on"}}},
                    {"identifier": "Position", "name": "Position", "accessMode": "r",
                     "dataType": {"type": "struct", "specs": [
                       {"identifier": "latitude", "name": "Latitude", "dataType": {"type": "double", "specs": {}}},
                       {"identifier": "longitude", "name": "Longitude", "dataType": {"type": "double", "specs": {}}}
                     ]}}
                  ],
                  "events": [
                    {"identifier": "Overheat", "name": "Overheat", "type": "alert",
                     "method": "thing.event.Overheat.post",
                     "outputData": [
                       {"identifier": "Level", "name": "Level",
                        "dataType": {"type": "int", "specs": {"min": "0", "max": "9", "step": "1"}}}
                     ]}
                  ],
                  "services": []
                }
                """.formatted(productKey));
    }

    /** A property post of {@code device} at device time {@code time}: identifier, value pairs. */
    static Telemetry post(long messageId, String productKey, String device, long time, Object... values) {
        List<PropertyPoint> points = new ArrayList<>();
        for (int i = 0; i < values.length; i += 2) {
            points.add(new PropertyPoint((String) values[i], values[i + 1], time));
        }
        return new Telemetry(messageId, productKey, device, Telemetry.PROPERTY, null, points, time + 50);
    }

    /**
     * A rule compiled from Alibaba SQL, deployed as the control plane deploys it: its view, its query with the
     * hidden device and event-time columns added (so alerts and Kafka keys know the device and the time), its outputs and functions.
     */
    static DeployedRule alibaba(String id, String productKey, String sql, List<Destination> destinations) {
        RuleCompilation compiled = RULES.compile(sql, model(productKey));
        if (!compiled.valid()) {
            throw new AssertionError("rule " + id + " does not compile: " + compiled.problems());
        }
        FlinkRule flink = compiled.flink();
        return new DeployedRule(id, 1, productKey, flink.viewDdls(), flink.query(), flink.outputs(),
                flink.functions(), destinations, null);
    }

    /** The dry-run form of an Alibaba rule, as the control plane hands it to a dry run. */
    static MatchColumns match(String productKey, String sql) {
        MatchQuery match = RULES.matchQuery(sql, model(productKey)).orElseThrow();
        return new MatchColumns(match.query(), match.conditions().stream()
                .map(c -> new MatchColumns.Condition(c.column(), c.sql())).toList());
    }
}
