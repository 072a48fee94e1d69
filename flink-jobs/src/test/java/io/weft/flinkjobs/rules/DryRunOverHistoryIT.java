package io.weft.flinkjobs.rules;

import static io.weft.flinkjobs.rules.Greenhouse.alibaba;
import static io.weft.flinkjobs.rules.Greenhouse.match;
import static io.weft.flinkjobs.rules.Greenhouse.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.core.envelope.MessageIds;
import io.weft.core.envelope.Telemetry;
import io.weft.core.json.Json;
import io.weft.core.kafka.TopicSetup;
import io.weft.core.kafka.WeftTopics;
import io.weft.core.rule.DeployedRule;
import io.weft.core.rule.Destination;
import io.weft.core.rule.RuleGroup;
import io.weft.flinkjobs.rules.dryrun.DryRunLimits;
import io.weft.flinkjobs.rules.dryrun.DryRunReport;
import io.weft.flinkjobs.rules.dryrun.MessageVerdict;
import io.weft.flinkjobs.rules.dryrun.RuleDryRun;
import io.weft.flinkjobs.rules.dryrun.TelemetryRange;
import io.weft.flinkjobs.testing.TestKafka;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The acceptance for dry runs: a rule runs live ({@link RuleGroupJob} on a MiniCluster, parallelism 2,
 * against a real Kafka broker, its results read back with read_committed), then is dry-run over the same part of
 * {@code weft.telemetry}, by offsets and by time; the dry run returns the results the live rule produced for that
 * part, no more, no fewer, and marks as matched exactly the messages they came from.
 */
class DryRunOverHistoryIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final MessageIds IDS = new MessageIds(11);
    private static final WeftTopics TOPICS = new WeftTopics("hist.");
    private static final String PK = "a1hist";
    private static final String SQL = "SELECT Temp AS t, Humidity AS h, messageId() AS id, deviceName() AS dn"
            + " FROM \"/" + PK + "/+/thing/event/property/post\" WHERE Temp > 38 AND Humidity < 50";

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static KafkaClusterTestKit kafka;
    private static KafkaProducer<String, byte[]> producer;
    private static MiniCluster flink;

    @BeforeAll
    static void startKafka(@InjectMiniCluster MiniCluster cluster) throws Exception {
        flink = cluster;
        kafka = TestKafka.start();
        producer = TestKafka.producer(kafka.bootstrapServers());
        TopicSetup.ensure(kafka.bootstrapServers(), TOPICS, 2, (short) 1);
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (producer != null) {
            producer.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void dryRunOverHistory_returnsTheMatchesTheLiveRuleProducedForThatRange() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPICS.prefix() + "hot", 2, (short) 1))).all().get();
        }
        DeployedRule rule = alibaba("hot", PK, SQL, List.of(new Destination.KafkaTopic(TOPICS.prefix() + "hot")));
        RuleGroupArgs args = new RuleGroupArgs(kafka.bootstrapServers(), TOPICS.prefix(),
                new RuleGroup("hist", List.of(rule)), 300, 5_000, 500, "earliest", ZoneOffset.UTC, null);
        StreamExecutionEnvironment env = new TestStreamEnvironment(flink, 2);
        RuleGroupJob.build(env, args, RuleGroupJob.telemetry(env, args), RuleGroupJob.sink(args));
        JobClient job = env.executeAsync(RuleGroupJob.name(args));
        try (CommittedRecords live = new CommittedRecords(kafka.bootstrapServers(), TOPICS.prefix() + "hot")) {
            List<Long> before = sendBatch(0);
            long from = nextMillisecond();
            List<Long> inside = sendBatch(100);
            long to = nextMillisecond();
            List<Long> after = sendBatch(200);
            // The last message of each batch matches: once its result is out, the whole history has been through.
            long last = after.get(after.size() - 1);
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> live.values().stream()
                    .anyMatch(v -> Json.tree(v).get("id").asLong() == last));
            List<String> liveResults = live.values();
            assertThat(liveResults).hasSize(9);
            job.cancel().get(30, TimeUnit.SECONDS);

            // On the test's MiniCluster (a local environment cannot start inside a test environment's context).
            RuleDryRun dryRun = new RuleDryRun(() -> new TestStreamEnvironment(flink, 1), kafka.bootstrapServers(),
                    TOPICS, ZoneOffset.UTC, DryRunLimits.defaults());

            DryRunReport everything = dryRun.run(rule, match(PK, SQL), new TelemetryRange.Offsets(Map.of(
                    0, new TelemetryRange.Range(0, Long.MAX_VALUE), 1, new TelemetryRange.Range(0, Long.MAX_VALUE))));
            assertThat(jsons(everything)).containsExactlyInAnyOrderElementsOf(liveResults);
            assertThat(everything.messages()).hasSize(before.size() + inside.size() + after.size());
            assertThat(matchedIds(everything)).isEqualTo(ids(liveResults));
            assertThat(everything.truncated()).isFalse();

            DryRunReport window = dryRun.run(rule, match(PK, SQL), new TelemetryRange.Times(from, to));
            List<String> liveInside = liveResults.stream()
                    .filter(v -> inside.contains(Json.tree(v).get("id").asLong())).toList();
            assertThat(liveInside).hasSize(3);
            assertThat(jsons(window)).containsExactlyInAnyOrderElementsOf(liveInside);
            assertThat(window.messages()).extracting(MessageVerdict::messageId)
                    .containsExactlyInAnyOrderElementsOf(inside);
            assertThat(matchedIds(window)).isEqualTo(ids(liveInside));

            RuleDryRun small = new RuleDryRun(() -> new TestStreamEnvironment(flink, 1), kafka.bootstrapServers(),
                    TOPICS, ZoneOffset.UTC, new DryRunLimits(5, Duration.ofSeconds(60), Duration.ofSeconds(5)));
            DryRunReport cut = small.run(rule, match(PK, SQL), new TelemetryRange.Times(from, Long.MAX_VALUE));
            assertThat(cut.truncated()).isTrue();
            assertThat(cut.read().values().stream().mapToLong(TelemetryRange.Range::size).sum()).isEqualTo(5);
            assertThat(cut.messages()).as("no transaction markers: the test writes without transactions")
                    .hasSize(5);
        } finally {
            if (!job.getJobStatus().get().isGloballyTerminalState()) {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Seven posts over two devices and another product; three match (the last one does). */
    private List<Long> sendBatch(int offset) throws Exception {
        List<Telemetry> batch = List.of(
                post(IDS.next(), PK, "d1", 1_000 + offset, "Temp", 39.0d, "Humidity", 10L),
                post(IDS.next(), PK, "d2", 1_001 + offset, "Temp", 20.0d, "Humidity", 10L),
                post(IDS.next(), PK, "d1", 1_002 + offset, "Temp", 41.0d),
                post(IDS.next(), "a1other", "d1", 1_003 + offset, "Temp", 99.0d, "Humidity", 1L),
                post(IDS.next(), PK, "d2", 1_004 + offset, "Temp", 45.5d, "Humidity", 49L),
                post(IDS.next(), PK, "d1", 1_005 + offset, "Temp", 50.0d, "Humidity", 80L),
                post(IDS.next(), PK, "d2", 1_006 + offset, "Temp", 38.5d, "Humidity", 0L));
        List<Long> ids = new ArrayList<>();
        for (Telemetry t : batch) {
            producer.send(new ProducerRecord<>(TOPICS.telemetry(), t.productKey() + "/" + t.deviceName(),
                    Json.write(t))).get();
            ids.add(t.messageId());
        }
        return ids;
    }

    /** A Kafka timestamp after every record sent so far, and not before any record sent from now on. */
    private static long nextMillisecond() {
        long now = System.currentTimeMillis();
        return await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(1))
                .until(System::currentTimeMillis, t -> t > now);
    }

    private static List<String> jsons(DryRunReport report) {
        return report.results().stream().map(RuleResult::json).toList();
    }

    private static Set<Long> matchedIds(DryRunReport report) {
        return report.messages().stream().filter(m -> Boolean.TRUE.equals(m.matched()))
                .map(MessageVerdict::messageId).collect(Collectors.toSet());
    }

    private static Set<Long> ids(List<String> results) {
        return results.stream().map(v -> Json.tree(v).get("id").asLong()).collect(Collectors.toSet());
    }
}
