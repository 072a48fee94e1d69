package io.weft.flinkjobs.rules;

import static io.weft.flinkjobs.rules.Greenhouse.alibaba;
import static io.weft.flinkjobs.rules.Greenhouse.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.core.envelope.MessageIds;
import io.weft.core.json.Json;
import io.weft.core.kafka.WeftTopics;
import io.weft.core.registry.DeviceTagsEntry;
import io.weft.core.registry.RegistryEntry;
import io.weft.core.rule.DeployedRule;
import io.weft.core.rule.RuleGroup;
import io.weft.flinkjobs.rules.dryrun.DryRunLimits;
import io.weft.flinkjobs.rules.dryrun.DryRunReport;
import io.weft.flinkjobs.rules.dryrun.MessageVerdict;
import io.weft.flinkjobs.rules.dryrun.RuleDryRun;
import io.weft.flinkjobs.testing.TestKafka;
import io.weft.sqlrules.RuleCompilation;
import io.weft.sqlrules.flink.FlinkRule;
import io.weft.sqlrules.flink.ProductViews;
import io.weft.sqlrules.flinksql.FlinkSqlRules;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Device attributes (tags) in rules, as {@link RuleGroupJob} wires them on a Flink MiniCluster (parallelism 2)
 * against a real Kafka broker: the tags come from {@code device-tags} entries on the registry topic, as the control
 * plane publishes them, and both a Flink SQL rule joining {@code product_<pk>_attributes} and an Alibaba rule calling
 * {@code attribute('room')} give each reading the tags its device had at the reading's event time.
 */
