package io.weft.controlplane.telemetry;

import io.weft.controlplane.api.ApiException;
import io.weft.controlplane.device.DeviceService;
import io.weft.controlplane.product.ProductService;
import io.weft.core.store.PropertyValue;
import io.weft.core.store.TelemetryReader;
import io.weft.core.tsl.ThingModel;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A device's property values from the time-series store: the latest of each, and one property's history. */
@RestController
public class TelemetryController {
    private static final int MAX_LIMIT = 10_000;
    private final TelemetryReader store;
    private final ProductService products;
    private final DeviceService devices;

    public TelemetryController(TelemetryReader store, ProductService products, DeviceService devices) {
        this.store = store;
        this.products = products;
        this.devices = devices;
    }

    @GetMapping("/api/v1/devices/{productKey}/{deviceName}/properties")
    public List<PropertyValue> latest(@PathVariable String productKey, @PathVariable String deviceName) {
        devices.get(productKey, deviceName);
        return store.latest(products.get(productKey).thingModel(), productKey, deviceName);
    }

    /** Values with {@code from <= time < to} (epoch ms; default the last 24 hours), newest first. */
    @GetMapping("/api/v1/devices/{productKey}/{deviceName}/properties/{identifier}/history")
    public List<PropertyValue> history(@PathVariable String productKey, @PathVariable String deviceName,
                                       @PathVariable String identifier,
                                       @RequestParam(required = false) Long from,
                                       @RequestParam(required = false) Long to,
                                       @RequestParam(defaultValue = "1000") int limit) {
        devices.get(productKey, deviceName);
        ThingModel model = products.get(productKey).thingModel();
        if (model.property(identifier).isEmpty()) {
            throw ApiException.notFound("property " + identifier + " of product " + productKey);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("limit must be 1.." + MAX_LIMIT);
        }
        long end = to == null ? System.currentTimeMillis() + 1 : to;
        long start = from == null ? end - 24 * 3600 * 1000L : from;
        return store.history(model, productKey, deviceName, identifier, start, end, limit);
    }
}
