package io.weft.core.rule;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Map;
import tools.jackson.databind.JsonNode;

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
        @JsonSubTypes.Type(value = Destination.Alert.class, name = "alert"),
        @JsonSubTypes.Type(value = Destination.SetProperty.class, name = "setProperty"),
        @JsonSubTypes.Type(value = Destination.InvokeService.class, name = "invokeService")
})
public sealed interface Destination permits Destination.KafkaTopic, Destination.DeviceTopic,
        Destination.Webhook, Destination.Store, Destination.Alert, DeviceAction {

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

    /**
     * Each result sets properties of one device: an Alink {@code thing.service.property.set} request on
     * {@code /sys/{pk}/{dn}/thing/service/property/set}, as Alibaba sends it. {@code params} is a JSON object of
     * property identifiers to values; a value {@code "${column}"} takes the result's column (see {@link DeviceAction}).
     */
    record SetProperty(String productKey, String deviceName, JsonNode params) implements DeviceAction {
        public SetProperty {
            params = DeviceAction.copyOf(params);
        }

        @Override
        public String topic() {
            return "/sys/" + productKey + "/" + deviceName + "/thing/service/property/set";
        }

        @Override
        public String method() {
            return "thing.service.property.set";
        }
    }

    /**
     * Each result calls the service {@code service} of one device: an Alink {@code thing.service.{service}} request on
     * {@code /sys/{pk}/{dn}/thing/service/{service}}, as Alibaba sends it; {@code params} are the service's input
     * parameters, constants or {@code "${column}"} (see {@link DeviceAction}).
     */
    record InvokeService(String productKey, String deviceName, String service, JsonNode params)
            implements DeviceAction {
        public InvokeService {
            params = DeviceAction.copyOf(params);
        }

        @Override
        public String topic() {
            return "/sys/" + productKey + "/" + deviceName + "/thing/service/" + service;
        }

        @Override
        public String method() {
            return "thing.service." + service;
        }
    }

    /** A webhook with the default retries (5 calls, from 200 ms). */
    static Webhook webhook(String url) {
        return new Webhook(url, Map.of(), 0, 0);
    }
}
