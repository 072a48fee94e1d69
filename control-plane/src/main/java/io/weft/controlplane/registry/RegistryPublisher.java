package io.weft.controlplane.registry;

import io.weft.controlplane.config.WeftProperties;
import io.weft.core.json.Json;
import io.weft.core.kafka.DurableProducer;
import io.weft.core.kafka.WeftTopics;
import io.weft.core.registry.RegistryEntry;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Publishes every configuration change to the compacted registry topic, synchronously: a change returns to the
 * caller only once Kafka has it, so edges and jobs see it within milliseconds. A failure is thrown, so the
 * database transaction around it rolls back.
 */
@Component
public class RegistryPublisher implements DisposableBean {
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;

    public RegistryPublisher(WeftProperties properties) {
        this.producer = DurableProducer.create(properties.kafkaBootstrapServers(), "weft-control-plane",
                Map.of("linger.ms", "0", "max.block.ms", "10000"));
        this.topic = new WeftTopics(properties.topicPrefix()).registry();
    }

    public void publish(RegistryEntry entry) {
        send(entry.key(), Json.write(entry));
    }

    public void delete(String key) {
        send(key, null);
    }

    private void send(String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new RegistryUnavailableException("could not publish " + key + " to " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException("interrupted publishing " + key, e);
        }
    }

    @Override
    public void destroy() {
        producer.close();
    }
}
