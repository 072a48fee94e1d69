package io.weft.core.registry;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.weft.core.auth.DeviceIdentity;
import java.util.Optional;

/**
 * A record on the compacted {@code weft.registry} topic: the one way configuration reaches edges and jobs.
 * Its key is {@link #key()}; a null value (tombstone) deletes it.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ProductEntry.class, name = "product"),
        @JsonSubTypes.Type(value = DeviceEntry.class, name = "device"),
        @JsonSubTypes.Type(value = TopicClassesEntry.class, name = "topic-classes"),
        @JsonSubTypes.Type(value = DeviceTagsEntry.class, name = "device-tags")
})
public sealed interface RegistryEntry permits ProductEntry, DeviceEntry, TopicClassesEntry, DeviceTagsEntry {

    String key();

    static String productKey(String productKey) {
        return "product/" + productKey;
    }

    static String topicClassesKey(String productKey) {
        return "topic-classes/" + productKey;
    }

    static String deviceKey(String productKey, String deviceName) {
        return "device/" + productKey + "/" + deviceName;
    }

    /** {@code device-tags/{pk}/{dn}}: not under {@code device/}, so {@link #deviceOf} never takes it for a device. */
    static String deviceTagsKey(String productKey, String deviceName) {
        return "device-tags/" + productKey + "/" + deviceName;
    }

    /** The device a {@code device/{pk}/{dn}} key names; empty for any other key. */
    static Optional<DeviceIdentity> deviceOf(String key) {
        return identityAfter("device/", key);
    }

    /** The device a {@code device-tags/{pk}/{dn}} key names; empty for any other key. */
    static Optional<DeviceIdentity> deviceTagsOf(String key) {
        return identityAfter("device-tags/", key);
    }

    private static Optional<DeviceIdentity> identityAfter(String prefix, String key) {
        if (key == null || !key.startsWith(prefix)) {
            return Optional.empty();
        }
        int slash = key.indexOf('/', prefix.length());
        if (slash < 0 || slash == prefix.length() || slash == key.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new DeviceIdentity(key.substring(prefix.length(), slash), key.substring(slash + 1)));
    }
}
