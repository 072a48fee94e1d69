package io.weft.flinkjobs.rules.dryrun;

import io.weft.core.envelope.Telemetry;
import io.weft.flinkjobs.kafka.JsonRecords;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Turns a {@link TelemetryRange} into the exact offsets a dry run reads: times to offsets by the records' Kafka
 * timestamps, each partition clamped to what it holds now (its first offset, and its end as a read_committed reader
 * sees it), and the whole cut to a number of messages, partition by partition in order.
 */
final class TelemetryOffsets {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final String bootstrapServers;
    private final String topic;

    /** The offsets to read, [from, to) per partition with something to read, and whether the range was cut. */
    record Resolved(Map<Integer, TelemetryRange.Range> partitions, boolean truncated) {

        Map<Integer, TelemetryRange.Range> read() {
            return partitions;
        }

        /** A bounded, read_committed source of exactly these offsets. */
        KafkaSource<Telemetry> source(String bootstrapServers, String topic) {
            Map<TopicPartition, Long> start = new HashMap<>();
            Map<TopicPartition, Long> stop = new HashMap<>();
            partitions.forEach((p, r) -> {
                start.put(new TopicPartition(topic, p), r.from());
                stop.put(new TopicPartition(topic, p), r.to());
            });
            return KafkaSource.<Telemetry>builder()
                    .setBootstrapServers(bootstrapServers)
                    .setPartitions(new HashSet<>(start.keySet()))
                    .setGroupId("weft-dry-run-" + UUID.randomUUID())
                    .setStartingOffsets(OffsetsInitializer.offsets(start))
                    .setBounded(OffsetsInitializer.offsets(stop))
                    .setDeserializer(JsonRecords.reader(Telemetry.class))
                    .setProperty("isolation.level", "read_committed")
                    .setProperty("commit.offsets.on.checkpoint", "false")
                    .build();
        }
    }

    TelemetryOffsets(String bootstrapServers, String topic) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
    }

    Resolved resolve(TelemetryRange range, int maxMessages) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> all = consumer.partitionsFor(topic, TIMEOUT).stream()
                    .map(PartitionInfo::partition).sorted().map(p -> new TopicPartition(topic, p)).toList();
            Map<TopicPartition, Long> first = consumer.beginningOffsets(all, TIMEOUT);
            Map<TopicPartition, Long> end = consumer.endOffsets(all, TIMEOUT);
            Map<Integer, TelemetryRange.Range> wanted = wanted(consumer, range, all, end);
            Map<Integer, TelemetryRange.Range> read = new TreeMap<>();
            long left = maxMessages;
            boolean truncated = false;
            for (Map.Entry<Integer, TelemetryRange.Range> e : new TreeMap<>(wanted).entrySet()) {
                TopicPartition tp = new TopicPartition(topic, e.getKey());
                if (!end.containsKey(tp)) {
                    throw new IllegalArgumentException("partition " + e.getKey() + " of " + topic
                            + " does not exist; it has " + all.size() + " partitions");
                }
                long from = Math.max(e.getValue().from(), first.get(tp));
                long to = Math.min(e.getValue().to(), end.get(tp));
                if (to - from > left) {
                    to = from + left;
                    truncated = true;
                }
                if (to > from) {
                    read.put(e.getKey(), new TelemetryRange.Range(from, to));
                    left -= to - from;
                }
            }
            return new Resolved(read, truncated);
        }
    }

    private static Map<Integer, TelemetryRange.Range> wanted(KafkaConsumer<byte[], byte[]> consumer,
                                                             TelemetryRange range, List<TopicPartition> all,
                                                             Map<TopicPartition, Long> end) {
        if (range instanceof TelemetryRange.Offsets offsets) {
            return offsets.partitions();
        }
        TelemetryRange.Times times = (TelemetryRange.Times) range;
        Map<TopicPartition, Long> fromQuery = new HashMap<>();
        Map<TopicPartition, Long> toQuery = new HashMap<>();
        all.forEach(tp -> {
            fromQuery.put(tp, times.from());
            toQuery.put(tp, times.to());
        });
        Map<TopicPartition, OffsetAndTimestamp> from = consumer.offsetsForTimes(fromQuery, TIMEOUT);
        Map<TopicPartition, OffsetAndTimestamp> to = consumer.offsetsForTimes(toQuery, TIMEOUT);
        Map<Integer, TelemetryRange.Range> wanted = new HashMap<>();
        for (TopicPartition tp : all) {
            long f = from.get(tp) == null ? end.get(tp) : from.get(tp).offset();
            long t = to.get(tp) == null ? end.get(tp) : to.get(tp).offset();
            wanted.put(tp.partition(), new TelemetryRange.Range(f, Math.max(f, t)));
        }
        return wanted;
    }
}
