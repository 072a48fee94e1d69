package io.weft.flinkjobs.pipeline;

import io.weft.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads one topic from its beginning into memory, for assertions: every call to {@link #records(String)} first
 * takes what has arrived since. Not thread-safe; poll it from the test thread (Awaitility's default).
 */
final class TopicTail<T> implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Class<T> type;
    private final List<Keyed<T>> seen = new ArrayList<>();

    private record Keyed<T>(String key, T value) {
    }

    private TopicTail(String bootstrapServers, String topic, Class<T> type, boolean readCommitted) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.type = type;
        List<TopicPartition> partitions = new ArrayList<>();
        consumer.partitionsFor(topic, Duration.ofSeconds(30))
                .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** A tail that sees only committed transactions, as Weft's readers of exactly-once topics must. */
    static <T> TopicTail<T> committed(String bootstrapServers, String topic, Class<T> type) {
        return new TopicTail<>(bootstrapServers, topic, type, true);
    }

    static <T> TopicTail<T> uncommitted(String bootstrapServers, String topic, Class<T> type) {
        return new TopicTail<>(bootstrapServers, topic, type, false);
    }

    /** Everything seen so far under {@code key}, in topic order. */
    List<T> records(String key) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
            String k = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
            seen.add(new Keyed<>(k, record.value() == null ? null : Json.read(record.value(), type)));
        }
        return seen.stream().filter(r -> key.equals(r.key())).map(Keyed::value).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
