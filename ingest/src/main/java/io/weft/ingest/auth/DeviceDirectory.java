package io.weft.ingest.auth;

import io.weft.core.registry.DeviceEntry;
import io.weft.core.topic.TopicClass;
import java.util.List;

/**
 * Where an edge looks up a device's credential and its product's custom topic classes: the registry it follows
 * ({@link RegistryDirectory}), or an in-memory table in tests.
 */
@FunctionalInterface
public interface DeviceDirectory {

    /** The device's entry, or null if there is no such device. */
    DeviceEntry device(String productKey, String deviceName);

    /**
     * The product's custom topic classes; Alibaba's {@link TopicClass#DEFAULTS} when the directory has none for
     * it. This default implementation knows none.
     */
    default List<TopicClass> topicClasses(String productKey) {
        return TopicClass.DEFAULTS;
    }
}
