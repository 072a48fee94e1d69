package io.weft.controlplane.broadcast;

import io.weft.controlplane.api.ApiException;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A broadcast as the REST API takes it: {@code topic} is the custom suffix after {@code /broadcast/{pk}/}, the
 * payload is base64, {@code qos} 0 (default) or 1. {@link #validated()} checks every field and answers 400 with
 * what is wrong.
 */
public record BroadcastRequest(String topic, String payload, Integer qos) {
    /** The longest suffix: levels of letters, digits, {@code _ - .}, separated by single slashes. */
    static final int MAX_SUFFIX_LENGTH = 128;
    static final int MAX_LEVELS = 8;
    /** The largest payload, decoded: Alibaba's limit for a broadcast message. */
    static final int MAX_PAYLOAD_BYTES = 64 * 1024;
    private static final Pattern LEVEL = Pattern.compile("[A-Za-z0-9_.\\-]+");

    /** The suffix, decoded payload and QoS, or an {@link ApiException} (400). */
    Valid validated() {
        return new Valid(suffix(topic), decode(payload), qos(qos));
    }

    private static String suffix(String topic) {
        if (topic == null || topic.isEmpty()) {
            throw ApiException.badRequest("topic (the suffix after /broadcast/{productKey}/) is required");
        }
        if (topic.length() > MAX_SUFFIX_LENGTH) {
            throw ApiException.badRequest("topic is over " + MAX_SUFFIX_LENGTH + " characters");
        }
        String[] levels = topic.split("/", -1);
        if (levels.length > MAX_LEVELS) {
            throw ApiException.badRequest("topic has more than " + MAX_LEVELS + " levels");
        }
        for (String level : levels) {
            if (level.isEmpty()) {
                throw ApiException.badRequest("topic has an empty level (leading, trailing or double slash)");
            }
            if (!LEVEL.matcher(level).matches()) {
                throw ApiException.badRequest("topic level '" + level
                        + "' may hold only letters, digits, '_', '-' and '.' (no wildcards)");
            }
        }
        return topic;
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

    private static int qos(Integer qos) {
        if (qos == null) {
            return 0;
        }
        if (qos != 0 && qos != 1) {
            throw ApiException.badRequest("qos must be 0 or 1");
        }
        return qos;
    }

    record Valid(String suffix, byte[] payload, int qos) {
    }
}
