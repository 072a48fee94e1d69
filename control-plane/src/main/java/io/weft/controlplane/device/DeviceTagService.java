package io.weft.controlplane.device;

import io.weft.controlplane.api.ApiException;
import io.weft.controlplane.registry.RegistryPublisher;
import io.weft.core.registry.DeviceTagsEntry;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sets, merges and removes a device's tags. Each change that alters the tags is recorded for the registry in its own
 * transaction as a {@link DeviceTagsEntry} carrying all of them (none left: an entry with no tags), which rule jobs
 * read as the device-attribute table; a change that leaves the tags as they were publishes nothing.
 */
@Service
public class DeviceTagService {
    private final DeviceTagRepository tags;
    private final RegistryPublisher registry;

    public DeviceTagService(DeviceTagRepository tags, RegistryPublisher registry) {
        this.tags = tags;
        this.registry = registry;
    }

    /** The device's tags, sorted by key (QueryDeviceProp). */
    public Map<String, String> get(String productKey, String deviceName) {
        if (!tags.deviceExists(productKey, deviceName)) {
            throw notFound(productKey, deviceName);
        }
        return tags.find(productKey, deviceName);
    }

    /** Replaces all tags (Weft's PUT; Alibaba has no such call). */
    @Transactional
    public Map<String, String> replace(String productKey, String deviceName, Map<String, String> wanted) {
        DeviceTags.checkToSet(wanted);
        lock(productKey, deviceName);
        return change(productKey, deviceName, tags.find(productKey, deviceName), new TreeMap<>(wanted));
    }

    /** Adds or changes the tags given and removes those given as null, keeping the others (SaveDeviceProp). */
    @Transactional
    public Map<String, String> merge(String productKey, String deviceName, Map<String, String> changes) {
        Map<String, String> set = new TreeMap<>();
        changes.forEach((key, value) -> {
            if (value != null) {
                set.put(key, value);
            }
        });
        DeviceTags.checkToSet(set);
        lock(productKey, deviceName);
        Map<String, String> before = tags.find(productKey, deviceName);
        Map<String, String> after = new TreeMap<>(before);
        changes.forEach((key, value) -> {
            if (value == null) {
                after.remove(key);
            } else {
                after.put(key, value);
            }
        });
        DeviceTags.checkCount(productKey, deviceName, after.size());
        return change(productKey, deviceName, before, after);
    }

    /** Removes the tags named; all of them when {@code keys} is null (DeleteDeviceProp). */
    @Transactional
    public Map<String, String> remove(String productKey, String deviceName, Set<String> keys) {
        lock(productKey, deviceName);
        Map<String, String> before = tags.find(productKey, deviceName);
        Map<String, String> after = new TreeMap<>(before);
        if (keys == null) {
            after.clear();
        } else {
            after.keySet().removeAll(keys);
        }
        return change(productKey, deviceName, before, after);
    }

    private Map<String, String> change(String productKey, String deviceName, Map<String, String> before,
                                       Map<String, String> after) {
        if (!after.equals(before)) {
            tags.replace(productKey, deviceName, after);
            registry.publish(new DeviceTagsEntry(productKey, deviceName, after, System.currentTimeMillis()));
        }
        return after;
    }

    private void lock(String productKey, String deviceName) {
        if (!tags.lockDevice(productKey, deviceName)) {
            throw notFound(productKey, deviceName);
        }
    }

    private static ApiException notFound(String productKey, String deviceName) {
        return ApiException.notFound("device " + productKey + "/" + deviceName);
    }
}
