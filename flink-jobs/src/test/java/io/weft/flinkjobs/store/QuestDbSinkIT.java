package io.weft.flinkjobs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.core.envelope.MessageIds;
import io.weft.core.envelope.Telemetry;
import io.weft.core.store.PropertyValue;
import io.weft.core.store.StoreException;
import io.weft.core.store.questdb.QuestDbReader;
import io.weft.core.store.questdb.QuestDbTables;
import io.weft.core.tsl.PropertyPoint;
import io.weft.core.tsl.ThingModel;
import io.weft.core.tsl.ThingModelJson;
import io.weft.flinkjobs.testing.EmbeddedQuestDb;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The QuestDB sink as a Flink job runs it (bounded jobs on a MiniCluster, so the end-of-input flush is exercised)
 * against a real QuestDB: where event telemetry goes, one row per device time, idempotence across a job restart,
 * and that products are kept apart in the store.
 */
class QuestDbSinkIT {
    private static final MessageIds IDS = new MessageIds(9);
    private static final String TSL = """
            {"profile": {"productKey": "%s"},
             "properties": [
               {"identifier": "Temp", "dataType": {"type": "float", "specs": {"min": "-40", "max": "120"}}},
               {"identifier": "Counter", "dataType": {"type": "int", "specs": {"min": "0", "max": "1000"}}}
             ],
             "events": [
               {"identifier": "Overheat", "type": "alert", "outputData": [
                 {"identifier": "Temp", "dataType": {"type": "float", "specs": {"min": "-40", "max": "200"}}},
                 {"identifier": "Severity", "dataType": {"type": "enum", "specs": {"1": "warning", "2": "critical"}}}
               ]}
             ],
             "services": []}
            """;

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    @TempDir
    static Path dir;

    private static EmbeddedQuestDb questDb;
    private static MiniCluster flink;

    @BeforeAll
    static void startStore(@InjectMiniCluster MiniCluster cluster) throws Exception {
        questDb = EmbeddedQuestDb.start(dir.resolve("questdb"));
        flink = cluster;
    }

    @AfterAll
    static void stopStore() {
        if (questDb != null) {
            questDb.close();
        }
    }

    /** Verifies that an event post lands in its event's own table, one typed column per output parameter. */
    @Test
    void eventTelemetry_isStoredInTheEventsTable_withTypedColumns() throws Exception {
        String pk = productKey("evt");
        long t = System.currentTimeMillis();
        Telemetry overheat = new Telemetry(IDS.next(), pk, "dev-1", Telemetry.EVENT, "Overheat",
                List.of(new PropertyPoint("Temp", 130.5d, t), new PropertyPoint("Severity", 2L, t)), t);

        runSink(List.of(overheat));

        String table = QuestDbTables.event(pk, "Overheat");
        eventually().until(() -> questDb.count(table, null), n -> n == 1);
        JsonNode row = questDb.exec("SELECT device, msg_id, \"Temp\", \"Severity\" FROM \"" + table + "\"")
                .path("dataset").path(0);
        assertThat(row.get(0).asString()).isEqualTo("dev-1");
        assertThat(row.get(1).asLong()).isEqualTo(overheat.messageId());
        assertThat(row.get(2).asDouble()).isEqualTo(130.5d);
        assertThat(row.get(3).asLong()).isEqualTo(2L);
        assertThat(columnTypes(table)).contains("Temp=DOUBLE", "Severity=LONG");
        assertThat(questDb.count(QuestDbTables.properties(pk), null))
                .as("events stay out of the properties table").isEqualTo(-1);
    }

    /** Verifies that a post with timed values becomes one row per device time, each read back at its time. */
    @Test
    void pointsWithDifferentDeviceTimes_becomeOneRowPerTime() throws Exception {
        String pk = productKey("time");
        long t = System.currentTimeMillis();
        Telemetry post = new Telemetry(IDS.next(), pk, "dev-1", Telemetry.PROPERTY, null, List.of(
                new PropertyPoint("Temp", 20.5d, t - 2000), new PropertyPoint("Counter", 3L, t - 2000),
                new PropertyPoint("Temp", 21.5d, t)), t);

        runSink(List.of(post));

        ThingModel model = model(pk);
        QuestDbReader reader = new QuestDbReader(questDb.httpAddress());
        List<PropertyValue> temps = eventually().ignoreExceptionsInstanceOf(StoreException.class)
                .until(() -> reader.history(model, pk, "dev-1", "Temp", t - 60_000, t + 60_000, 10),
                        v -> v.size() == 2);
        assertThat(temps).containsExactly(new PropertyValue("Temp", 21.5d, t),
                new PropertyValue("Temp", 20.5d, t - 2000));
        assertThat(reader.latest(model, pk, "dev-1")).containsExactlyInAnyOrder(
                new PropertyValue("Temp", 21.5d, t), new PropertyValue("Counter", 3L, t - 2000));
    }

