package io.weft.ingest.ntp;

import io.weft.core.json.Json;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Alibaba's NTP service payloads. A device publishes {@code {"deviceSendTime":"1571724098000"}} (a string or a
 * number, epoch milliseconds) on {@code /ext/ntp/{pk}/{dn}/request}; the answer on {@code .../response} echoes it
 * and adds {@code serverRecvTime} and {@code serverSendTime}. All three are written as decimal strings, the form
 * Alibaba's documentation shows; its C Link SDK reads the digits of each value, quoted or not.
 */
public final class NtpExchange {
    /** The longest request payload that is parsed; longer ones are malformed. */
    public static final int MAX_REQUEST_BYTES = 1024;

    private NtpExchange() {
    }

    /** The request's {@code deviceSendTime}, or empty if the payload is not a well-formed request. */
    public static Optional<Long> deviceSendTime(byte[] payload) {
        if (payload == null || payload.length == 0 || payload.length > MAX_REQUEST_BYTES) {
            return Optional.empty();
        }
        JsonNode request;
        try {
            request = Json.MAPPER.readTree(payload);
        } catch (JacksonException e) {
            return Optional.empty();
        }
        JsonNode time = request == null ? null : request.get("deviceSendTime");
        if (time == null) {
            return Optional.empty();
        }
        if (time.isIntegralNumber() && time.canConvertToLong()) {
            return nonNegative(time.asLong());
        }
        if (time.isString()) {
            String digits = time.asString();
            if (digits.isEmpty() || digits.length() > 19 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.empty();
            }
            try {
                return nonNegative(Long.parseLong(digits));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Optional<Long> nonNegative(long value) {
        return value < 0 ? Optional.empty() : Optional.of(value);
    }

    /** The response payload. */
    public static byte[] response(long deviceSendTime, long serverRecvTime, long serverSendTime) {
        ObjectNode response = Json.object();
        response.put("deviceSendTime", Long.toString(deviceSendTime));
        response.put("serverRecvTime", Long.toString(serverRecvTime));
        response.put("serverSendTime", Long.toString(serverSendTime));
        return Json.write(response);
    }
}
