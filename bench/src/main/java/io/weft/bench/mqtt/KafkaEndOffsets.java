package io.weft.bench.mqtt;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * The sum of a topic's end offsets over its partitions: sampled at the start and the end of the measured window,
 * the difference is the number of records that reached Kafka in between. Every acknowledged MQTT message is one
 * record on {@code weft.up}; records from other producers on the topic count too.
 */
public final class KafkaEndOffsets implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 10;

    private final Admin admin;
    private final String topic;
    private Map<TopicPartition, OffsetSpec> partitions;

    public KafkaEndOffsets(String bootstrapServers, String topic) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "weft-bench-offsets");
        this.admin = Admin.create(props);
        this.topic = topic;
    }

    /** The sum of the latest offsets of every partition of the topic. */
    public long sum() throws ExecutionException, InterruptedException, TimeoutException {
        if (partitions == null) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic);
            Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
            description.partitions().forEach(p -> specs.put(new TopicPartition(topic, p.partition()),
                    OffsetSpec.latest()));
            partitions = specs;
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets = admin.listOffsets(partitions).all()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return offsets.values().stream().mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
    }

    /** The sum, timed at the midpoint of the request that fetched it. */
    public Sample sample() throws ExecutionException, InterruptedException, TimeoutException {
        long before = System.nanoTime();
        long sum = sum();
        return new Sample(before + (System.nanoTime() - before) / 2, sum);
    }

    /** An end-offset sum and when (nanoTime) it held. */
    public record Sample(long nanos, long sum) {
        /** Records per second from {@code earlier} to this sample. */
        public double ratePerSecondSince(Sample earlier) {
            return (sum - earlier.sum) * 1e9 / (nanos - earlier.nanos);
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
