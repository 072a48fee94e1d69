package io.weft.flinkjobs.rules.sink;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The one Kafka sink of a rule job: every result, alert signal and downlink, to the topic each names.
 *
 * <p>Exactly once: records are written in Kafka transactions committed when a checkpoint completes, so a reader
 * with {@code isolation.level=read_committed} sees each result once, even across a failure and a restart from the
 * last checkpoint; records appear about one checkpoint interval after the rule produced them. What breaks it: a
 * checkpoint that takes longer than {@code transaction.timeout.ms} (10 minutes here; it must stay below the broker's
 * {@code transaction.max.timeout.ms}, 15 minutes by default) has its transaction aborted under it; a reader with
 * read_uncommitted (Weft's edges read {@code weft.down} that way, for latency) also sees records of aborted
 * transactions, so for it delivery is at least once.
 */
public final class OutboundSink {
    private OutboundSink() {
    }

    /** @param transactionalIdPrefix unique per rule group: two jobs sharing one fence each other's transactions */
    public static KafkaSink<Outbound> exactlyOnce(String bootstrapServers, String transactionalIdPrefix) {
        Properties props = new Properties();
        props.setProperty("linger.ms", "5");
        props.setProperty("transaction.timeout.ms", "600000");
        return KafkaSink.<Outbound>builder()
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer((KafkaRecordSerializationSchema<Outbound>) (record, context, timestamp) ->
                        new ProducerRecord<>(record.topic(),
                                record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8),
                                record.value()))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .setKafkaProducerConfig(props)
                .build();
    }
}
