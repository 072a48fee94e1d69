package io.weft.ingest.mqtt.open;

import io.weft.core.envelope.Downlink;
import io.weft.core.kafka.DurableTopicWriter;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Writes a sandbox client's PUBLISH to {@code weft.open}, keyed by its topic so one topic's messages stay in order.
 * The record is a {@link Downlink} for every sandbox session ({@link Downlink#broadcast} form, product
 * {@value OpenMode#NAMESPACE}); every edge delivers it to its sandbox sessions whose subscriptions match. The future
 * completes when Kafka has it ({@code acks=all}): only then is the publisher acknowledged.
 */
public final class SandboxPublisher implements SandboxSink, AutoCloseable {
    private final DurableTopicWriter writer;

    public SandboxPublisher(String bootstrapServers, String topic, String clientId) {
        this.writer = new DurableTopicWriter(bootstrapServers, topic, clientId + "-open", Map.of());
    }

    @Override
    public CompletableFuture<?> publish(long messageId, String topic, byte[] payload, int qos) {
        return writer.send(topic, Downlink.broadcast(messageId, OpenMode.NAMESPACE, topic, payload, qos));
    }

    @Override
    public void close() {
        writer.close();
    }
}
