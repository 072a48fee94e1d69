package io.weft.core.rule;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Map;

/**
 * Where a rule's results go, one JSON object per destination with its {@code type}. A result is one JSON object whose
 * fields are the rule's output columns, plus {@code ruleId}, {@code productKey} and {@code deviceName} when the rule
 * reads them.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Destination.KafkaTopic.class, name = "kafka"),
        @JsonSubTypes.Type(value = Destination.DeviceTopic.class, name = "device"),
        @JsonSubTypes.Type(value = Destination.Webhook.class, name = "webhook"),
        @JsonSubTypes.Type(value = Destination.Store.class, name = "store"),
        @JsonSubTypes.Type(value = Destination.Alert.class, name = "alert")
})
public sealed interface Destination {

    /** Each result as a JSON record on a Kafka topic, written exactly once (read it with read_committed). */
    record KafkaTopic(String topic) implements Destination {
    }

    /**
     * Each result published to one device on {@code topic} (a downlink through the edge holding its session, like
     * Alibaba's "republish to another topic"). {@code topic} is a full device topic, such as
     * {@code /sys/{pk}/{dn}/thing/service/property/set} or {@code /{pk}/{dn}/user/get}.
     */
    record DeviceTopic(String productKey, String deviceName, String topic, int qos) implements Destination {
    }

    /**
     * Each result POSTed as JSON to {@code url}, with {@code headers}; a failed call (no answer, or not 2xx) is
     * retried with exponential backoff from {@code initialBackoffMs}, up to {@code maxAttempts} calls in all, then
     * written to the rule's error destination as a dead letter.
     */
    record Webhook(String url, Map<String, String> headers, int maxAttempts, long initialBackoffMs)
            implements Destination {
        public Webhook {
            headers = headers == null ? Map.of() : Map.copyOf(headers);
            maxAttempts = maxAttempts <= 0 ? 5 : maxAttempts;
            initialBackoffMs = initialBackoffMs <= 0 ? 200 : initialBackoffMs;
        }
    }

    /** Each result as a row of the time-series store's table {@code table}. */
    record Store(String table) implements Destination {
    }

    /** Each result raises the alert {@code name}, with {@code severity}, on {@code weft.alerts}. */
    record Alert(String name, Severity severity) implements Destination {
    }

    /** A webhook with the default retries (5 calls, from 200 ms). */
    static Webhook webhook(String url) {
        return new Webhook(url, Map.of(), 0, 0);
    }
}
