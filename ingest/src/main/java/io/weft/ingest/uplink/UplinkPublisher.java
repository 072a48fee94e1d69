package io.weft.ingest.uplink;

import io.weft.core.envelope.Uplink;
import io.weft.core.json.Json;
import io.weft.core.kafka.DurableProducer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Writes uplinks to {@code weft.up}, keyed {@code pk/dn} so one device's messages stay in order. The returned
 * future completes only when Kafka has the record with {@code acks=all}; edges acknowledge devices then and only
 * then. Thread-safe.
 */
public final class UplinkPublisher implements UplinkSink, AutoCloseable {
    private final Producer<String, byte[]> producer;
    private final String topic;

    public UplinkPublisher(String bootstrapServers, String topic, String clientId) {
        this(DurableProducer.create(bootstrapServers, clientId, Map.of()), topic);
    }

    UplinkPublisher(KafkaProducer<String, byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    @Override
    public CompletableFuture<RecordMetadata> publish(Uplink uplink) {
        CompletableFuture<RecordMetadata> done = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, uplink.device().key(), Json.write(uplink)), (metadata, error) -> {
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

    @Override
    public void close() {
        producer.close();
    }
}
