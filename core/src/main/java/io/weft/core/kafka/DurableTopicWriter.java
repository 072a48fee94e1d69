package io.weft.core.kafka;

import io.weft.core.json.Json;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Writes Weft's records, in their one JSON form, to one topic with the {@link DurableProducer}: the returned
 * future completes only when Kafka has the record with {@code acks=all}, and fails (never throws) otherwise.
 * Thread-safe; records sent from one thread with one key keep their order.
 */
public final class DurableTopicWriter implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;

    public DurableTopicWriter(String bootstrapServers, String topic, String clientId, Map<String, String> overrides) {
        this.producer = DurableProducer.create(bootstrapServers, clientId, overrides);
        this.topic = topic;
    }

    public CompletableFuture<RecordMetadata> send(String key, Object value) {
        return send(new ProducerRecord<>(topic, key, Json.write(value)));
    }

    /** The same for a value already in its JSON form (such as {@code UplinkJson}'s). */
    public CompletableFuture<RecordMetadata> sendJson(String key, byte[] json) {
        return send(new ProducerRecord<>(topic, key, json));
    }

    /** A tombstone (null value) for the key: on a compacted topic, compaction then removes every record of the key. */
    public CompletableFuture<RecordMetadata> sendTombstone(String key) {
        return send(new ProducerRecord<>(topic, key, null));
    }

    private CompletableFuture<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
        CompletableFuture<RecordMetadata> done = new CompletableFuture<>();
        try {
            producer.send(record, (metadata, error) -> {
                if (error != null) {
                    done.completeExceptionally(error);
                } else {
                    done.complete(metadata);
                }
            });
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    /** Waits for what is in flight (at most {@code timeout}), then closes. */
    public void close(Duration timeout) {
        producer.close(timeout);
    }

    @Override
    public void close() {
        producer.close();
    }
}
