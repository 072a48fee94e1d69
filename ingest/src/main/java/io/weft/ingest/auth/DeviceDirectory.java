package io.weft.ingest.auth;

import io.weft.core.registry.DeviceEntry;

/** Where an edge looks up a device's credential: the registry it follows, or an in-memory table in tests. */
@FunctionalInterface
public interface DeviceDirectory {

    /** The device's entry, or null if there is no such device. */
    DeviceEntry device(String productKey, String deviceName);
}
