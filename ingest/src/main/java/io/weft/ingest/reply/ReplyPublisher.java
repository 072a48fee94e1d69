package io.weft.ingest.reply;

import io.weft.core.envelope.Reply;
import io.weft.core.kafka.DurableTopicWriter;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Writes replies to {@code weft.replies}, keyed {@code pk/dn}, with the durable producer: the returned future
 * completes only when Kafka has the record with {@code acks=all}. Thread-safe.
 */
public final class ReplyPublisher implements ReplySink, AutoCloseable {
    private final DurableTopicWriter writer;

    public ReplyPublisher(String bootstrapServers, String topic, String clientId) {
        this.writer = new DurableTopicWriter(bootstrapServers, topic, clientId, Map.of("linger.ms", "0"));
    }

    @Override
    public CompletableFuture<RecordMetadata> publish(Reply reply) {
        return writer.send(reply.device().key(), reply);
    }

    @Override
    public void close() {
        writer.close();
    }
}
