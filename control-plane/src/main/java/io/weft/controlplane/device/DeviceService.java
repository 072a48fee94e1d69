package io.weft.controlplane.device;

import io.weft.controlplane.api.ApiException;
import io.weft.controlplane.product.ProductService;
import io.weft.controlplane.registry.RegistryPublisher;
import io.weft.core.registry.DeviceEntry;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Registers devices; the registration is published to the registry (edges learn the credential) before commit. */
@Service
public class DeviceService {
    /** Alibaba's DeviceName rule: 4-32 letters, digits and - _ @ . : */
    static final String NAME_PATTERN = "[A-Za-z0-9_\\-@.:]{4,32}";
    private final SecureRandom random = new SecureRandom();
    private final DeviceRepository devices;
    private final ProductService products;
    private final RegistryPublisher registry;

    public DeviceService(DeviceRepository devices, ProductService products, RegistryPublisher registry) {
        this.devices = devices;
        this.products = products;
        this.registry = registry;
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

    public Device get(String productKey, String deviceName) {
        return devices.find(productKey, deviceName)
                .orElseThrow(() -> ApiException.notFound("device " + productKey + "/" + deviceName));
    }

    private String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
