package io.weft.controlplane.rrpc;

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
 * Writes downlinks to {@code weft.down}, keyed {@code pk/dn}, where every edge reads them and the one holding the
 * device's session delivers them. The future completes once Kafka has the record ({@code acks=all}).
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

    CompletableFuture<Void> send(Downlink downlink) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, downlink.device().key(), Json.write(downlink)), (m, error) -> {
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
