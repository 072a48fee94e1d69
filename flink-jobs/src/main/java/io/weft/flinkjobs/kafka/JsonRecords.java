package io.weft.flinkjobs.kafka;

import io.weft.core.json.Json;
import io.weft.core.registry.ProductEntry;
import io.weft.core.registry.RegistryEntry;
import io.weft.flinkjobs.pipeline.ProductChange;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Kafka (de)serialization of Weft's records in their one JSON form, for Flink's Kafka source and sink. */
public final class JsonRecords {
    private JsonRecords() {
    }

    /** Reads a JSON record; a malformed record is logged and skipped rather than failing the job. */
    public static <T> KafkaRecordDeserializationSchema<T> reader(Class<T> type) {
        return new Reader<>(type);
    }

    /** Reads the registry topic into product changes (deletions as a null thing model); other kinds are skipped. */
    public static KafkaRecordDeserializationSchema<ProductChange> productChanges() {
        return new ProductChanges();
    }

    /** Writes records as JSON to one topic, keyed by {@code key}. */
    public static <T> KafkaRecordSerializationSchema<T> writer(String topic, SerializableKey<T> key) {
        return (element, context, timestamp) -> new ProducerRecord<>(topic,
                key.apply(element).getBytes(StandardCharsets.UTF_8), Json.write(element));
    }

    /** A serializable key extractor. */
    public interface SerializableKey<T> extends Function<T, String>, java.io.Serializable {
    }

    private static final class Reader<T> implements KafkaRecordDeserializationSchema<T> {
        private static final Logger LOG = LoggerFactory.getLogger(Reader.class);
        private final Class<T> type;

        Reader(Class<T> type) {
            this.type = type;
        }

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<T> out) {
            if (record.value() == null) {
                return;
            }
            T value;
            try {
                value = Json.read(record.value(), type);
            } catch (RuntimeException e) {
                LOG.warn("skipping malformed {} at {}-{}@{}: {}", type.getSimpleName(), record.topic(),
                        record.partition(), record.offset(), e.getMessage());
                return;
            }
            // Outside the try: operators chained after the source run inside collect, and their failure must fail
            // the task (and restart it from a checkpoint), not be taken for a malformed record and dropped.
            out.collect(value);
        }

        @Override
        public TypeInformation<T> getProducedType() {
            return TypeInformation.of(type);
        }
    }

    private static final class ProductChanges extends RegistryChanges<ProductChange> {
        private static final String PREFIX = "product/";

        ProductChanges() {
            super(ProductChange.class);
        }

        @Override
        protected boolean claims(String key) {
            return key.startsWith(PREFIX);
        }

        @Override
        protected ProductChange deleted(String key, long timestamp) {
            return new ProductChange(key.substring(PREFIX.length()), null);
        }

        @Override
        protected Optional<ProductChange> changed(RegistryEntry entry) {
            return entry instanceof ProductEntry p ? Optional.of(new ProductChange(p.productKey(), p.thingModel()))
                    : Optional.empty();
        }
    }
}
