package io.weft.bench.rules;

import io.weft.core.envelope.Telemetry;
import io.weft.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes {@link Telemetry} to {@code weft.telemetry} in its one JSON form, keyed {@code pk/dn} as the device
 * pipeline keys it, with {@code acks=all} and idempotence. Not transactional: the bench stands in for the device
 * pipeline, whose own transactions would add its checkpoint interval before a rule job sees a record.
 */
final class TelemetryWriter implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private long bytes;
    private long records;

    TelemetryWriter(String bootstrap, String topic, int lingerMs) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(lingerMs));
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    void send(Telemetry telemetry, Callback done) {
        byte[] value = Json.write(telemetry);
        bytes += value.length;
        records++;
        producer.send(new ProducerRecord<>(topic,
                (telemetry.productKey() + "/" + telemetry.deviceName()).getBytes(StandardCharsets.UTF_8), value), done);
    }

    void flush() {
        producer.flush();
    }

    /** The average value size written so far, in bytes. */
    double averageBytes() {
        return records == 0 ? 0 : (double) bytes / records;
    }

    @Override
    public void close() {
        producer.close();
    }
}
