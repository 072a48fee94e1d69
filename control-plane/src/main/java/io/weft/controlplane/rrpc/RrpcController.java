package io.weft.controlplane.rrpc;

import io.weft.controlplane.api.ApiException;
import io.weft.controlplane.device.Device;
import io.weft.controlplane.device.DeviceService;
import io.weft.controlplane.topicclass.TopicClassService;
import io.weft.core.auth.DeviceIdentity;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Alibaba's RRPC: send a device a request and answer with its response within 1..8 s, on Alibaba's system RRPC
 * topics or on a custom topic ({@code /ext/rrpc/...}). Errors are problems carrying Alibaba's {@code rrpcCode}
 * (docs/errors.md).
 */
@RestController
public class RrpcController {
    static final int MIN_TIMEOUT_MS = 1000;
    static final int MAX_TIMEOUT_MS = 8000;
    /** The largest request payload, decoded: Alibaba's MQTT message limit. */
    static final int MAX_PAYLOAD_BYTES = 256 * 1024;

    private final DeviceService devices;
    private final RrpcService rrpc;
    private final TopicClassService topicClasses;

    public RrpcController(DeviceService devices, RrpcService rrpc, TopicClassService topicClasses) {
        this.devices = devices;
        this.rrpc = rrpc;
        this.topicClasses = topicClasses;
    }

    /**
     * Answers once the device has (or the deadline passed), without holding a servlet thread meanwhile. A device
     * whose stored presence is offline is answered OFFLINE at once, without sending anything.
     */
    @PostMapping("/api/v1/devices/{productKey}/{deviceName}/rrpc")
    public CompletableFuture<RrpcAnswer> call(@PathVariable String productKey, @PathVariable String deviceName,
                                              @RequestBody RrpcRequest request) {
        int timeoutMs = timeout(request.timeoutMs());
        byte[] payload = decode(request.payload());
        Device device = devices.get(productKey, deviceName);
        if (request.topic() != null && !topicClasses.deviceMaySubscribe(productKey, deviceName, request.topic())) {
            throw ApiException.badRequest("topic must be a custom topic /" + productKey + "/" + deviceName
                    + "/user/... that a SUB or ALL topic class of the product matches");
        }
        DeviceIdentity identity = new DeviceIdentity(productKey, deviceName);
        if (!device.online()) {
            throw RrpcService.offline(null, identity);
        }
        return rrpc.call(identity, request.topic(), payload, timeoutMs)
                .thenApply(result -> new RrpcAnswer(result.messageId(),
                        Base64.getEncoder().encodeToString(result.payload()), RrpcCode.SUCCESS));
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

    /**
     * The request: the payload for the device, base64; how long to wait for its answer, 1000..8000 ms; optionally a
     * custom topic of the device ({@code /{pk}/{dn}/user/...}) to send it on as {@code /ext/rrpc/{messageId}{topic}}.
     */
    public record RrpcRequest(String payload, Integer timeoutMs, String topic) {
    }

    /** The device's answer, base64, with the request's message id and Alibaba's code. */
    public record RrpcAnswer(String messageId, String payload, RrpcCode rrpcCode) {
    }
}
