package io.weft.core.envelope;

import io.weft.core.auth.DeviceIdentity;
import io.weft.core.tsl.PropertyPoint;
import java.util.List;

/**
 * A validated property or event post: what goes on {@code weft.telemetry}, keyed {@code pk/dn}.
 * {@code kind} is {@code property} or {@code event}; {@code identifier} names the event (null for properties).
 */
public record Telemetry(long messageId, String productKey, String deviceName, String kind, String identifier,
                        List<PropertyPoint> points, long receivedAt) {

    public static final String PROPERTY = "property";
    public static final String EVENT = "event";

    public Telemetry {
        points = List.copyOf(points);
    }

    public DeviceIdentity device() {
        return new DeviceIdentity(productKey, deviceName);
    }
}
