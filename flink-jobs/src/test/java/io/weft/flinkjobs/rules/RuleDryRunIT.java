package io.weft.flinkjobs.rules;

import static io.weft.flinkjobs.rules.Greenhouse.alibaba;
import static io.weft.flinkjobs.rules.Greenhouse.match;
import static io.weft.flinkjobs.rules.Greenhouse.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.core.envelope.Telemetry;
import io.weft.core.kafka.WeftTopics;
import io.weft.core.rule.DeployedRule;
import io.weft.core.tsl.PropertyPoint;
import io.weft.flinkjobs.rules.dryrun.DryRunLimits;
import io.weft.flinkjobs.rules.dryrun.DryRunReport;
import io.weft.flinkjobs.rules.dryrun.DryRunTooLong;
import io.weft.flinkjobs.rules.dryrun.MessageVerdict;
import io.weft.flinkjobs.rules.dryrun.RuleDryRun;
import io.weft.flinkjobs.rules.dryrun.TelemetryRange;
import io.weft.sqlrules.flink.ProductViews;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Dry runs over sample messages, each in a local Flink environment of its own as the control plane runs them: what
 * the rule would have emitted (the result JSON its live job writes), and why each message did or did not match.
 */
class RuleDryRunIT {
    private static final String PK = "a1green";
    private static final String PROPERTIES = " FROM \"/" + PK + "/+/thing/event/property/post\"";
    private final RuleDryRun dryRun = new RuleDryRun(RuleDryRun.localEnvironments(), "127.0.0.1:9", WeftTopics.DEFAULT,
            ZoneOffset.UTC, DryRunLimits.defaults());

    /**
     * Verifies an Alibaba rule's verdicts: a match; a condition false; a condition unknown because the post did not
     * carry the property it reads; a post of another product; an event post the rule does not read. Only the match
     * is a result, with the JSON the live job writes.
     */
    @Test
    void alibabaRule_overSamples_emitsTheMatches_andSaysWhyEachMessageDidOrDidNotMatch() {
        String sql = "SELECT Temp AS t, deviceName() AS dn" + PROPERTIES + " WHERE Temp > 38 AND Humidity < 50";
        DeployedRule rule = alibaba("hot", PK, sql, List.of());
        List<Telemetry> samples = List.of(
                post(1, PK, "d1", 1_000, "Temp", 39.5d, "Humidity", 40L),
                post(2, PK, "d1", 2_000, "Temp", 20.0d, "Humidity", 40L),
                post(3, PK, "d2", 3_000, "Temp", 40.0d),
                post(4, "a1other", "d3", 4_000, "Temp", 99.0d, "Humidity", 1L),
                new Telemetry(5, PK, "d1", Telemetry.EVENT, "Overheat", List.of(new PropertyPoint("Level", 3L, 5_000)),
                        5_050));

        DryRunReport report = dryRun.run(rule, match(PK, sql), samples);

        assertThat(report.results()).extracting(RuleResult::json).containsExactly(
                "{\"t\":39.5,\"dn\":\"d1\",\"ruleId\":\"hot\",\"productKey\":\"" + PK + "\",\"deviceName\":\"d1\"}");
        assertThat(report.results().get(0).eventTime()).isEqualTo(1_000);
        assertThat(report.messages()).extracting(MessageVerdict::messageId).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(report.messages()).extracting(MessageVerdict::matched)
                .containsExactly(true, false, false, false, false);
        assertThat(report.messages()).extracting(MessageVerdict::reason).containsExactly(
                "matched",
                "Temp > 38 is false",
                "Humidity < 50 is unknown (NULL: a value it reads is absent)",
                "not read by this rule: a message of product a1other, not " + PK,
                "not read by this rule: it reads another kind of post of product " + PK);
        assertThat(report.messages().get(1).falseConditions()).containsExactly("Temp > 38");
        assertThat(report.messages().get(2).unknownConditions()).containsExactly("Humidity < 50");
        assertThat(report.messages().get(0).eventTime()).isEqualTo(1_000);
        assertThat(report.truncated()).isFalse();
    }

