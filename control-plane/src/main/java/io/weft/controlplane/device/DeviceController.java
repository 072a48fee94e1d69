package io.weft.controlplane.device;

import io.weft.controlplane.api.ApiException;
import io.weft.controlplane.registry.RegistryPublisher;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Device registration, lookup (with presence), enabling/disabling and deletion. A change is in
 * {@code weft.registry} before the answer in normal operation, so edges act on it at once.
 */
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

    /** The device, with whether it is online now and when it last came online and went offline. */
    @GetMapping("/api/v1/devices/{productKey}/{deviceName}")
    public DeviceView get(@PathVariable String productKey, @PathVariable String deviceName) {
        return DeviceView.of(devices.get(productKey, deviceName));
    }

    /**
     * {@code {"enabled":false}} disables the device: edges end its live session and refuse it (CONNACK 0x05) until
     * it is enabled again with {@code {"enabled":true}}.
     */
    @PatchMapping("/api/v1/devices/{productKey}/{deviceName}")
    public DeviceView change(@PathVariable String productKey, @PathVariable String deviceName,
                             @RequestBody(required = false) ChangeDevice request) {
        if (request == null || request.enabled() == null) {
            throw ApiException.badRequest("send {\"enabled\": true or false}");
        }
        Device d = devices.setEnabled(productKey, deviceName, request.enabled());
        registry.awaitPublished();
        return DeviceView.of(d);
    }

    /** Deletes the device: edges end its live session and forget its credential. */
    @DeleteMapping("/api/v1/devices/{productKey}/{deviceName}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void delete(@PathVariable String productKey, @PathVariable String deviceName) {
        devices.delete(productKey, deviceName);
        registry.awaitPublished();
    }

    public record RegisterDevice(String deviceName) {
    }

    public record ChangeDevice(Boolean enabled) {
    }

    public record Registered(String productKey, String deviceName, String deviceSecret, boolean enabled,
                             Instant createdAt) {
    }

    public record DeviceView(String productKey, String deviceName, boolean enabled, Instant createdAt, boolean online,
                             Instant lastOnlineAt, Instant lastOfflineAt) {
        static DeviceView of(Device d) {
            return new DeviceView(d.productKey(), d.deviceName(), d.enabled(), d.createdAt(), d.online(),
                    d.lastOnlineAt(), d.lastOfflineAt());
        }
    }
}
