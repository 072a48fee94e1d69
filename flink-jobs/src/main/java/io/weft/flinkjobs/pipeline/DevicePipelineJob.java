package io.weft.flinkjobs.pipeline;

import io.weft.core.envelope.Downlink;
import io.weft.core.envelope.Rejected;
import io.weft.core.envelope.Telemetry;
import io.weft.core.envelope.Uplink;
import io.weft.core.kafka.WeftTopics;
import io.weft.flinkjobs.kafka.JsonRecords;
import io.weft.flinkjobs.store.QuestDbSink;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The device-pipeline job: {@code weft.up} and {@code weft.registry} in; {@code weft.telemetry},
 * {@code weft.rejected}, replies on {@code weft.down} and the time-series store out. Telemetry and rejections are
 * written to Kafka exactly once (transactions committed on checkpoints: readers use read_committed); replies at
 * least once, for latency. Never calls System.exit: on a real cluster this main runs inside the JobManager.
 */
public final class DevicePipelineJob {
    public static final String NAME = "weft-device-pipeline";

    private DevicePipelineJob() {
    }

    public static void main(String[] args) throws Exception {
        PipelineArgs config = PipelineArgs.parse(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        build(env, config);
        env.execute(NAME);
    }

    /** Wires the job onto {@code env} with Kafka sources and sinks; used by main and by the standalone launcher. */
    public static void build(StreamExecutionEnvironment env, PipelineArgs config) {
        env.enableCheckpointing(config.checkpointIntervalMs());
        WeftTopics topics = new WeftTopics(config.topicPrefix());

        KafkaSource<Uplink> uplinkSource = KafkaSource.<Uplink>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setTopics(topics.up())
                .setGroupId(config.groupId())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(JsonRecords.reader(Uplink.class))
                .setProperty("fetch.max.wait.ms", "20")
                .build();
        KafkaSource<ProductChange> registrySource = KafkaSource.<ProductChange>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setTopics(topics.registry())
                .setGroupId(config.groupId() + "-registry")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(JsonRecords.productChanges())
                .setProperty("commit.offsets.on.checkpoint", "false")
                .setProperty("fetch.max.wait.ms", "20")
                .build();

        DataStream<Uplink> uplinks = env.fromSource(uplinkSource, WatermarkStrategy.noWatermarks(), "weft.up")
                .uid("source-up");
        DataStream<ProductChange> products = env.fromSource(registrySource, WatermarkStrategy.noWatermarks(),
                "weft.registry").uid("source-registry").setParallelism(1);

        PipelineOutputs out = DevicePipeline.wire(uplinks, products);

        out.telemetry().sinkTo(exactlyOnce(config, topics.telemetry(), JsonRecords.<Telemetry>writer(
                topics.telemetry(), t -> t.productKey() + "/" + t.deviceName()), "telemetry"))
                .name("weft.telemetry").uid("sink-telemetry");
        out.rejected().sinkTo(exactlyOnce(config, topics.rejected(), JsonRecords.<Rejected>writer(
                topics.rejected(), r -> r.uplink().productKey() + "/" + r.uplink().deviceName()), "rejected"))
                .name("weft.rejected").uid("sink-rejected");
        out.replies().sinkTo(KafkaSink.<Downlink>builder()
                        .setBootstrapServers(config.bootstrapServers())
                        .setRecordSerializer(JsonRecords.<Downlink>writer(topics.down(),
                                d -> d.productKey() + "/" + d.deviceName()))
                        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                        .setKafkaProducerConfig(lowLatency())
                        .build())
                .name("replies to weft.down").uid("sink-replies");
        if (config.questDb() != null) {
            out.telemetry().sinkTo(new QuestDbSink(config.questDb())).name("time-series store").uid("sink-store");
        }
    }

    private static <T> KafkaSink<T> exactlyOnce(PipelineArgs config, String topic,
                                                org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema<T> schema,
                                                String name) {
        Properties props = lowLatency();
        // Must stay below the broker's transaction.max.timeout.ms (15 min by default) and above the longest
        // checkpoint, or a transaction is aborted under the sink.
        props.setProperty("transaction.timeout.ms", "600000");
        return KafkaSink.<T>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setRecordSerializer(schema)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(config.groupId() + "-" + name)
                .setKafkaProducerConfig(props)
                .build();
    }

    private static Properties lowLatency() {
        Properties props = new Properties();
        props.setProperty("linger.ms", "5");
        return props;
    }
}
