package io.weft.flinkjobs.rules;

import static io.weft.flinkjobs.rules.Greenhouse.alibaba;
import static io.weft.flinkjobs.rules.Greenhouse.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.core.envelope.MessageIds;
import io.weft.core.envelope.Telemetry;
import io.weft.core.json.Json;
import io.weft.core.kafka.WeftTopics;
import io.weft.core.rule.DeployedRule;
import io.weft.core.rule.Destination;
import io.weft.core.rule.RuleGroup;
import io.weft.flinkjobs.testing.EmbeddedQuestDb;
import io.weft.flinkjobs.testing.TestKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Store destinations as {@link RuleGroupJob} runs them, on a Flink MiniCluster with parallelism 2, a real Kafka
 * broker and a real embedded QuestDB: results become typed rows of {@code rule_<table>}, a forced failure mid-run
 * leaves every expected row once, and a result the table cannot hold is a dead letter on the rule's error topic.
 * Each test has its own topics, product and table.
 */
class RuleStoreIT {
    private static final int PARALLELISM = 2;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final MessageIds IDS = new MessageIds(11);

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(PARALLELISM)
            .setConfiguration(new Configuration()
                    .set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay")
                    .set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2)
                    .set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200)))
            .build());

    @TempDir
    static Path dir;

    private static KafkaClusterTestKit kafka;
    private static KafkaProducer<String, byte[]> producer;
    private static EmbeddedQuestDb questDb;
    private static MiniCluster flink;

    private RuleJobRun run;
    private WeftTopics topics;
    private String pk;
    private String table;

    @BeforeAll
    static void startParts(@InjectMiniCluster MiniCluster cluster) throws Exception {
        flink = cluster;
        questDb = EmbeddedQuestDb.start(dir.resolve("questdb"));
        kafka = TestKafka.start();
        producer = TestKafka.producer(kafka.bootstrapServers());
    }

    @AfterAll
    static void stopParts() throws Exception {
        if (producer != null) {
            producer.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (questDb != null) {
            questDb.close();
        }
    }

    @BeforeEach
    void ownTopicsAndTable() {
        run = new RuleJobRun(kafka.bootstrapServers(), producer, flink, PARALLELISM, "s");
        topics = run.topics();
        pk = run.pk();
        table = "Hot_" + run.tag();
    }

    @AfterEach
    void stopJob() throws Exception {
        run.close();
    }

    /**
     * Verifies that each result becomes one row of {@code rule_<table>} (lower case): ts is the device's event time,
     * rule_id, product_key and device say whose result it is, and each output is a column typed from its value
     * (DOUBLE, LONG, VARCHAR; a thing model's bool is an INT in rule SQL, so LONG); a result whose output is null
     * leaves that column null.
     */
    @Test
    void results_becomeTypedRows_atTheirEventTime() throws Exception {
        start(run.group(withErrors(alibaba("hot", pk, "SELECT Temp AS t, Humidity AS h, Label AS label, Power AS on_"
                + " FROM \"/" + pk + "/+/thing/event/property/post\" WHERE Temp > 38",
                List.of(new Destination.Store(table))), run.kafkaTopic("errors"))));
        long t0 = System.currentTimeMillis() - 60_000;
        run.send(post(IDS.next(), pk, "d1", t0, "Temp", 39.5d, "Humidity", 40L, "Label", "porch", "Power", 1L));
        run.send(post(IDS.next(), pk, "d1", t0 + 1, "Temp", 20.0d));
        run.send(post(IDS.next(), pk, "d2", t0 + 2, "Temp", 41.0d));

        String name = "rule_" + table.toLowerCase();
        run.eventually(WAIT).until(() -> questDb.count(name, null), n -> n == 2);
        JsonNode rows = questDb.exec("SELECT ts, rule_id, product_key, device, t, h, label, on_ FROM \"" + name
                + "\" ORDER BY ts").path("dataset");
        assertThat(rows.get(0).toString()).isEqualTo(Json.writeString(List.of(iso(t0), "hot", pk, "d1", 39.5, 40,
                "porch", 1)));
        assertThat(rows.get(1).toString()).isEqualTo("[\"" + iso(t0 + 2) + "\",\"hot\",\"" + pk
                + "\",\"d2\",41.0,null,null,null]");
        Map<String, String> types = new HashMap<>();
        questDb.exec("SELECT \"column\", type FROM table_columns('" + name + "')").path("dataset")
                .forEach(c -> types.put(c.get(0).asString(), c.get(1).asString()));
        assertThat(types).containsEntry("ts", "TIMESTAMP").containsEntry("rule_id", "SYMBOL")
                .containsEntry("device", "SYMBOL").containsEntry("t", "DOUBLE").containsEntry("h", "LONG")
                .containsEntry("label", "VARCHAR").containsEntry("on_", "LONG");
    }

    /**
     * Verifies the store destination's exactly-once effect across a failure: the job fails in the middle of the
     * second batch (after a checkpoint flushed the first), restarts from its last checkpoint and writes the results
     * that followed it again; the table holds every expected result once, no gap, no duplicate.
     */
    @Test
    void exactlyOnce_afterAForcedTaskFailure_thenEveryRowOnce() throws Exception {
        start(run.group(withErrors(alibaba("all", pk, "SELECT Humidity AS h, messageId() AS id FROM \"/" + pk
                        + "/+/thing/event/property/post\" WHERE Humidity >= 0", List.of(new Destination.Store(table))),
                        run.kafkaTopic("errors"))),
                telemetry -> telemetry.map(new FailOnce("boom")).name("fail once").uid("fail-once"));
        String name = "rule_" + table.toLowerCase();
        Set<Long> expected = new HashSet<>();
        long t0 = System.currentTimeMillis() - 60_000;
        for (int i = 0; i < 40; i++) {
            expected.add(sendHumidity("d" + (i % 4), t0 + i, i));
        }
        run.eventually(WAIT).until(() -> questDb.count(name, null), n -> n >= 40);
        for (int i = 40; i < 80; i++) {
            expected.add(sendHumidity(i == 55 ? "boom" : "d" + (i % 4), t0 + i, i));
        }
        run.eventually(WAIT).until(() -> questDb.count(name, null), n -> n >= 80);
        assertThat(run.restarted()).as("the job failed and restarted").isTrue();

        // Nothing is still on its way: a later marker's row is written after anything the replay could add.
        long last = sendHumidity("d0", t0 + 100, 100);
        run.eventually(WAIT).until(() -> questDb.count(name, "id = " + last), n -> n == 1);
        List<Long> ids = new ArrayList<>();
        questDb.exec("SELECT id FROM \"" + name + "\"").path("dataset").forEach(r -> ids.add(r.get(0).asLong()));
        expected.add(last);
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(Set.copyOf(ids)).isEqualTo(expected);
    }

    /**
     * Verifies that a result the table cannot hold is never dropped silently: when a second rule writes text to a
     * column the first rule made DOUBLE, or names an output after a column Weft keeps, its result is a dead letter
     * on its error topic that says why, and the table holds only the first rule's row.
     */
    @Test
    void resultTheTableCannotHold_isADeadLetterOnTheErrorTopic() throws Exception {
        Destination errors = run.kafkaTopic("errors");
        String from = " FROM \"/" + pk + "/+/thing/event/property/post\" WHERE ";
        start(run.group(
                withErrors(alibaba("num", pk, "SELECT Temp AS v" + from + "Temp > 38",
                        List.of(new Destination.Store(table))), errors),
                withErrors(alibaba("txt", pk, "SELECT Label AS v" + from + "Label = 'x'",
                        List.of(new Destination.Store(table))), errors),
                withErrors(alibaba("clash", pk, "SELECT Humidity AS ts" + from + "Humidity > 90",
                        List.of(new Destination.Store(table))), errors)));
        String name = "rule_" + table.toLowerCase();
        long t0 = System.currentTimeMillis() - 60_000;
        run.send(post(IDS.next(), pk, "d1", t0, "Temp", 39.0d));
        run.eventually(WAIT).until(() -> questDb.count(name, null), n -> n == 1);
        run.send(post(IDS.next(), pk, "d1", t0 + 1, "Label", "x"));
        run.send(post(IDS.next(), pk, "d1", t0 + 2, "Humidity", 95L));

        CommittedRecords deadLetters = run.read(topics.prefix() + "errors");
        List<CommittedRecords.Record> letters = run.eventually(WAIT).until(deadLetters::all, r -> r.size() >= 2);
        Map<String, JsonNode> byRule = new HashMap<>();
        letters.forEach(l -> byRule.put(Json.tree(l.value()).get("ruleId").asString(), Json.tree(l.value())));
        assertThat(letters).extracting(CommittedRecords.Record::key).containsOnly(pk + "/d1");
        JsonNode txt = byRule.get("txt");
        assertThat(txt.get("destination").asString()).isEqualTo("store");
        assertThat(txt.get("table").asString()).isEqualTo(table);
        assertThat(txt.get("error").asString()).isEqualTo("the output 'v' is VARCHAR (x) but the column of " + name
                + " is DOUBLE; a result table's column keeps the type of its first value, so write this rule to"
                + " another table or CAST the output");
        assertThat(txt.get("result").get("v").asString()).isEqualTo("x");
        assertThat(byRule.get("clash").get("error").asString()).startsWith("the output 'ts' clashes with the column"
                + " ts that Weft keeps");
        assertThat(questDb.count(name, null)).isEqualTo(1);
        assertThat(deadLetters.all()).hasSize(2);
    }

    private static DeployedRule withErrors(DeployedRule rule, Destination errors) {
        return new DeployedRule(rule.id(), rule.version(), rule.productKey(), rule.views(), rule.query(),
                rule.outputs(), rule.functions(), rule.destinations(), errors);
    }

    private void start(RuleGroup group) throws Exception {
        start(group, UnaryOperator.identity());
    }

    private void start(RuleGroup group, UnaryOperator<DataStream<Telemetry>> between) throws Exception {
        run.start(group, between, 500, questDb.httpAddress());
    }

    private long sendHumidity(String device, long time, int i) throws Exception {
        Telemetry t = post(IDS.next(), pk, device, time, "Humidity", (long) (i % 100));
        run.send(t);
        return t.messageId();
    }

    /** A time as QuestDB's JSON answers show a TIMESTAMP: microseconds, UTC. */
    private static String iso(long millis) {
        Instant instant = Instant.ofEpochMilli(millis);
        return instant.toString().replace("Z", "") + (instant.toString().contains(".") ? "000Z" : ".000000Z");
    }
}
