package io.weft.flinkjobs.rules.source;

import io.weft.core.auth.DeviceIdentity;
import io.weft.core.registry.DeviceTagsEntry;
import io.weft.core.registry.RegistryEntry;
import io.weft.flinkjobs.kafka.RegistryChanges;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the registry topic into device-tag changes: each {@code device-tags/{pk}/{dn}} entry as it is, and its
 * tombstone (the device was deleted) as the device without tags from the record's Kafka timestamp on. Every other
 * kind is skipped, and so is a malformed record (logged).
 */
public final class DeviceTagsReader extends RegistryChanges<DeviceTagsEntry> {

    public DeviceTagsReader() {
        super(DeviceTagsEntry.class);
    }

    @Override
    protected boolean claims(String key) {
        return RegistryEntry.deviceTagsOf(key).isPresent();
    }

    @Override
    protected DeviceTagsEntry deleted(String key, long timestamp) {
        DeviceIdentity device = RegistryEntry.deviceTagsOf(key).orElseThrow();
        return new DeviceTagsEntry(device.productKey(), device.deviceName(), Map.of(), timestamp);
    }

    @Override
    protected Optional<DeviceTagsEntry> changed(RegistryEntry entry) {
        return entry instanceof DeviceTagsEntry tags ? Optional.of(tags) : Optional.empty();
    }
}
