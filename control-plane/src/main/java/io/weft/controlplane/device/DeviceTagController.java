package io.weft.controlplane.device;

import io.weft.controlplane.api.ApiException;
import io.weft.controlplane.registry.RegistryPublisher;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * A device's tags (Alibaba's QueryDeviceProp, SaveDeviceProp, DeleteDeviceProp) as one JSON object of string keys
 * and values. A change is in {@code weft.registry} before the answer in normal operation, so rule jobs see it (as
 * {@code attribute('key')} and in {@code product_<pk>_attributes}) for readings from then on.
 */
@RestController
public class DeviceTagController {
    private final DeviceTagService tags;
    private final RegistryPublisher registry;

    public DeviceTagController(DeviceTagService tags, RegistryPublisher registry) {
        this.tags = tags;
        this.registry = registry;
    }

    /** All of the device's tags, {@code {}} when it has none. */
    @GetMapping("/api/v1/devices/{productKey}/{deviceName}/tags")
    public Map<String, String> get(@PathVariable String productKey, @PathVariable String deviceName) {
        return tags.get(productKey, deviceName);
    }

    /** Replaces all of the device's tags with the object sent ({@code {}} removes them all). */
    @PutMapping("/api/v1/devices/{productKey}/{deviceName}/tags")
    public Map<String, String> replace(@PathVariable String productKey, @PathVariable String deviceName,
                                       @RequestBody(required = false) JsonNode body) {
        Map<String, String> result = tags.replace(productKey, deviceName, read(body, false));
        registry.awaitPublished();
        return result;
    }

    /** Adds or changes the tags sent, removes those sent as null, keeps the others; answers all of them. */
    @PatchMapping("/api/v1/devices/{productKey}/{deviceName}/tags")
    public Map<String, String> merge(@PathVariable String productKey, @PathVariable String deviceName,
                                     @RequestBody(required = false) JsonNode body) {
        Map<String, String> result = tags.merge(productKey, deviceName, read(body, true));
        registry.awaitPublished();
        return result;
    }

    /** Removes all of the device's tags. */
    @DeleteMapping("/api/v1/devices/{productKey}/{deviceName}/tags")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void removeAll(@PathVariable String productKey, @PathVariable String deviceName) {
        tags.remove(productKey, deviceName, null);
        registry.awaitPublished();
    }

    /** Removes one tag; 204 whether or not the device had it. */
    @DeleteMapping("/api/v1/devices/{productKey}/{deviceName}/tags/{key}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void remove(@PathVariable String productKey, @PathVariable String deviceName, @PathVariable String key) {
        tags.remove(productKey, deviceName, Set.of(key));
        registry.awaitPublished();
    }

    /** The body as tags: a JSON object whose values are strings (or null, when {@code nullRemoves}). */
    private static Map<String, String> read(JsonNode body, boolean nullRemoves) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("send the tags as a JSON object of strings, e.g. {\"room\":\"kitchen\"}");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            JsonNode value = field.getValue();
            if (value.isString()) {
                tags.put(field.getKey(), value.asString());
            } else if (value.isNull() && nullRemoves) {
                tags.put(field.getKey(), null);
            } else {
                throw ApiException.badRequest("tag '" + field.getKey() + "' must be a string"
                        + (nullRemoves ? " (or null, to remove it)" : "") + ", not " + value);
            }
        }
        return tags;
    }
}
