package io.weft.ingest.uplink;

import io.weft.core.envelope.Uplink;
import io.weft.core.envelope.UplinkJson;
import io.weft.core.kafka.DurableTopicWriter;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Writes uplinks to {@code weft.up}, keyed {@code pk/dn} so one device's messages stay in order. The returned
 * future completes only when Kafka has the record with {@code acks=all}; edges acknowledge devices then and only
 * then. Thread-safe.
 */
public final class UplinkPublisher implements UplinkSink, AutoCloseable {
    private final DurableTopicWriter writer;

    public UplinkPublisher(String bootstrapServers, String topic, String clientId) {
        this.writer = new DurableTopicWriter(bootstrapServers, topic, clientId, Map.of());
    }

    @Override
    public CompletableFuture<RecordMetadata> publish(Uplink uplink) {
        return writer.sendJson(uplink.device().key(), UplinkJson.write(uplink));
    }

    @Override
    public void close() {
        writer.close();
    }
}
