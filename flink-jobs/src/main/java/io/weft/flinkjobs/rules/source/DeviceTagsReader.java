package io.weft.flinkjobs.rules.source;

import io.weft.core.auth.DeviceIdentity;
import io.weft.core.json.Json;
import io.weft.core.registry.DeviceTagsEntry;
import io.weft.core.registry.RegistryEntry;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the registry topic into device-tag changes: each {@code device-tags/{pk}/{dn}} entry as it is, and its
 * tombstone (the device was deleted) as the device without tags from the record's Kafka timestamp on. Every other
 * kind is skipped, and so is a malformed record (logged).
 */
public final class DeviceTagsReader implements KafkaRecordDeserializationSchema<DeviceTagsEntry> {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceTagsReader.class);

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<DeviceTagsEntry> out) {
        if (record.key() == null) {
            return;
        }
        String key = new String(record.key(), StandardCharsets.UTF_8);
        Optional<DeviceIdentity> device = RegistryEntry.deviceTagsOf(key);
        if (device.isEmpty()) {
            return;
        }
        if (record.value() == null) {
            out.collect(new DeviceTagsEntry(device.get().productKey(), device.get().deviceName(), Map.of(),
                    record.timestamp()));
            return;
        }
        RegistryEntry entry;
        try {
            entry = Json.read(record.value(), RegistryEntry.class);
        } catch (RuntimeException e) {
            LOG.warn("skipping malformed registry record {}: {}", key, e.getMessage());
            return;
        }
        if (entry instanceof DeviceTagsEntry tags) {
            out.collect(tags);
        }
    }

    @Override
    public TypeInformation<DeviceTagsEntry> getProducedType() {
        return TypeInformation.of(DeviceTagsEntry.class);
    }
}
