package io.weft.core.store;

import io.weft.core.tsl.ThingModel;
import java.util.List;

/** Reads what {@link TelemetryWriter} stored. */
public interface TelemetryReader {

    /** The latest value of each property of the device that has ever been reported. */
    List<PropertyValue> latest(ThingModel model, String productKey, String deviceName);

    /** One property's values with {@code from <= time < to} (epoch ms), newest first, at most {@code limit}. */
    List<PropertyValue> history(ThingModel model, String productKey, String deviceName, String property, long from,
                                long to, int limit);

    /** Creates the product's table and adds a typed column per property; safe to repeat. */
    void ensureSchema(String productKey, ThingModel model);
}
