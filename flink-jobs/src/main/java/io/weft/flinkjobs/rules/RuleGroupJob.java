package io.weft.flinkjobs.rules;

import io.weft.core.envelope.Presence;
import io.weft.core.envelope.Telemetry;
import io.weft.core.kafka.WeftTopics;
import io.weft.core.registry.DeviceTagsEntry;
import io.weft.flinkjobs.kafka.JsonRecords;
import io.weft.flinkjobs.kafka.PresenceRecords;
import io.weft.flinkjobs.rules.functions.WeftFunctions;
import io.weft.flinkjobs.rules.sink.Outbound;
import io.weft.flinkjobs.rules.sink.OutboundSink;
import io.weft.flinkjobs.rules.sink.QuestDbResultStore;
import io.weft.flinkjobs.rules.source.DeviceAttributesTable;
import io.weft.flinkjobs.rules.source.StatusTable;
import io.weft.flinkjobs.rules.source.TelemetryTable;
import java.time.Duration;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * A rule job: one {@link io.weft.core.rule.RuleGroup}'s rules as Flink SQL over {@code weft.telemetry} (read with
 * read_committed, event time from the device), for a group with a rule on device status over the presence events
 * of {@code weft.events}, and when a rule reads device attributes over the device tags on {@code weft.registry};
 * their results to their destinations through one exactly-once Kafka sink (see {@link OutboundSink}), and their
 * store destinations' rows to QuestDB (given {@code --questdb}; see
 * {@link io.weft.flinkjobs.rules.sink.ResultStoreSink}). One job per group, so changing a rule restarts only its
 * group. Never calls System.exit: on a real cluster this main runs inside the JobManager.
 */
public final class RuleGroupJob {

    private RuleGroupJob() {
    }

    public static void main(String[] args) throws Exception {
        RuleGroupArgs config = RuleGroupArgs.parse(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        build(env, config, telemetry(env, config), sink(config));
        env.execute(name(config));
    }

    public static String name(RuleGroupArgs config) {
        return config.jobId();
    }

    /**
     * Wires the group's rules onto {@code env} between {@code telemetry} (with event timestamps and watermarks, as
     * {@link #telemetry} gives it) and {@code sink}; main passes the Kafka ones, tests may put operators between.
     *
     * <p>Turns on object reuse: every rule of the group reads the same telemetry rows, and without it each chained
     * rule gets its own deep copy of each row (a fifth of the task's CPU with 10 rules, see docs/performance.md).
     * Safe here because no operator of the job keeps or changes a record it was handed: the telemetry rows, rule
     * results and destination records are new objects per record, and Flink's SQL operators copy what they keep.
     */
    public static void build(StreamExecutionEnvironment env, RuleGroupArgs config, DataStream<Telemetry> telemetry,
                             Sink<Outbound> sink) {
        build(env, config, telemetry, new SideStreams(() -> status(env, config), () -> attributes(env, config)),
                sink);
    }

    /**
     * Wires the group as {@link #build(StreamExecutionEnvironment, RuleGroupArgs, DataStream, Sink)} does, with
     * {@code side} giving the presence events and device-tag changes (as {@link #status} and {@link #attributes} do)
     * when, and only when, a rule of the group reads them.
     */
    public static void build(StreamExecutionEnvironment env, RuleGroupArgs config, DataStream<Telemetry> telemetry,
                             SideStreams side, Sink<Outbound> sink) {
        env.enableCheckpointing(config.checkpointIntervalMs());
        env.getConfig().enableObjectReuse();
        StreamTableEnvironment tables = StreamTableEnvironment.create(env);
        tables.getConfig().setLocalTimeZone(config.timeZone());
        RuleRuntime runtime = new RuleRuntime(tables, new WeftTopics(config.topicPrefix()),
                new WeftFunctions(config.timeZone()),
                config.questDb() == null ? null : new QuestDbResultStore(config.questDb()));
        runtime.wire(telemetry, side, config.group()).sinkTo(sink).name("rule outputs").uid("rules-sink");
    }

    /**
     * The device tags on {@code weft.registry} (see {@link DeviceAttributesTable}), read_committed from the topic's
     * beginning, event time the change's, idle after the configured idle timeout.
     */
    public static DataStream<DeviceTagsEntry> attributes(StreamExecutionEnvironment env, RuleGroupArgs config) {
        WeftTopics topics = new WeftTopics(config.topicPrefix());
        return env.fromSource(DeviceAttributesTable.registrySource(config.bootstrapServers(), topics.registry(),
                                config.jobId() + "-registry"),
                        DeviceAttributesTable.watermarks(Duration.ofMillis(config.idleTimeoutMs())), topics.registry())
                .setParallelism(1) // the registry has one partition; more subtasks would read nothing
                .uid("rules-source-registry");
    }

    /** {@code weft.telemetry}, read_committed, with the device's event time and the configured watermarks. */
    public static DataStream<Telemetry> telemetry(StreamExecutionEnvironment env, RuleGroupArgs config) {
        WeftTopics topics = new WeftTopics(config.topicPrefix());
        KafkaSource<Telemetry> source = KafkaSource.<Telemetry>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setTopics(topics.telemetry())
                .setGroupId(config.jobId())
                .setStartingOffsets(OffsetsInitializer.committedOffsets("earliest".equals(config.startingOffsets())
                        ? OffsetResetStrategy.EARLIEST : OffsetResetStrategy.LATEST))
                .setDeserializer(JsonRecords.reader(Telemetry.class))
                .setProperty("isolation.level", "read_committed")
                .setProperty("fetch.max.wait.ms", "20")
                .build();
        return env.fromSource(source, TelemetryTable.watermarks(Duration.ofMillis(config.maxOutOfOrdernessMs()),
                        Duration.ofMillis(config.idleTimeoutMs())), topics.telemetry())
                .uid("rules-source-telemetry");
    }

    /**
     * The presence events of {@code weft.events}, read_committed from the same starting offsets as telemetry, with
     * the edge's time as event time and the configured watermarks (a quiet partition is idle after
     * {@code --idle-timeout-ms}, so it never holds a status rule's event time back). Edges' heartbeats on the same
     * topic are skipped.
     */
    public static DataStream<Presence> status(StreamExecutionEnvironment env, RuleGroupArgs config) {
        WeftTopics topics = new WeftTopics(config.topicPrefix());
        KafkaSource<Presence> source = KafkaSource.<Presence>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setTopics(topics.events())
                .setGroupId(config.jobId())
                .setStartingOffsets(OffsetsInitializer.committedOffsets("earliest".equals(config.startingOffsets())
                        ? OffsetResetStrategy.EARLIEST : OffsetResetStrategy.LATEST))
                .setDeserializer(new PresenceRecords())
                .setProperty("isolation.level", "read_committed")
                .setProperty("fetch.max.wait.ms", "20")
                .build();
        return env.fromSource(source, StatusTable.watermarks(Duration.ofMillis(config.maxOutOfOrdernessMs()),
                        Duration.ofMillis(config.idleTimeoutMs())), topics.events())
                .uid("rules-source-status");
    }

    /** The exactly-once Kafka sink of every destination record. */
    public static Sink<Outbound> sink(RuleGroupArgs config) {
        return OutboundSink.exactlyOnce(config.bootstrapServers(), config.jobId());
    }
}
