package io.weft.core.kafka;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The producer every acknowledgement depends on: {@code acks=all} and idempotence, always. Overrides may tune
 * batching but can never weaken durability: {@link #config} puts the durable settings last.
 */
public final class DurableProducer {
    private DurableProducer() {
    }

    public static Properties config(String bootstrapServers, String clientId, Map<String, String> overrides) {
        Properties props = new Properties();
        props.put(ProducerConfig.LINGER_MS_CONFIG, "2");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "65536");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.putAll(overrides);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        props.put(ProducerConfig.RETRIES_CONFIG, Integer.toString(Integer.MAX_VALUE));
        return props;
    }

    public static KafkaProducer<String, byte[]> create(String bootstrapServers, String clientId,
                                                        Map<String, String> overrides) {
        return new KafkaProducer<>(config(bootstrapServers, clientId, overrides), new StringSerializer(),
                new ByteArraySerializer());
    }
}
