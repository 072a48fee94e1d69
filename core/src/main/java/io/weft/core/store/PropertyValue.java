package io.weft.core.store;

/** A stored property value and the device time it was taken at (epoch ms). */
public record PropertyValue(String identifier, Object value, long time) {
}
