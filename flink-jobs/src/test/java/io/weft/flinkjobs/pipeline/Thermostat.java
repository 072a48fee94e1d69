package io.weft.flinkjobs.pipeline;

import io.weft.core.envelope.Uplink;
import io.weft.core.tsl.ThingModel;
import io.weft.core.tsl.ThingModelJson;
import java.nio.charset.StandardCharsets;

/**
 * A small thing model in Alibaba's TSL JSON, and Alink uplinks for it, for the pipeline's tests: a float with a
 * range and a step, an int, a bool, a text, and an {@code Overheat} event whose {@code Temp} allows more than the
 * property does (so a test can tell which spec a value was checked against).
 */
final class Thermostat {
    static final long DEVICE_TIME = 1_700_000_000_000L;

    private Thermostat() {
    }

    static String tsl(String productKey) {
        return """
                {
                  "schema": "https://iotx-tsl.oss-ap-southeast-1.aliyuncs.com/schema.json",
                  "profile": {"version": "1.0", "productKey": "%s"},
                  "properties": [
                    {"identifier": "Temp", "name": "Temperature", "accessMode": "r",
                     "dataType": {"type": "float", "specs": {"min": "-40", "max": "120", "step": "0.1", "unit": "°C"}}},
                    {"identifier": "Counter", "name": "Counter", "accessMode": "r",
                     "dataType": {"type": "int", "specs": {"min": "0", "max": "1000", "step": "1"}}},
                    {"identifier": "PowerSwitch", "name": "Power switch", "accessMode": "rw",
                     "dataType": {"type": "bool", "specs": {"0": "off", "1": "on"}}},
                    {"identifier": "Label", "name": "Label", "accessMode": "rw",
                     "dataType": {"type": "text", "specs": {"length": "16"}}}
                  ],
                  "events": [
                    {"identifier": "Overheat", "name": "Overheat alarm", "type": "alert",
                     "method": "thing.event.Overheat.post",
                     "outputData": [
                       {"identifier": "Temp", "name": "Temperature",
                        "dataType": {"type": "float", "specs": {"min": "-40", "max": "200", "step": "0.1"}}},
                       {"identifier": "Severity", "name": "Severity",
                        "dataType": {"type": "enum", "specs": {"1": "warning", "2": "critical"}}}
                     ]}
                  ],
                  "services": []
                }
                """.formatted(productKey);
    }

    static ThingModel model(String productKey) {
        return ThingModelJson.parse(tsl(productKey));
    }

    static String propertyPostTopic(String productKey, String deviceName) {
        return "/sys/" + productKey + "/" + deviceName + "/thing/event/property/post";
    }

    static String propertyPostReplyTopic(String productKey, String deviceName) {
        return propertyPostTopic(productKey, deviceName) + "_reply";
    }

    static String eventPostTopic(String productKey, String deviceName, String eventId) {
        return "/sys/" + productKey + "/" + deviceName + "/thing/event/" + eventId + "/post";
    }

    /** An Alink property post with the given params object. */
    static String propertyPost(String id, String params) {
        return "{\"id\":\"" + id + "\",\"version\":\"1.0\",\"params\":" + params
                + ",\"method\":\"thing.event.property.post\"}";
    }

    static Uplink uplink(long messageId, String productKey, String deviceName, String topic, String payload,
                         long receivedAt) {
        return new Uplink(messageId, productKey, deviceName, topic, payload.getBytes(StandardCharsets.UTF_8), 1,
                "mqtt", "test-edge", receivedAt);
    }

    static Uplink propertyPostUplink(long messageId, String productKey, String deviceName, String payload,
                                     long receivedAt) {
        return uplink(messageId, productKey, deviceName, propertyPostTopic(productKey, deviceName), payload,
                receivedAt);
    }
}
