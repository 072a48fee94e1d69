package io.weft.bench.rules;

import io.weft.core.rule.DeployedRule;
import io.weft.core.rule.Destination;
import io.weft.core.rule.RuleGroup;
import io.weft.core.rule.Severity;
import io.weft.sqlrules.RuleCompilation;
import io.weft.sqlrules.alibaba.AlibabaRules;
import io.weft.sqlrules.flink.FlinkRule;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The rules of the rule bench: {@code count} Alibaba rules over one {@link Thermostat} product, compiled by
 * sql-rules and deployed as the control plane deploys them. They cycle through eight shapes (plain thresholds,
 * arithmetic, string and time functions, compound conditions), with thresholds that vary from rule to rule; each
 * rule is planned and run on its own, as in a live group. Thresholds are set so that each rule matches a few
 * percent of ordinary readings (1..15%), as alerting rules do. Every tenth rule ({@code i % 10 == 9}) raises an alert ({@code overheat-<i>}, over 45..49 °C);
 * the others write to one of {@code topics} Kafka topics {@code rules-out-<n>}, rule {@code i} to {@code i % topics}.
 *
 * @param thermostat the product
 * @param count      how many rules
 * @param topics     how many output topics the Kafka rules share
 */
public record BenchRules(Thermostat thermostat, int count, int topics) {
    private static final String TOPIC_PREFIX = "rules-out-";

    public BenchRules {
        if (count < 1 || topics < 1) {
            throw new IllegalArgumentException("need at least one rule and one output topic");
        }
    }

    /** Whether rule {@code i} raises an alert rather than writing to a topic. */
    public static boolean raisesAlert(int i) {
        return i % 10 == 9;
    }

    /** The output topics the Kafka rules write to (to be created before the job starts). */
    public List<String> outputTopics() {
        return IntStream.range(0, Math.min(topics, count)).mapToObj(n -> TOPIC_PREFIX + n).toList();
    }

    /** The alert rules' count. */
    public long alertRules() {
        return IntStream.range(0, count).filter(BenchRules::raisesAlert).count();
    }

    /** The Alibaba SQL of rule {@code i}. */
    public String sql(int i) {
        String from = " FROM \"/" + thermostat.productKey() + "/+/thing/event/property/post\" WHERE ";
        int k = i / 8;
        if (raisesAlert(i)) {
            return "SELECT temperature AS t, deviceName() AS dn" + from + "temperature > " + (45 + k % 5);
        }
        return switch (i % 8) {
            case 0 -> "SELECT temperature AS t, deviceName() AS dn" + from + "temperature > " + (36 + k % 4);
            case 1 -> "SELECT humidity AS h, deviceName() AS dn" + from + "humidity > " + (80 + k % 10);
            case 2 -> "SELECT abs(temperature - targetTemperature) AS drift, deviceName() AS dn" + from
                    + "abs(temperature - targetTemperature) > " + (13 + k % 5);
            case 3 -> "SELECT upper(firmware) AS fw, battery, deviceName() AS dn" + from + "battery < " + (2 + k % 8);
            case 4 -> "SELECT temperature, targetTemperature, timestamp('yyyy-MM-dd') AS day" + from
                    + "mode = 1 AND temperature < targetTemperature - " + (6 + k % 4);
            case 5 -> "SELECT concat(deviceName(), firmware) AS id, power" + from + "power = 0 AND temperature > "
                    + (35 + k % 5);
            case 6 -> "SELECT floor(temperature) AS whole, mod(humidity, 10) AS tail, messageId() AS id" + from
                    + "mode = 2 AND humidity > " + (80 + k % 10);
            default -> "SELECT temperature * 1.8 + 32 AS fahrenheit, deviceName() AS dn" + from
                    + "temperature * 1.8 + 32 > " + (100 + k % 4);
        };
    }

    /** Rule {@code i}'s destination. */
    public Destination destination(int i) {
        return raisesAlert(i) ? new Destination.Alert("overheat-" + i, Severity.MAJOR)
                : new Destination.KafkaTopic(TOPIC_PREFIX + (i % topics));
    }

    /** All rules as one group, compiled. */
    public RuleGroup group(String id) {
        AlibabaRules compiler = new AlibabaRules();
        List<DeployedRule> rules = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            RuleCompilation compiled = compiler.compile(sql(i), thermostat.model());
            if (!compiled.valid()) {
                throw new IllegalStateException("bench rule " + i + " does not compile: " + compiled.problems());
            }
            FlinkRule flink = compiled.flink();
            rules.add(new DeployedRule("r" + i, 1, thermostat.productKey(), flink.viewDdls(), flink.query(),
                    flink.outputs(), flink.functions(), List.of(destination(i)), null));
        }
        return new RuleGroup(id, rules);
    }
}
