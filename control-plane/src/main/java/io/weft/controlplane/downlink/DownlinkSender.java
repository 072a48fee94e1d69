package io.weft.controlplane.downlink;

import io.weft.controlplane.config.WeftProperties;
import io.weft.core.envelope.Downlink;
import io.weft.core.kafka.DurableTopicWriter;
import io.weft.core.kafka.WeftTopics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Writes downlinks to {@code weft.down}, keyed {@link Downlink#key()} ({@code pk/dn}, or {@code pk/} for a
 * broadcast), where every edge reads them: the one holding the device's session delivers a device downlink, and
 * every edge delivers a broadcast to its sessions of the product. The future completes once Kafka has the record
 * ({@code acks=all}).
 */
@Component
public class DownlinkSender implements DisposableBean {
    private final DurableTopicWriter writer;

    public DownlinkSender(WeftProperties properties) {
        this.writer = new DurableTopicWriter(properties.kafkaBootstrapServers(),
                new WeftTopics(properties.topicPrefix()).down(), "weft-control-plane-downlinks",
                Map.of("linger.ms", "0", "max.block.ms", "5000"));
    }

    public CompletableFuture<Void> send(Downlink downlink) {
        return writer.send(downlink.key(), downlink).thenApply(metadata -> null);
    }

    @Override
    public void destroy() {
        writer.close(Duration.ofSeconds(5));
    }
}
