package io.weft.flinkjobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.core.envelope.Telemetry;
import io.weft.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Reading Weft's JSON records off Kafka: a malformed record is skipped, a failure downstream is not. */
class JsonRecordsTest {
    private static final Telemetry TELEMETRY = new Telemetry(1L, "pk", "dn", Telemetry.PROPERTY, null, List.of(), 5L);

    @Test
    void reader_malformedRecord_isSkipped() throws Exception {
        List<Telemetry> out = new ArrayList<>();

        JsonRecords.reader(Telemetry.class).deserialize(record("{not json".getBytes(StandardCharsets.UTF_8)),
                collector(out::add));

        assertThat(out).isEmpty();
    }

    /**
     * Operators chained after a Kafka source run inside collect(): their failure must fail the task, so Flink
     * restarts it from a checkpoint, and must never be mistaken for a malformed record and dropped.
     */
    @Test
    void reader_whenTheNextOperatorFails_thenTheFailurePropagates() {
        KafkaRecordDeserializationSchema<Telemetry> reader = JsonRecords.reader(Telemetry.class);

        assertThatThrownBy(() -> reader.deserialize(record(Json.write(TELEMETRY)), collector(t -> {
            throw new IllegalStateException("downstream failed");
        }))).hasMessage("downstream failed");
    }

    private static ConsumerRecord<byte[], byte[]> record(byte[] value) {
        return new ConsumerRecord<>("weft.telemetry", 0, 7L, "pk/dn".getBytes(StandardCharsets.UTF_8), value);
    }

    private static <T> Collector<T> collector(java.util.function.Consumer<T> sink) {
        return new Collector<>() {
            @Override
            public void collect(T record) {
                sink.accept(record);
            }

            @Override
            public void close() {
            }
        };
    }
}
