package io.weft.ingest.reply;

import io.weft.core.envelope.Reply;
import io.weft.core.json.Json;
import io.weft.core.kafka.DurableProducer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Writes replies to {@code weft.replies}, keyed {@code pk/dn}, with the durable producer: the returned future
 * completes only when Kafka has the record with {@code acks=all}. Thread-safe.
 */
public final class ReplyPublisher implements ReplySink, AutoCloseable {
    private final Producer<String, byte[]> producer;
    private final String topic;

    public ReplyPublisher(String bootstrapServers, String topic, String clientId) {
        this.producer = DurableProducer.create(bootstrapServers, clientId, Map.of("linger.ms", "0"));
        this.topic = topic;
    }

    @Override
    public CompletableFuture<RecordMetadata> publish(Reply reply) {
        CompletableFuture<RecordMetadata> done = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, reply.device().key(), Json.write(reply)), (metadata, error) -> {
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
