package io.weft.flinkjobs.rules;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.core.envelope.Telemetry;
import io.weft.core.kafka.WeftTopics;
import io.weft.core.rule.DeployedRule;
import io.weft.core.rule.Destination;
import io.weft.core.rule.RuleGroup;
import io.weft.flinkjobs.rules.functions.WeftFunctions;
import io.weft.flinkjobs.rules.sink.QuestDbResultStore;
import io.weft.flinkjobs.rules.source.TelemetryTable;
import io.weft.sqlrules.flink.ProductViews;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A group that cannot run is refused when the job is built, naming the rule, rather than dropping results; and only
 * a group with a rule on device status reads presence events.
 */
class RuleRuntimeTest {
    private static final String PK = "a1thermo";
    private StreamExecutionEnvironment env;
    private RuleRuntime runtime;
    private DataStream<Telemetry> telemetry;

    @BeforeEach
    void environment() {
        env = StreamExecutionEnvironment.getExecutionEnvironment();
        runtime = new RuleRuntime(StreamTableEnvironment.create(env), WeftTopics.DEFAULT,
                new WeftFunctions(ZoneOffset.UTC));
        telemetry = env.fromData(List.of(new Telemetry(1L, PK, "dn", Telemetry.PROPERTY, null, List.of(), 1L)),
                        TypeInformation.of(Telemetry.class))
                .assignTimestampsAndWatermarks(TelemetryTable.watermarks(Duration.ofSeconds(5), Duration.ofSeconds(1)));
    }

    @Test
    void webhookWithoutAKafkaErrorDestination_isRefused() {
        DeployedRule rule = rule("hook", List.of(Destination.webhook("http://127.0.0.1:9/h")), Set.of(), "t");

        assertThatThrownBy(() -> runtime.wire(telemetry, new RuleGroup("g", List.of(rule))))
                .hasMessageContaining("rule hook calls a webhook, so it needs an error destination");
    }

    @Test
    void storeDestination_withoutAStore_isRefused() {
        DeployedRule rule = withErrors(rule("store", List.of(new Destination.Store("hot")), Set.of(), "t"));

        assertThatThrownBy(() -> runtime.wire(telemetry, new RuleGroup("g", List.of(rule))))
                .hasMessageContaining("rule store writes to the store, but this rule job has no store (--questdb)");
    }

    @Test
    void storeDestinationWithoutAKafkaErrorDestination_isRefused() {
        RuleRuntime withStore = new RuleRuntime(StreamTableEnvironment.create(env), WeftTopics.DEFAULT,
                new WeftFunctions(ZoneOffset.UTC), new QuestDbResultStore("127.0.0.1:9"));
        DeployedRule rule = rule("store", List.of(new Destination.Store("hot")), Set.of(), "t");

        assertThatThrownBy(() -> withStore.wire(telemetry, new RuleGroup("g", List.of(rule))))
                .hasMessageContaining("rule store writes to the store, so it needs an error destination");
    }

    @Test
    void unknownWeftFunction_isRefused() {
        assertThatThrownBy(() -> runtime.wire(telemetry, new RuleGroup("g", List.of(
                rule("odd", List.of(), Set.of("weft_round"), "t")))))
                .hasMessageContaining("rule odd calls weft_round");
    }

    @Test
    void outputMissingFromTheQuery_isRefused() {
        assertThatThrownBy(() -> runtime.wire(telemetry, new RuleGroup("g", List.of(
                rule("typo", List.of(), Set.of(), "temp")))))
                .hasMessageContaining("rule typo names the output temp but its query has no such column");
    }

    @Test
    void emptyGroup_isRefused() {
        assertThatThrownBy(() -> runtime.wire(telemetry, new RuleGroup("none", List.of())))
                .hasMessageContaining("rule group none has no rules");
    }

    @Test
    void statusRule_withoutAStreamOfPresenceEvents_isRefused() {
        DeployedRule rule = Greenhouse.alibaba("gone", PK, "SELECT status FROM \"/as/mqtt/status/" + PK + "/+\"",
                List.of());

        assertThatThrownBy(() -> runtime.wire(telemetry, new RuleGroup("g", List.of(rule))))
                .hasMessageContaining("a rule reads device status, and this rule runtime was given no stream of "
                        + "presence events");
    }

    @Test
    void groupWithoutStatusOrAttributeRules_neverAsksForPresenceEventsOrTags() {
        SideStreams unwanted = new SideStreams(() -> {
            throw new AssertionError("a group without status rules asked for weft.events");
        }, () -> {
            throw new AssertionError("a group without attribute rules asked for weft.registry");
        });
        assertThatCode(() -> runtime.wire(telemetry, unwanted, new RuleGroup("g", List.of(rule("t", List.of(),
                Set.of(), "t"))))).doesNotThrowAnyException();
    }

    private static DeployedRule withErrors(DeployedRule rule) {
        return new DeployedRule(rule.id(), rule.version(), rule.productKey(), rule.views(), rule.query(),
                rule.outputs(), rule.functions(), rule.destinations(), new Destination.KafkaTopic("errors"));
    }

    private static DeployedRule rule(String id, List<Destination> destinations, Set<String> functions,
                                     String output) {
        return new DeployedRule(id, 1, PK, List.of(ProductViews.properties(Greenhouse.model(PK)).ddl()),
                "SELECT `Temp` AS `t` FROM `product_" + PK + "`", List.of(output), functions, destinations, null);
    }
}
