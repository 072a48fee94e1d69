package io.weft.core.registration;

import io.weft.core.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The control plane's decision on a {@link RegistrationRequest} with the same {@code requestId}. When
 * {@code outcome} is {@link Outcome#ACCEPTED}, {@code deviceSecret} is set for {@link RegistrationMode#REGISTER}, and
 * {@code clientId} and {@code deviceToken} for {@link RegistrationMode#REGNWL}; otherwise they are null.
 * Answering the same request twice gives the same answer (a replayed request never hands out a second secret).
 */
public record RegistrationAnswer(long requestId, RegistrationMode mode, String productKey, String deviceName,
                                 Outcome outcome, String deviceSecret, String clientId, String deviceToken)
        implements RegistrationMessage {

    /** What the control plane decided; the edge turns each refusal into a CONNACK code (docs/errors.md). */
    public enum Outcome {
        ACCEPTED,
        /** The product is unknown, or does not allow this kind of dynamic registration. */
        NOT_ENABLED,
        /** {@code register}: no such device in the product. */
        UNKNOWN_DEVICE,
        /** {@code register}: the device has already registered or connected; {@code regnwl}: it already exists. */
        ALREADY_REGISTERED,
        /** {@code regnwl}: the device name is not 4-32 letters, digits or - _ @ . : */
        INVALID_DEVICE_NAME
    }

    public static RegistrationAnswer refused(RegistrationRequest request, Outcome outcome) {
        return new RegistrationAnswer(request.requestId(), request.mode(), request.productKey(),
                request.deviceName(), outcome, null, null, null);
    }

    public static RegistrationAnswer secret(RegistrationRequest request, String deviceSecret) {
        return new RegistrationAnswer(request.requestId(), request.mode(), request.productKey(),
                request.deviceName(), Outcome.ACCEPTED, deviceSecret, null, null);
    }

    public static RegistrationAnswer token(RegistrationRequest request, String clientId, String deviceToken) {
        return new RegistrationAnswer(request.requestId(), request.mode(), request.productKey(),
                request.deviceName(), Outcome.ACCEPTED, null, clientId, deviceToken);
    }

    public boolean accepted() {
        return outcome == Outcome.ACCEPTED;
    }

    /**
     * What the device receives on {@link RegistrationMode#answerTopic()}, as Alibaba sends it:
     * {@code {"productKey","deviceName","deviceSecret"}} on {@code /ext/register},
     * {@code {"clientId","productKey","deviceName","deviceToken"}} on {@code /ext/regnwl}.
     */
    public byte[] devicePayload() {
        Map<String, String> body = new LinkedHashMap<>();
        if (mode == RegistrationMode.REGNWL) {
            body.put("clientId", clientId);
        }
        body.put("productKey", productKey);
        body.put("deviceName", deviceName);
        if (mode == RegistrationMode.REGNWL) {
            body.put("deviceToken", deviceToken);
        } else {
            body.put("deviceSecret", deviceSecret);
        }
        return Json.write(body);
    }
}
