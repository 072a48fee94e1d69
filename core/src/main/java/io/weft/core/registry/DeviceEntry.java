package io.weft.core.registry;

import io.weft.core.auth.DeviceIdentity;

/**
 * A device's credential as edges need it to check signatures. A disabled device is refused at CONNECT.
 */
public record DeviceEntry(String productKey, String deviceName, String deviceSecret, boolean enabled, long updatedAt)
        implements RegistryEntry {

    @Override
    public String key() {
        return RegistryEntry.deviceKey(productKey, deviceName);
    }

    public DeviceIdentity identity() {
        return new DeviceIdentity(productKey, deviceName);
    }
}
