package io.weft.controlplane;

import io.weft.core.json.Json;
import io.weft.core.kafka.WeftTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;

/**
 * Reads the compacted registry topic as any consumer would: from the beginning to the end offset at the time of
 * the call. The control plane publishes synchronously before it answers, so whatever a 2xx answer announced is
 * already below that end offset: no waiting needed.
 */
public final class RegistryTopic {
    private RegistryTopic() {
    }

    /** Every value published under {@code key}, oldest first (JSON; null for a tombstone). */
    public static List<JsonNode> values(String bootstrapServers, String key) {
        List<JsonNode> values = new ArrayList<>();
        for (ConsumerRecord<String, String> record : readAll(bootstrapServers)) {
            if (key.equals(record.key())) {
                values.add(record.value() == null ? null : Json.tree(record.value()));
            }
        }
        return values;
    }

    /** Every record of the topic, oldest first. */
    public static List<ConsumerRecord<String, String>> readAll(String bootstrapServers) {
        return readAll(bootstrapServers, WeftTopics.DEFAULT.registry());
    }

    /** Every record of another one-partition topic (such as {@code weft.events} in these tests), oldest first. */
    public static List<ConsumerRecord<String, String>> readAll(String bootstrapServers, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "weft-it-registry-reader");
        TopicPartition partition = new TopicPartition(topic, 0);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            Map<TopicPartition, Long> end = consumer.endOffsets(List.of(partition), Duration.ofSeconds(10));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (consumer.position(partition, Duration.ofSeconds(10)) < end.get(partition)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(topic + " not read to offset " + end.get(partition));
                }
                consumer.poll(Duration.ofMillis(200)).records(partition).forEach(records::add);
            }
        }
        return records;
    }
}
