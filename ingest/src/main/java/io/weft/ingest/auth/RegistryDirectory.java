package io.weft.ingest.auth;

import io.weft.core.registry.DeviceEntry;
import io.weft.core.registry.RegistryFollower;
import io.weft.core.registry.TopicClassesEntry;
import io.weft.core.topic.TopicClass;
import java.util.List;

/** The directory as the registry topic has it, as of the latest record the follower applied. */
public final class RegistryDirectory implements DeviceDirectory {
    private final RegistryFollower registry;

    public RegistryDirectory(RegistryFollower registry) {
        this.registry = registry;
    }

    @Override
    public DeviceEntry device(String productKey, String deviceName) {
        return registry.device(productKey, deviceName);
    }

    @Override
    public List<TopicClass> topicClasses(String productKey) {
        TopicClassesEntry entry = registry.topicClasses(productKey);
        return entry == null ? TopicClass.DEFAULTS : entry.classes();
    }
}
