package io.weft.core.registry;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A device's tags (Alibaba's device tags, {@code SaveDeviceProp}): all of them after a change, as string keys and
 * values, with the time of the change. Rule jobs read these entries as the device-attribute table
 * ({@code weft_device_attributes}), so {@code attribute('room')} and joins with {@code product_<pk>_attributes} see a
 * device's tags as they were at a reading's event time.
 *
 * <p>A kind of its own, keyed {@code device-tags/{pk}/{dn}}, not a field of {@link DeviceEntry}: tags are user
 * metadata that change far more often than credentials, so a tag change neither reaches the edges' credential
 * handling nor puts device secrets into rule jobs' state, and the attribute table gets exactly one row per change of
 * the tags. Removing all tags publishes an entry with no tags; deleting the device tombstones the key.
 */
public record DeviceTagsEntry(String productKey, String deviceName, Map<String, String> tags, long updatedAt)
        implements RegistryEntry {

    /** Tags are kept sorted by key, so equal tags always serialize the same way. */
    public DeviceTagsEntry {
        tags = tags == null ? Map.of() : Collections.unmodifiableSortedMap(new TreeMap<>(tags));
    }

    @Override
    public String key() {
        return RegistryEntry.deviceTagsKey(productKey, deviceName);
    }
}
