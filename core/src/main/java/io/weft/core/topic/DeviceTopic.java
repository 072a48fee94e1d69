package io.weft.core.topic;

import java.util.Optional;

/**
 * A parsed Alibaba device topic: its category, the device it belongs to and the variable part
 * ({@code {id}} or {@code {rest}}). {@code deviceName} is null for product-wide topics (broadcast).
 */
public record DeviceTopic(TopicKind kind, String productKey, String deviceName, String id) {

    /** Parses a concrete topic (no wildcards). Empty if it matches no Alibaba category. */
    public static Optional<DeviceTopic> parse(String topic) {
        return TopicGrammar.parse(topic);
    }

    public static DeviceTopic of(TopicKind kind, String productKey, String deviceName) {
        return new DeviceTopic(kind, productKey, deviceName, null);
    }

    public static DeviceTopic of(TopicKind kind, String productKey, String deviceName, String id) {
        return new DeviceTopic(kind, productKey, deviceName, id);
    }

    /** The topic string. */
    public String format() {
        return TopicGrammar.format(this);
    }

    /** The Alink method of a request on this topic, or null. */
    public String method() {
        return kind.method(id);
    }

    /** The reply topic for a request on this topic. */
    public Optional<DeviceTopic> reply() {
        TopicKind replyKind = kind.replyKind();
        return replyKind == null ? Optional.empty() : Optional.of(new DeviceTopic(replyKind, productKey, deviceName, id));
    }

    /** True when the topic belongs to this device, or is a broadcast topic of its product. */
    public boolean belongsTo(String productKey, String deviceName) {
        return this.productKey.equals(productKey) && (this.deviceName == null || this.deviceName.equals(deviceName));
    }
}
