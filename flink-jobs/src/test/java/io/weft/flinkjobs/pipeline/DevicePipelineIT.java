package io.weft.flinkjobs.pipeline;

import static io.weft.flinkjobs.pipeline.Thermostat.propertyPost;
import static io.weft.flinkjobs.pipeline.Thermostat.propertyPostUplink;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.weft.core.alink.AlinkCode;
import io.weft.core.alink.AlinkCodec;
import io.weft.core.alink.AlinkReply;
import io.weft.core.envelope.Downlink;
import io.weft.core.envelope.MessageIds;
import io.weft.core.envelope.Rejected;
import io.weft.core.envelope.Telemetry;
import io.weft.core.envelope.Uplink;
import io.weft.core.json.Json;
import io.weft.core.kafka.TopicSetup;
import io.weft.core.kafka.WeftTopics;
import io.weft.core.registry.ProductEntry;
import io.weft.core.registry.RegistryEntry;
import io.weft.core.store.PropertyValue;
import io.weft.core.store.StoreException;
import io.weft.core.store.questdb.QuestDbReader;
import io.weft.core.tsl.FieldError;
import io.weft.core.tsl.PropertyPoint;
import io.weft.core.tsl.ThingModel;
import io.weft.flinkjobs.testing.EmbeddedQuestDb;
import io.weft.flinkjobs.testing.TestKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;

import org.apache.kafka.clients.producer.ProducerRecord;


import org.apache.kafka.common.test.KafkaClusterTestKit;

