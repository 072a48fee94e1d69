package io.weft.controlplane.device;

import io.weft.controlplane.registry.RegistryPublisher;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Device registration and lookup. */
@RestController
public class DeviceController {
    private final DeviceService devices;
    private final RegistryPublisher registry;

    public DeviceController(DeviceService devices, RegistryPublisher registry) {
        this.devices = devices;
        this.registry = registry;
    }

    /** Registers a device; the answer carries its secret, the only time it is shown. */
    @PostMapping("/api/v1/products/{productKey}/devices")
    @ResponseStatus(HttpStatus.CREATED)
    public Registered register(@PathVariable String productKey, @RequestBody(required = false) RegisterDevice request) {
        Device d = devices.register(productKey, request == null ? null : request.deviceName());
        registry.awaitPublished();
        return new Registered(d.productKey(), d.deviceName(), d.deviceSecret(), d.enabled(), d.createdAt());
    }

    @GetMapping("/api/v1/devices/{productKey}/{deviceName}")
    public DeviceView get(@PathVariable String productKey, @PathVariable String deviceName) {
        Device d = devices.get(productKey, deviceName);
        return new DeviceView(d.productKey(), d.deviceName(), d.enabled(), d.createdAt());
    }

    public record RegisterDevice(String deviceName) {
    }

    public record Registered(String productKey, String deviceName, String deviceSecret, boolean enabled,
                             Instant createdAt) {
    }

    public record DeviceView(String productKey, String deviceName, boolean enabled, Instant createdAt) {
    }
}