    /**
     * Verifies a windowed Flink SQL rule over samples: the one-minute averages come out in event time, the window
     * still open at the end fires when the input ends, a row more than the out-of-orderness behind is dropped as the
     * live job drops it, and messages get no per-message verdict.
     */
    @Test
    void windowedFlinkSqlRule_overSamples_emitsEveryWindow_andDropsLateRowsAsLive() {
        String view = ProductViews.properties(Greenhouse.model(PK)).name();
        DeployedRule average = new DeployedRule("avg", 1, PK,
                List.of(ProductViews.properties(Greenhouse.model(PK)).ddl()),
                "SELECT `device_name` AS `dn`, `window_start` AS `ws`, AVG(`Temp`) AS `avg_t`,"
                        + " `device_name` AS `" + DeployedRule.DEVICE_COLUMN + "`\n"
                        + "FROM TABLE(TUMBLE(TABLE `" + view + "`, DESCRIPTOR(`event_time`), INTERVAL '1' MINUTE))\n"
                        + "GROUP BY `device_name`, `window_start`, `window_end`\n"
                        + "HAVING AVG(`Temp`) > 30",
                List.of("dn", "ws", "avg_t"), Set.of(), List.of(), null);
        long base = 1_700_000_040_000L / 60_000 * 60_000;
        List<Telemetry> samples = List.of(
                post(1, PK, "d1", base + 10_000, "Temp", 31.0d),
                post(2, PK, "d1", base + 50_000, "Temp", 33.0d),
                post(3, PK, "d1", base + 46_000, "Temp", 35.0d), // 4 s out of order: still counts
                post(4, PK, "d1", base + 70_000, "Temp", 20.0d), // second window: average below 30
                post(5, PK, "d1", base + 130_000, "Temp", 40.0d), // third window, open when the input ends
                post(6, PK, "d1", base + 20_000, "Temp", 100.0d)); // late for the first window: dropped

        DryRunReport report = dryRun.run(average, null, samples);

        assertThat(report.results()).extracting(RuleResult::json).containsExactly(
                "{\"dn\":\"d1\",\"ws\":" + base + ",\"avg_t\":33.0,\"ruleId\":\"avg\",\"productKey\":\"" + PK
                        + "\",\"deviceName\":\"d1\"}",
                "{\"dn\":\"d1\",\"ws\":" + (base + 120_000) + ",\"avg_t\":40.0,\"ruleId\":\"avg\",\"productKey\":\""
                        + PK + "\",\"deviceName\":\"d1\"}");
        assertThat(report.messages()).hasSize(6).allSatisfy(m -> {
            assertThat(m.matched()).isNull();
            assertThat(m.reason()).startsWith("a Flink SQL rule");
        });
    }

    /** Verifies the time limit: a run that does not finish within it is cancelled and reported as too long. */
    @Test
    void aRunOverItsTimeLimit_isCancelled() {
        RuleDryRun hurried = new RuleDryRun(RuleDryRun.localEnvironments(), "127.0.0.1:9", WeftTopics.DEFAULT,
                ZoneOffset.UTC, new DryRunLimits(10, Duration.ofMillis(50), Duration.ofSeconds(5)));
        String sql = "SELECT Temp AS t" + PROPERTIES;

        assertThatThrownBy(() -> hurried.run(alibaba("all", PK, sql, List.of()), match(PK, sql),
                List.of(post(1, PK, "d1", 1, "Temp", 1.0d))))
                .isInstanceOf(DryRunTooLong.class)
                .hasMessageStartingWith("the dry run did not finish within 50 ms and was cancelled");
    }

    /** Verifies the limits: more samples than allowed are refused before anything runs. */
    /**
     * Verifies that a rule on device status is refused with a reason, over samples (even none that could run) and
     * over history, rather than failing inside Flink: a dry run replays telemetry only.
     */
    @Test
    void statusRule_isRefused_sinceADryRunReplaysTelemetryOnly() {
        String sql = "SELECT status FROM \"/as/mqtt/status/" + PK + "/+\" WHERE status = 'offline'";
        DeployedRule rule = alibaba("gone", PK, sql, List.of());

        assertThatThrownBy(() -> dryRun.run(rule, match(PK, sql), List.of(post(1, PK, "d1", 1_000, "Temp", 1.0d))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rule gone reads device status (/as/mqtt/status/...), and a dry run replays property and "
                        + "event posts only (sample posts or weft.telemetry history), not devices going online or "
                        + "offline; start the rule with a Kafka destination to see its results");
        assertThatThrownBy(() -> dryRun.run(rule, null, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("rule gone reads device status");
        assertThatThrownBy(() -> dryRun.run(rule, null, new TelemetryRange.Times(0, 1_000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("rule gone reads device status");
    }

    @Test
    void moreSamplesThanTheLimit_areRefused() {
        RuleDryRun small = new RuleDryRun(RuleDryRun.localEnvironments(), "127.0.0.1:9", WeftTopics.DEFAULT,
                ZoneOffset.UTC, new DryRunLimits(2, Duration.ofSeconds(30), Duration.ofSeconds(5)));
        String sql = "SELECT Temp AS t" + PROPERTIES;

        assertThatThrownBy(() -> small.run(alibaba("all", PK, sql, List.of()), match(PK, sql), List.of(
                post(1, PK, "d1", 1, "Temp", 1.0d), post(2, PK, "d1", 2, "Temp", 1.0d),
                post(3, PK, "d1", 3, "Temp", 1.0d))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("3 messages; a dry run reads at most 2");
    }
}
