package io.weft.controlplane.device;

import io.weft.controlplane.api.ApiException;
import io.weft.controlplane.product.ProductService;
import io.weft.controlplane.registry.RegistryPublisher;
import io.weft.core.registry.DeviceEntry;
import io.weft.core.registry.RegistryEntry;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registers, enables, disables and deletes devices; each change is recorded for the registry in its own transaction
 * (edges learn the credential, and end the live session of a disabled or deleted device).
 */
@Service
public class DeviceService {
    /** Alibaba's DeviceName rule: 4-32 letters, digits and - _ @ . : */
    public static final String NAME_PATTERN = "[A-Za-z0-9_\\-@.:]{4,32}";
    private final SecureRandom random = new SecureRandom();
    private final DeviceRepository devices;
    private final ProductService products;
    private final RegistryPublisher registry;
    private final DeviceTagRepository tags;

    public DeviceService(DeviceRepository devices, ProductService products, RegistryPublisher registry,
                         DeviceTagRepository tags) {
        this.devices = devices;
        this.products = products;
        this.registry = registry;
        this.tags = tags;
    }

    @Transactional
    public Device register(String productKey, String requestedName) {
        products.get(productKey);
        String deviceName = requestedName == null ? randomHex(8) : requestedName;
        if (!deviceName.matches(NAME_PATTERN)) {
            throw ApiException.badRequest("deviceName must be 4-32 letters, digits or - _ @ . :");
        }
        String secret = randomHex(16);
        if (!devices.insert(productKey, deviceName, secret)) {
            throw ApiException.conflict("device " + productKey + "/" + deviceName + " already exists");
        }
        registry.publish(new DeviceEntry(productKey, deviceName, secret, true, System.currentTimeMillis()));
        return get(productKey, deviceName);
    }

    /** Enables or disables the device; edges refuse a disabled device and end its live session. */
    @Transactional
    public Device setEnabled(String productKey, String deviceName, boolean enabled) {
        if (!devices.setEnabled(productKey, deviceName, enabled)) {
            throw notFound(productKey, deviceName);
        }
        Device d = get(productKey, deviceName);
        registry.publish(new DeviceEntry(productKey, deviceName, d.deviceSecret(), enabled,
                System.currentTimeMillis()));
        return d;
    }

    /**
     * Deletes the device (its tags with it) and tombstones its registry entries; edges forget it and end its live
     * session, rule jobs see it without tags from then on.
     */
    @Transactional
    public void delete(String productKey, String deviceName) {
        boolean tagged = !tags.find(productKey, deviceName).isEmpty();
        if (!devices.delete(productKey, deviceName)) {
            throw notFound(productKey, deviceName);
        }
        registry.delete(RegistryEntry.deviceKey(productKey, deviceName));
        if (tagged) {
            registry.delete(RegistryEntry.deviceTagsKey(productKey, deviceName));
        }
    }

    public Device get(String productKey, String deviceName) {
        return devices.find(productKey, deviceName).orElseThrow(() -> notFound(productKey, deviceName));
    }

    private static ApiException notFound(String productKey, String deviceName) {
        return ApiException.notFound("device " + productKey + "/" + deviceName);
    }

    private String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