import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device-pipeline job as {@code main} wires it ({@link DevicePipelineJob#build}), on a Flink MiniCluster with
 * parallelism 2, against a real Kafka broker and a real QuestDB. One broker, one QuestDB and one running job are
 * shared by the class; every test uses product keys of its own, and reads the shared topics filtered by its keys.
 */
class DevicePipelineIT {
    private static final int PARALLELISM = 2;
    private static final int MAX_PARALLELISM = 128;
    private static final WeftTopics TOPICS = WeftTopics.DEFAULT;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final MessageIds IDS = new MessageIds(7);

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(PARALLELISM)
            // A failure must fail the test, not restart the job quietly until Awaitility gives up.
            .setConfiguration(new Configuration().set(RestartStrategyOptions.RESTART_STRATEGY, "none"))
            .build());

    @TempDir
    static Path dir;

    private static KafkaClusterTestKit kafka;
    private static EmbeddedQuestDb questDb;
    private static KafkaProducer<String, byte[]> producer;
    private static JobClient job;

    private TopicTail<Telemetry> telemetry;
    private TopicTail<Rejected> rejected;
    private TopicTail<Downlink> down;

    @BeforeAll
    static void startPlatform(@InjectMiniCluster MiniCluster flink) throws Exception {
        // QuestDB's cold start is the slowest part: overlap it with the broker's.
        CompletableFuture<EmbeddedQuestDb> store = CompletableFuture.supplyAsync(() -> {
            try {
                return EmbeddedQuestDb.start(dir.resolve("questdb"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        kafka = TestKafka.start();
        TopicSetup.ensure(kafka.bootstrapServers(), TOPICS, 2, (short) 1);

        producer = TestKafka.producer(kafka.bootstrapServers());

        questDb = store.get(2, TimeUnit.MINUTES);

        // The extension binds its environment per test; the job is the class's, so bind one here.
        StreamExecutionEnvironment env = new TestStreamEnvironment(flink, PARALLELISM);
        env.setMaxParallelism(MAX_PARALLELISM);
        DevicePipelineJob.build(env, new PipelineArgs(kafka.bootstrapServers(), TOPICS.prefix(),
                questDb.httpAddress(), 500, "it-" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36)));
        job = env.executeAsync(DevicePipelineJob.NAME);
    }

    @AfterAll
    static void stopPlatform() throws Exception {
        try {
            if (job != null && !job.getJobStatus().get().isGloballyTerminalState()) {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
        } finally {
            if (producer != null) {
                producer.close();
            }
            if (questDb != null) {
                questDb.close();
            }
            if (kafka != null) {
                kafka.close();
            }
        }
    }

    @BeforeEach
    void tailOutputs() {
        telemetry = TopicTail.committed(kafka.bootstrapServers(), TOPICS.telemetry(), Telemetry.class);
        rejected = TopicTail.committed(kafka.bootstrapServers(), TOPICS.rejected(), Rejected.class);
        down = TopicTail.uncommitted(kafka.bootstrapServers(), TOPICS.down(), Downlink.class);
    }

    @AfterEach
    void closeTails() {
        telemetry.close();
        rejected.close();
        down.close();
    }

    /**
     * Verifies the happy path end to end: a valid property post comes out once on weft.telemetry with typed
     * values, the device is answered with code 200 on its _reply topic under the request's id, and the values are
     * readable from the store.
     */
    @Test
    void validPost_isStoredAndAnsweredWith200() throws Exception {
        String pk = newProductKey("ok");
        register(pk);
        long receivedAt = System.currentTimeMillis();
        Uplink uplink = propertyPostUplink(IDS.next(), pk, "dev-a",
                propertyPost("101", "{\"Temp\":23.5,\"Counter\":7,\"PowerSwitch\":1,\"Label\":\"hall\"}"),
                receivedAt);
        send(uplink);
        String key = pk + "/dev-a";

        List<Telemetry> out = eventually().until(() -> telemetry.records(key), r -> !r.isEmpty());
        assertThat(out).singleElement().satisfies(t -> {
            assertThat(t.messageId()).isEqualTo(uplink.messageId());
            assertThat(t.kind()).isEqualTo(Telemetry.PROPERTY);
            assertThat(t.points()).containsExactlyInAnyOrder(
                    new PropertyPoint("Temp", 23.5d, receivedAt),
                    new PropertyPoint("Counter", 7L, receivedAt),
                    new PropertyPoint("PowerSwitch", 1L, receivedAt),
                    new PropertyPoint("Label", "hall", receivedAt));
        });

        Downlink reply = eventually().until(() -> down.records(key), r -> !r.isEmpty()).get(0);
        assertThat(reply.topic()).isEqualTo(Thermostat.propertyPostReplyTopic(pk, "dev-a"));
        assertThat(reply.messageId()).isEqualTo(uplink.messageId());
        AlinkReply alink = AlinkCodec.readReply(reply.payload());
        assertThat(alink.id()).isEqualTo("101");
        assertThat(alink.code()).isEqualTo(200);
        assertThat(rejected.records(key)).isEmpty();

        QuestDbReader reader = new QuestDbReader(questDb.httpAddress());
        ThingModel model = Thermostat.model(pk);
        // WAL tables (and columns ILP adds) become visible a moment after the write.
        List<PropertyValue> stored = eventually().ignoreExceptionsInstanceOf(StoreException.class)
                .until(() -> reader.latest(model, pk, "dev-a"), v -> v.size() == 4);
        assertThat(stored).containsExactlyInAnyOrder(
                new PropertyValue("Temp", 23.5d, receivedAt),
                new PropertyValue("Counter", 7L, receivedAt),
                new PropertyValue("PowerSwitch", 1L, receivedAt),
                new PropertyValue("Label", "hall", receivedAt));
    }

    /**
     * Verifies that an out-of-spec post is refused whole: a Rejected with the field's path and Alink code on
     * weft.rejected, a reply with that code, and nothing on weft.telemetry or in the store. The valid post sent
     * after it on the same device (so through the same subtasks, in order) is the proof that the invalid one
     * has been through every sink.
     */
    @Test
    void outOfSpecPost_isRejectedWithTheFieldAndCode_answeredWithThatCode_andNotStored() throws Exception {
        String pk = newProductKey("bad");
        register(pk);
        long t0 = System.currentTimeMillis();
        Uplink bad = propertyPostUplink(IDS.next(), pk, "dev-b", propertyPost("201", "{\"Temp\":150.0}"), t0);
        Uplink good = propertyPostUplink(IDS.next(), pk, "dev-b", propertyPost("202", "{\"Temp\":21.0}"), t0 + 1);
        send(bad);
        send(good);
        String key = pk + "/dev-b";

        Rejected refusal = eventually().until(() -> rejected.records(key), r -> !r.isEmpty()).get(0);
        assertThat(refusal.uplink().messageId()).isEqualTo(bad.messageId());
        assertThat(refusal.code()).isEqualTo(AlinkCode.FLOAT_SPECS_ERROR.code());
        assertThat(refusal.errors()).extracting(FieldError::path, FieldError::code)
                .containsExactly(tuple("Temp", AlinkCode.FLOAT_SPECS_ERROR));

        List<Downlink> replies = eventually().until(() -> down.records(key), r -> r.size() >= 2);
        assertThat(replies).extracting(Downlink::messageId).containsExactly(bad.messageId(), good.messageId());
        AlinkReply badReply = AlinkCodec.readReply(replies.get(0).payload());
        assertThat(badReply.id()).isEqualTo("201");
        assertThat(badReply.code()).isEqualTo(6307);
        assertThat(AlinkCodec.readReply(replies.get(1).payload()).code()).isEqualTo(200);

        List<Telemetry> out = eventually().until(() -> telemetry.records(key), r -> !r.isEmpty());
        assertThat(out).extracting(Telemetry::messageId).containsExactly(good.messageId());

        QuestDbReader reader = new QuestDbReader(questDb.httpAddress());
        List<PropertyValue> temps = eventually().ignoreExceptionsInstanceOf(StoreException.class)
                .until(() -> reader.history(Thermostat.model(pk), pk, "dev-b", "Temp", t0 - 1000, t0 + 60_000, 10),
                        v -> !v.isEmpty());
        assertThat(temps).containsExactly(new PropertyValue("Temp", 21.0d, t0 + 1));
        assertThat(questDb.count(table(pk), "device = 'dev-b'")).isEqualTo(1);
    }

    /**
     * Verifies that the registry may lag the uplinks: an uplink whose product is not known yet is held (neither
     * answered nor rejected), and validated once the product's record arrives. To know the uplink has reached
     * the validator before the product is registered, a marker uplink of another, known product is sent after it
     * on the same partition and to the same validator subtask; its reply means the held uplink was processed.
     */
    @Test
    void uplinkBeforeItsProduct_isHeldAndValidatedWhenTheProductArrives() throws Exception {
        String markerPk = newProductKey("mark");
        register(markerPk);
        String latePk = newProductKey("late");
        String lateKey = latePk + "/dev-c";
        String markerKey = keyOnSameSubtask(lateKey, markerPk);

        long receivedAt = System.currentTimeMillis();
        Uplink early = propertyPostUplink(IDS.next(), latePk, "dev-c",
                propertyPost("301", "{\"Temp\":-3.5,\"Counter\":0}"), receivedAt);
        Uplink marker = propertyPostUplink(IDS.next(), markerPk, markerKey.substring(markerPk.length() + 1),
                propertyPost("302", "{\"Counter\":1}"), receivedAt);
        send(early, 0);
        send(marker, 0);

        Downlink markerReply = eventually().until(() -> down.records(markerKey), r -> !r.isEmpty()).get(0);
        assertThat(AlinkCodec.readReply(markerReply.payload()).code()).isEqualTo(200);
        assertThat(down.records(lateKey)).as("the early uplink is held, not answered").isEmpty();

        register(latePk);

        List<Telemetry> out = eventually().until(() -> telemetry.records(lateKey), r -> !r.isEmpty());
        assertThat(out).singleElement().satisfies(t -> {
            assertThat(t.messageId()).isEqualTo(early.messageId());
            assertThat(t.points()).containsExactlyInAnyOrder(
                    new PropertyPoint("Temp", -3.5d, receivedAt),
                    new PropertyPoint("Counter", 0L, receivedAt));
        });
        Downlink reply = eventually().until(() -> down.records(lateKey), r -> !r.isEmpty()).get(0);
        AlinkReply alink = AlinkCodec.readReply(reply.payload());
        assertThat(alink.id()).isEqualTo("301");
        assertThat(alink.code()).isEqualTo(200);
        assertThat(rejected.records(lateKey)).isEmpty();
    }

    /**
     * Verifies that the store is idempotent: the same uplink (same message id) through the pipeline twice leaves
     * one row, because the tables deduplicate on (ts, device, msg_id). A later post of the same device shows that
     * both copies have been written.
     */
    @Test
    void sameUplinkTwice_leavesOneRowInTheStore() throws Exception {
        String pk = newProductKey("dup");
        register(pk);
        long t0 = System.currentTimeMillis();
        Uplink once = propertyPostUplink(IDS.next(), pk, "dev-d", propertyPost("401", "{\"Counter\":11}"), t0);
        Uplink after = propertyPostUplink(IDS.next(), pk, "dev-d", propertyPost("402", "{\"Counter\":12}"), t0 + 1);
        send(once);
        send(once);
        send(after);
        String key = pk + "/dev-d";

        List<Telemetry> out = eventually().until(() -> telemetry.records(key), r -> r.size() >= 3);
        assertThat(out).extracting(Telemetry::messageId)
                .as("the pipeline passes both copies on; the store must absorb the duplicate")
                .containsExactly(once.messageId(), once.messageId(), after.messageId());

        eventually().until(() -> questDb.count(table(pk), "msg_id = " + after.messageId()), n -> n == 1);
        assertThat(questDb.count(table(pk), "msg_id = " + once.messageId())).isEqualTo(1);
        assertThat(questDb.count(table(pk), null)).isEqualTo(2);
    }

    private static ConditionFactory eventually() {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .failFast("the pipeline job stopped", DevicePipelineIT::jobStopped);
    }

    private static boolean jobStopped() throws Exception {
        JobStatus status = job.getJobStatus().get();
        if (status.isGloballyTerminalState()) {
            try {
                job.getJobExecutionResult().get();
            } catch (Exception e) {
                throw new AssertionError("the pipeline job is " + status, e);
            }
            return true;
        }
        return false;
    }

    /** A product key of this test's own, so tests sharing the job and topics never see each other's records. */
    private static String newProductKey(String tag) {
        return "it" + tag + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 45), 36);
    }

    private static String table(String productKey) {
        return io.weft.core.store.questdb.QuestDbTables.properties(productKey);
    }

    private static void register(String productKey) throws Exception {
        ProductEntry product = new ProductEntry(productKey, "Thermostat", Thermostat.tsl(productKey), 1,
                System.currentTimeMillis());
        producer.send(new ProducerRecord<>(TOPICS.registry(), RegistryEntry.productKey(productKey),
                Json.write(product))).get();
    }

    private static void send(Uplink uplink) throws Exception {
        producer.send(new ProducerRecord<>(TOPICS.up(), uplink.productKey() + "/" + uplink.deviceName(),
                Json.write(uplink))).get();
    }

    private static void send(Uplink uplink, int partition) throws Exception {
        producer.send(new ProducerRecord<>(TOPICS.up(), partition, uplink.productKey() + "/" + uplink.deviceName(),
                Json.write(uplink))).get();
    }

    /** A device key of {@code productKey} that Flink's keyBy sends to the same validator subtask as {@code key}. */
    private static String keyOnSameSubtask(String key, String productKey) {
        int subtask = KeyGroupRangeAssignment.assignKeyToParallelOperator(key, MAX_PARALLELISM, PARALLELISM);
        for (int i = 0; ; i++) {
            String candidate = productKey + "/marker-" + i;
            if (KeyGroupRangeAssignment.assignKeyToParallelOperator(candidate, MAX_PARALLELISM, PARALLELISM)
                    == subtask) {
                return candidate;
            }
        }
    }
}
