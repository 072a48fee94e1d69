package io.weft.flinkjobs.alerts;

import io.weft.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads one exactly-once topic from its beginning with read_committed, as Weft's readers must, into memory for
 * assertions: {@link #records} takes what has arrived since the last call; {@link #drained} first reads up to what is
 * committed now on every partition, so an absence it shows is real. Not thread-safe; poll it from the test thread.
 */
final class KeyedTail<T> implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Class<T> type;
    private final List<TopicPartition> partitions = new ArrayList<>();
    private final List<Map.Entry<String, T>> seen = new ArrayList<>();

    KeyedTail(String bootstrapServers, String topic, Class<T> type) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.type = type;
        consumer.partitionsFor(topic, Duration.ofSeconds(30))
                .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Everything seen so far under {@code key}, in topic order. */
    List<T> records(String key) {
        poll();
        return of(key);
    }

    /** Everything committed under {@code key} by now: reads every partition up to its last stable offset first. */
    List<T> drained(String key) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            poll();
        }
        return of(key);
    }

    private void poll() {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
            String k = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
            if (record.value() != null) {
                seen.add(Map.entry(k, Json.read(record.value(), type)));
            }
        }
    }

    private List<T> of(String key) {
        return seen.stream().filter(r -> key.equals(r.getKey())).map(Map.Entry::getValue).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
