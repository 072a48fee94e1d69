package io.weft.flinkjobs.kafka;

import io.weft.core.json.Json;
import io.weft.core.registry.RegistryEntry;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the registry topic ({@code weft.registry}) into the changes of one kind of entry: a record whose key is of
 * that kind ({@link #claims}) becomes {@link #changed}, its tombstone {@link #deleted}; records of other keys are
 * skipped, and so is a malformed record (logged). A change is collected outside the parsing, so a failure of an
 * operator chained after the source fails the task instead of passing for a malformed record.
 */
public abstract class RegistryChanges<T> implements KafkaRecordDeserializationSchema<T> {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryChanges.class);
    private final Class<T> type;

    protected RegistryChanges(Class<T> type) {
        this.type = type;
    }

    /** Whether the key is of the kind read here. */
    protected abstract boolean claims(String key);

    /** The change a tombstone of a claimed key means, at the record's Kafka {@code timestamp}. */
    protected abstract T deleted(String key, long timestamp);

    /** The change an entry under a claimed key means; empty for an entry of another kind. */
    protected abstract Optional<T> changed(RegistryEntry entry);

    @Override
    public final void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<T> out) {
        if (record.key() == null) {
            return;
        }
        String key = new String(record.key(), StandardCharsets.UTF_8);
        if (!claims(key)) {
            return;
        }
        if (record.value() == null) {
            out.collect(deleted(key, record.timestamp()));
            return;
        }
        RegistryEntry entry;
        try {
            entry = Json.read(record.value(), RegistryEntry.class);
        } catch (RuntimeException e) {
            LOG.warn("skipping malformed registry record {}: {}", key, e.getMessage());
            return;
        }
        changed(entry).ifPresent(out::collect);
    }

    @Override
    public final TypeInformation<T> getProducedType() {
        return TypeInformation.of(type);
    }
}