    /**
     * Verifies the sink's documented guarantee: a replay after a failure (here, a second job writing the same
     * records, as a restarted job re-reads them from its last checkpoint) overwrites rows instead of adding any.
     * A record new to the second job shows that its writes have been applied when the counts are taken.
     */
    @Test
    void replayAfterRestart_overwritesRowsInsteadOfAddingThem() throws Exception {
        String pk = productKey("replay");
        long t = System.currentTimeMillis();
        List<Telemetry> batch = List.of(
                property(pk, "dev-1", t, new PropertyPoint("Temp", 1.5d, t)),
                property(pk, "dev-1", t + 1, new PropertyPoint("Temp", 2.5d, t + 1)),
                property(pk, "dev-2", t, new PropertyPoint("Counter", 9L, t)));
        String table = QuestDbTables.properties(pk);

        runSink(batch);
        eventually().until(() -> questDb.count(table, null), n -> n == 3);

        Telemetry marker = property(pk, "dev-3", t, new PropertyPoint("Counter", 1L, t));
        List<Telemetry> replay = new ArrayList<>(batch);
        replay.add(marker);
        runSink(replay);
        eventually().until(() -> questDb.count(table, "msg_id = " + marker.messageId()), n -> n == 1);

        assertThat(questDb.count(table, null)).isEqualTo(4);
        for (Telemetry telemetry : batch) {
            assertThat(questDb.count(table, "msg_id = " + telemetry.messageId())).isEqualTo(1);
        }
    }

    /**
     * Verifies that two products are stored apart. Product keys are case-sensitive (the control plane accepts
     * {@code [A-Za-z0-9_]{4,32}} as given, so {@code Meter01} and {@code meter01} are two products), so a device of
     * one must never read another product's values.
     */
    @Test
    void productKeysDifferingOnlyInCase_areStoredApart() throws Exception {
        String suffix = Long.toString(ThreadLocalRandom.current().nextLong(1L << 30, 1L << 35), 36);
        String upper = "itCASE" + suffix;
        String lower = "itcase" + suffix;
        long t = System.currentTimeMillis();

        runSink(List.of(
                property(upper, "dev-1", t, new PropertyPoint("Temp", 10.0d, t)),
                property(lower, "dev-1", t + 1, new PropertyPoint("Temp", 99.0d, t + 1))));

        QuestDbReader reader = new QuestDbReader(questDb.httpAddress());
        List<PropertyValue> lowerTemps = eventually().ignoreExceptionsInstanceOf(StoreException.class)
                .until(() -> reader.history(model(lower), lower, "dev-1", "Temp", t - 60_000, t + 60_000, 10),
                        v -> !v.isEmpty());
        List<PropertyValue> upperTemps = eventually().ignoreExceptionsInstanceOf(StoreException.class)
                .until(() -> reader.history(model(upper), upper, "dev-1", "Temp", t - 60_000, t + 60_000, 10),
                        v -> !v.isEmpty());

        assertThat(upperTemps).as("Temp history of product " + upper)
                .containsExactly(new PropertyValue("Temp", 10.0d, t));
        assertThat(lowerTemps).as("Temp history of product " + lower)
                .containsExactly(new PropertyValue("Temp", 99.0d, t + 1));
    }

    /** Runs a bounded job that writes {@code records} through the sink; returns when the job has finished. */
    private static void runSink(List<Telemetry> records) throws Exception {
        StreamExecutionEnvironment env = new TestStreamEnvironment(flink, 1);
        env.fromData(TypeInformation.of(Telemetry.class), records.toArray(Telemetry[]::new))
                .sinkTo(new QuestDbSink(questDb.httpAddress())).name("time-series store");
        env.execute("questdb-sink-it");
    }

    private static Telemetry property(String pk, String dn, long receivedAt, PropertyPoint... points) {
        return new Telemetry(IDS.next(), pk, dn, Telemetry.PROPERTY, null, List.of(points), receivedAt);
    }

    private static ThingModel model(String pk) {
        return ThingModelJson.parse(TSL.formatted(pk));
    }

    private static List<String> columnTypes(String table) {
        List<String> types = new ArrayList<>();
        for (JsonNode row : questDb.exec("SELECT \"column\", \"type\" FROM table_columns('" + table + "')")
                .path("dataset")) {
            types.add(row.get(0).asString() + "=" + row.get(1).asString());
        }
        return types;
    }

    private static String productKey(String tag) {
        return "it" + tag + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 45), 36);
    }

    private static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100));
    }
}
