package io.weft.e2e;

import io.weft.standalone.WeftStandalone;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Kafka consumers on a standalone Weft's topics, opened as a reader outside Weft would open them: a consumer group of
 * its own, from the earliest offset, read_committed (only what Weft's transactions committed, each record once).
 */
final class CommittedConsumers {
    private CommittedConsumers() {
    }

    /** A consumer subscribed to {@code topic}, its values read by {@code values}; close it when done. */
    static <V> KafkaConsumer<String, V> subscribe(WeftStandalone weft, String topic, Deserializer<V> values) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, weft.config().kafkaBootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, new StringDeserializer(), values);
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /** The same, with the values as text. */
    static KafkaConsumer<String, String> subscribe(WeftStandalone weft, String topic) {
        return subscribe(weft, topic, new StringDeserializer());
    }
}
