package io.weft.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Verifies that the producer every acknowledgement depends on is always {@code acks=all} and idempotent:
 * overrides may tune batching but can never weaken durability.
 */
class DurableProducerTest {

    @Test
    void config_whenNoOverrides_thenDurableAndTuned() {
        Properties props = DurableProducer.config("broker:9092", "edge-1", Map.of());

        assertThat(props).containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092")
                .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "edge-1")
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")
                .containsEntry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5")
                .containsEntry(ProducerConfig.RETRIES_CONFIG, Integer.toString(Integer.MAX_VALUE))
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, "2")
                .containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, "65536")
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    }

    @Test
    void config_whenOverridesTryToWeakenDurability_thenDurableSettingsWin() {
        Map<String, String> weakening = Map.of(
                ProducerConfig.ACKS_CONFIG, "0",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "50",
                ProducerConfig.RETRIES_CONFIG, "0");

        Properties props = DurableProducer.config("broker:9092", "edge-1", weakening);

        assertThat(props).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")
                .containsEntry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5")
                .containsEntry(ProducerConfig.RETRIES_CONFIG, Integer.toString(Integer.MAX_VALUE));
    }

    @Test
    void config_whenAcksOverriddenToOne_thenStillAll() {
        assertThat(DurableProducer.config("b:1", "c", Map.of("acks", "1")))
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all");
    }

    @Test
    void config_whenOverridesTuneBatching_thenKept() {
        Properties props = DurableProducer.config("broker:9092", "edge-1", Map.of(
                ProducerConfig.LINGER_MS_CONFIG, "20",
                ProducerConfig.BATCH_SIZE_CONFIG, "262144",
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "300000"));

        assertThat(props).containsEntry(ProducerConfig.LINGER_MS_CONFIG, "20")
                .containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, "262144")
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd")
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "300000");
    }

    @Test
    void config_whenOverridesNameAnotherBrokerOrClientId_thenArgumentsWin() {
        Properties props = DurableProducer.config("broker:9092", "edge-1", Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "elsewhere:9092",
                ProducerConfig.CLIENT_ID_CONFIG, "impostor"));

        assertThat(props).containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092")
                .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "edge-1");
    }

    /** Kafka's own config parser accepts the result and reads it as acks=all (-1) with idempotence on. */
    @Test
    void config_whenParsedByKafka_thenValidIdempotentAcksAll() {
        Properties props = DurableProducer.config("broker:9092", "edge-1", Map.of(ProducerConfig.ACKS_CONFIG, "0",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false"));
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());

        ProducerConfig parsed = new ProducerConfig(props);

        assertThat(parsed.getString(ProducerConfig.ACKS_CONFIG)).isEqualTo("-1");
        assertThat(parsed.getBoolean(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)).isTrue();
        assertThat(parsed.getInt(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION)).isEqualTo(5);
    }
}
