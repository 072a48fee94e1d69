package io.weft.flinkjobs.alerts;

import io.weft.core.alert.Alert;
import io.weft.core.alert.NotificationFailure;
import io.weft.core.envelope.Presence;
import io.weft.core.kafka.WeftTopics;
import io.weft.core.rule.AlertSignal;
import io.weft.flinkjobs.kafka.JsonRecords;
import io.weft.flinkjobs.kafka.PresenceRecords;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The alert job: {@code weft.alert-signals} and {@code weft.events} in (and its own {@code weft.alerts}, read back to
 * restore lost state); {@code weft.alerts} and {@code weft.alert-dead-letters} out, both exactly once (transactions
 * committed on checkpoints: read them with read_committed), plus webhook calls, at least once. Signals and alerts are
 * read with read_committed, since rule jobs and this job write them in transactions. A fresh start (no savepoint)
 * reads {@code weft.events} and {@code weft.alerts} from the beginning, which rebuilds presence and the keys' last
 * alerts. Never calls System.exit: on a real cluster this main runs inside the JobManager.
 */
public final class AlertJob {
    public static final String NAME = "weft-alerts";

    private AlertJob() {
    }

    public static void main(String[] args) throws Exception {
        AlertArgs config = AlertArgs.parse(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        build(env, config);
        env.execute(NAME);
    }

    /** Wires the job onto {@code env} with Kafka sources and sinks; used by main and by tests. */
    public static void build(StreamExecutionEnvironment env, AlertArgs config) {
        env.enableCheckpointing(config.checkpointIntervalMs());
        WeftTopics topics = new WeftTopics(config.topicPrefix());

        DataStream<AlertSignal> signals = env.fromSource(
                source(config, topics.alertSignals(), config.groupId(), JsonRecords.reader(AlertSignal.class),
                        OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST)),
                WatermarkStrategy.noWatermarks(), "weft.alert-signals").uid("source-alert-signals");
        DataStream<Presence> presence = env.fromSource(
                source(config, topics.events(), config.groupId() + "-events", new PresenceRecords(),
                        OffsetsInitializer.earliest()),
                WatermarkStrategy.noWatermarks(), "weft.events").uid("source-events");
        DataStream<Alert> earlier = env.fromSource(
                source(config, topics.alerts(), config.groupId() + "-restore", JsonRecords.reader(Alert.class),
                        OffsetsInitializer.earliest()),
                WatermarkStrategy.noWatermarks(), "weft.alerts (restore)").uid("source-alerts");

        AlertOutputs out = Alerts.wire(signals, presence, earlier, config.offline(), config.flap(),
                config.webhooks());

        out.alerts().sinkTo(exactlyOnce(config, JsonRecords.<Alert>writer(topics.alerts(), Alert::key), "alerts"))
                .name("weft.alerts").uid("sink-alerts");
        out.deadLetters().sinkTo(exactlyOnce(config, JsonRecords.<NotificationFailure>writer(
                        topics.alertDeadLetters(), f -> f.alert().key()), "dead-letters"))
                .name("weft.alert-dead-letters").uid("sink-dead-letters");
    }

    private static <T> KafkaSource<T> source(AlertArgs config, String topic, String groupId,
                                             KafkaRecordDeserializationSchema<T> records,
                                             OffsetsInitializer start) {
        return KafkaSource.<T>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setTopics(topic)
                .setGroupId(groupId)
                .setStartingOffsets(start)
                .setDeserializer(records)
                .setProperty("isolation.level", "read_committed")
                .setProperty("fetch.max.wait.ms", "20")
                .build();
    }

    /**
     * A transactional sink: what it wrote is visible to read_committed readers once the checkpoint that covers it
     * completes; a failure between checkpoints aborts the transaction and the records are written again from the
     * restored state. The transaction timeout must stay below the broker's {@code transaction.max.timeout.ms} and
     * above the longest checkpoint, or a transaction is aborted under the sink.
     */
    private static <T> KafkaSink<T> exactlyOnce(AlertArgs config, KafkaRecordSerializationSchema<T> schema,
                                                String name) {
        Properties props = new Properties();
        props.setProperty("linger.ms", "5");
        props.setProperty("transaction.timeout.ms", "600000");
        return KafkaSink.<T>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setRecordSerializer(schema)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(config.groupId() + "-" + name)
                .setKafkaProducerConfig(props)
                .build();
    }
}