class DeviceAttributesIT {
    private static final int PARALLELISM = 2;
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final MessageIds IDS = new MessageIds(11);

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(PARALLELISM)
            .build());

    private static KafkaClusterTestKit kafka;
    private static KafkaProducer<String, byte[]> producer;
    private static MiniCluster flink;

    private RuleJobRun run;
    private WeftTopics topics;
    private String pk;

    @BeforeAll
    static void startKafka(@InjectMiniCluster MiniCluster cluster) throws Exception {
        flink = cluster;
        kafka = TestKafka.start();
        producer = TestKafka.producer(kafka.bootstrapServers());
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

    @BeforeEach
    void ownTopics() {
        run = new RuleJobRun(kafka.bootstrapServers(), producer, flink, PARALLELISM, "a");
        topics = run.topics();
        pk = run.pk();
    }

    @AfterEach
    void stopJob() throws Exception {
        run.close();
    }

    /**
     * Verifies that both dialects read the tags as of each reading's event time: a reading before a change gets the
     * old value, one after it the new, whatever order the registry and telemetry were written in; a device without
     * tags still matches the Alibaba rule (attribute() is NULL, a left join) and not the inner join of the Flink SQL
     * rule; and a change published while the job runs is seen by the readings that follow it.
     */
    @Test
    void bothDialects_readTheTagsTheDeviceHadAtEachReading_andAChangeWhileRunning() throws Exception {
        // Times around now, as devices and the control plane give them: the device deletion's tombstone carries its
        // Kafka time (now), and the attribute side's watermark is the newest change's time.
        long base = System.currentTimeMillis() - 60_000;
        tags("d1", base, Map.of("room", "kitchen", "floor", "2"));
        tags("d1", base + 30_000, Map.of("room", "hall"));
        tags("d3", base, Map.of("room", "cellar"));
        tombstone("d3"); // deleted: from its Kafka time (now) on, it has no tags
        run.send(post(IDS.next(), pk, "d1", base + 1_000, "Temp", 35.0d));
        run.send(post(IDS.next(), pk, "d2", base + 2_000, "Temp", 36.0d));
        run.send(post(IDS.next(), pk, "d1", base + 31_000, "Temp", 37.0d));
        run.send(post(IDS.next(), pk, "d3", base + 32_000, "Temp", 38.0d)); // before the deletion: still the cellar
        run.send(post(IDS.next(), pk, "d1", base + 50_000, "Temp", 0.0d)); // matches nothing, moves the watermark
        run.send(post(IDS.next(), pk, "d2", base + 50_000, "Temp", 0.0d));
        run.send(post(IDS.next(), pk, "d3", base + 50_000, "Temp", 0.0d));

        start(run.group(flinkSqlRule("joined"), alibaba("tagged", pk, "SELECT Temp AS t, attribute('room') AS room, "
                + "attribute('floor') AS floor FROM \"/" + pk + "/+/thing/event/property/post\" WHERE Temp > 30",
                List.of(run.kafkaTopic("tagged")))));

        CommittedRecords joined = run.read(run.topic("joined"));
        CommittedRecords tagged = run.read(run.topic("tagged"));
        assertThat(run.eventually(WAIT).until(tagged::values, v -> v.size() >= 4)).containsExactlyInAnyOrder(
                run.result("{\"t\":35.0,\"room\":\"kitchen\",\"floor\":\"2\"", "tagged", "d1"),
                run.result("{\"t\":36.0,\"room\":null,\"floor\":null", "tagged", "d2"),
                run.result("{\"t\":37.0,\"room\":\"hall\",\"floor\":null", "tagged", "d1"),
                run.result("{\"t\":38.0,\"room\":\"cellar\",\"floor\":null", "tagged", "d3"));
        assertThat(run.eventually(WAIT).until(joined::values, v -> v.size() >= 3)).containsExactlyInAnyOrder(
                run.result("{\"device_name\":\"d1\",\"Temp\":35.0,\"room\":\"kitchen\"", "joined", "d1"),
                run.result("{\"device_name\":\"d1\",\"Temp\":37.0,\"room\":\"hall\"", "joined", "d1"),
                run.result("{\"device_name\":\"d3\",\"Temp\":38.0,\"room\":\"cellar\"", "joined", "d3"));

        // A change while the job runs, as the control plane publishes it; readings after it see it. The job reads the
        // registry and the telemetry independently, so readings are sent until one comes out with the new room.
        long changed = System.currentTimeMillis();
        tags("d1", changed, Map.of("room", "attic"));
        AtomicLong at = new AtomicLong(changed);
        run.eventually(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> {
            long time = at.addAndGet(1_000);
            run.send(post(IDS.next(), pk, "d1", time, "Temp", 40.0d));
            run.send(post(IDS.next(), pk, "d1", time + 20_000, "Temp", 0.0d));
            return tagged.values().stream().anyMatch(v -> v.contains("attic"))
                    && joined.values().stream().anyMatch(v -> v.contains("attic"));
        });
        assertThat(joined.values()).filteredOn(v -> v.contains("40.0"))
                .allSatisfy(v -> assertThat(v).as("every reading after the change").contains("attic"));
        assertThat(tagged.values()).filteredOn(v -> v.contains("40.0"))
                .allSatisfy(v -> assertThat(v).as("every reading after the change").contains("attic"));
        assertThat(tagged.values()).filteredOn(v -> v.contains("\"deviceName\":\"d3\"")).hasSize(1);
    }

    /**
     * Verifies that a dry run of a rule calling attribute() joins the tags in the registry as the live job does: each
     * sample gets the tags its device had at the sample's time, a device without tags gets NULL, and the verdicts say
     * which condition on the tag held.
     */
    @Test
    void dryRun_joinsTheRegistrysTags_asOfEachSample() throws Exception {
        tags("d1", 1_000, Map.of("room", "kitchen"));
        tags("d1", 5_000, Map.of("room", "hall"));
        String sql = "SELECT Temp AS t, attribute('room') AS room FROM \"/" + pk + "/+/thing/event/property/post\""
                + " WHERE attribute('room') = 'kitchen' OR Temp > 38";
        RuleDryRun dryRun = new RuleDryRun(() -> new TestStreamEnvironment(flink, 1), kafka.bootstrapServers(), topics,
                ZoneOffset.UTC, DryRunLimits.defaults());

        DryRunReport report = dryRun.run(alibaba("dry", pk, sql, List.of()), Greenhouse.match(pk, sql), List.of(
                post(1, pk, "d1", 2_000, "Temp", 20.0d),
                post(2, pk, "d1", 6_000, "Temp", 20.0d),
                post(3, pk, "d2", 7_000, "Temp", 39.0d)));

        assertThat(report.results()).extracting(RuleResult::json).containsExactlyInAnyOrder(
                run.result("{\"t\":20.0,\"room\":\"kitchen\"", "dry", "d1"),
                run.result("{\"t\":39.0,\"room\":null", "dry", "d2"));
        assertThat(report.messages()).extracting(MessageVerdict::matched).containsExactly(true, false, true);
        assertThat(report.messages().get(1).reason())
                .isEqualTo("attribute('room') = 'kitchen' OR Temp > 38 is false");
    }

    private DeployedRule flinkSqlRule(String id) throws Exception {
        String view = ProductViews.properties(Greenhouse.model(pk)).name();
        String attributes = ProductViews.attributesViewName(Greenhouse.model(pk));
        RuleCompilation compiled = new FlinkSqlRules().compile("""
                SELECT t.device_name, t.Temp, a.attributes['room'] AS room
                FROM %s AS t
                JOIN %s FOR SYSTEM_TIME AS OF t.event_time AS a
                  ON a.device_name = t.device_name
                WHERE t.Temp > 30""".formatted(view, attributes), Greenhouse.model(pk));
        assertThat(compiled.problems()).isEmpty();
        FlinkRule flink = compiled.flink();
        return new DeployedRule(id, 1, pk, flink.viewDdls(), flink.query(), flink.outputs(), flink.functions(),
                List.of(run.kafkaTopic(id)), null);
    }

    private void start(RuleGroup group) throws Exception {
        // Idle after 5 s: the joins wait for the registry until it has been quiet that long (it has been read).
        run.start(group, UnaryOperator.identity(), 5_000, null);
    }

    private void tags(String device, long updatedAt, Map<String, String> tags) throws Exception {
        DeviceTagsEntry entry = new DeviceTagsEntry(pk, device, tags, updatedAt);
        producer.send(new ProducerRecord<>(topics.registry(), entry.key(), Json.write((RegistryEntry) entry))).get();
    }

    private void tombstone(String device) throws Exception {
        producer.send(new ProducerRecord<>(topics.registry(), RegistryEntry.deviceTagsKey(pk, device), null)).get();
    }
}
