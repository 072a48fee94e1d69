package io.weft.controlplane.presence;

import io.weft.controlplane.config.WeftProperties;
import io.weft.core.envelope.Presence;
import io.weft.core.kafka.DurableTopicWriter;
import io.weft.core.kafka.WeftTopics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Writes presence events of the control plane's own to {@code weft.events}, keyed {@code pk/dn} as edges write
 * theirs: the OFFLINE of a session whose edge lost its lease ({@link EdgeLeases}), so that every reader of
 * {@code weft.events} (the alert job's offline detector, rules on the device-status topic) learns of it as it would
 * from the edge. The future completes once Kafka has the record ({@code acks=all}).
 */
@Component
public class PresenceWriter implements DisposableBean {
    private final DurableTopicWriter writer;

    public PresenceWriter(WeftProperties properties) {
        this.writer = new DurableTopicWriter(properties.kafkaBootstrapServers(),
                new WeftTopics(properties.topicPrefix()).events(), "weft-control-plane-presence",
                Map.of("linger.ms", "0", "max.block.ms", "5000"));
    }

    public CompletableFuture<Void> write(Presence event) {
        return writer.send(event.device().key(), event).thenApply(metadata -> null);
    }

    @Override
    public void destroy() {
        writer.close(Duration.ofSeconds(5));
    }
}
