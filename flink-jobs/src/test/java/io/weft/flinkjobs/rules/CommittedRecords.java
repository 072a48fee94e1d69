package io.weft.flinkjobs.rules;

import static org.awaitility.Awaitility.await;

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
 * Everything a read_committed reader has seen of one topic from its beginning, as text: how Weft's readers of a
 * rule job's exactly-once output see it. Poll it from the test thread.
 */
final class CommittedRecords implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<Record> seen = new ArrayList<>();

    record Record(String key, String value) {
    }

    CommittedRecords(String bootstrapServers, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
        consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        // A topic created a moment ago may not be in the broker's metadata yet: wait for its partitions.
        List<TopicPartition> partitions = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList(), p -> !p.isEmpty());
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    List<Record> all() {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
            seen.add(new Record(r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8),
                    r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8)));
        }
        return List.copyOf(seen);
    }

    List<String> values() {
        return all().stream().map(Record::value).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
