package io.weft.controlplane.rrpc;

import io.weft.controlplane.api.ApiException;
import io.weft.controlplane.device.DeviceService;
import io.weft.core.auth.DeviceIdentity;
import java.util.Base64;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Alibaba's RRPC: send a device a request and answer with its response, synchronously, within 1..8 s. Errors are
 * problems carrying Alibaba's {@code rrpcCode} (docs/errors.md).
 */
@RestController
public class RrpcController {
    static final int MIN_TIMEOUT_MS = 1000;
    static final int MAX_TIMEOUT_MS = 8000;
    /** The largest request payload, decoded: Alibaba's MQTT message limit. */
    static final int MAX_PAYLOAD_BYTES = 256 * 1024;

    private final DeviceService devices;
    private final RrpcService rrpc;

    public RrpcController(DeviceService devices, RrpcService rrpc) {
        this.devices = devices;
        this.rrpc = rrpc;
    }

    @PostMapping("/api/v1/devices/{productKey}/{deviceName}/rrpc")
    public RrpcAnswer call(@PathVariable String productKey, @PathVariable String deviceName,
                           @RequestBody RrpcRequest request) {
        int timeoutMs = timeout(request.timeoutMs());
        byte[] payload = decode(request.payload());
        devices.get(productKey, deviceName);
        RrpcService.RrpcResult result = rrpc.call(new DeviceIdentity(productKey, deviceName), payload, timeoutMs);
        return new RrpcAnswer(result.messageId(), Base64.getEncoder().encodeToString(result.payload()),
                RrpcCode.SUCCESS);
    }

    private static int timeout(Integer timeoutMs) {
        if (timeoutMs == null || timeoutMs < MIN_TIMEOUT_MS || timeoutMs > MAX_TIMEOUT_MS) {
            throw ApiException.badRequest("timeoutMs must be " + MIN_TIMEOUT_MS + ".." + MAX_TIMEOUT_MS);
        }
        return timeoutMs;
    }

    private static byte[] decode(String payload) {
        if (payload == null) {
            throw ApiException.badRequest("payload (base64) is required");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(payload);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("payload is not base64: " + e.getMessage());
        }
        if (bytes.length > MAX_PAYLOAD_BYTES) {
            throw ApiException.badRequest("payload is over " + MAX_PAYLOAD_BYTES + " bytes");
        }
        return bytes;
    }

    /** The request: the payload for the device, base64; how long to wait for its answer, 1000..8000 ms. */
    public record RrpcRequest(String payload, Integer timeoutMs) {
    }

    /** The device's answer, base64, with the request's message id and Alibaba's code. */
    public record RrpcAnswer(String messageId, String payload, RrpcCode rrpcCode) {
    }
}
