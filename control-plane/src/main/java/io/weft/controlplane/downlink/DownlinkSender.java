package io.weft.controlplane.downlink;

import io.weft.controlplane.config.WeftProperties;
import io.weft.core.envelope.Downlink;
import io.weft.core.json.Json;
import io.weft.core.kafka.DurableProducer;
import io.weft.core.kafka.WeftTopics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
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
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;

    public DownlinkSender(WeftProperties properties) {
        this.producer = DurableProducer.create(properties.kafkaBootstrapServers(), "weft-control-plane-downlinks",
                Map.of("linger.ms", "0", "max.block.ms", "5000"));
        this.topic = new WeftTopics(properties.topicPrefix()).down();
    }

    public CompletableFuture<Void> send(Downlink downlink) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, downlink.key(), Json.write(downlink)), (m, error) -> {
                if (error == null) {
                    sent.complete(null);
                } else {
                    sent.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            sent.completeExceptionally(e);
        }
        return sent;
    }

    @Override
    public void destroy() {
        producer.close(Duration.ofSeconds(5));
    }
}
