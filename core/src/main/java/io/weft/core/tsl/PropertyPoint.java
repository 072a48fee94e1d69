package io.weft.core.tsl;

/**
 * One validated value: {@code value} is a Long (int, enum, date, and bool as 0 or 1, as Alibaba sends it), Double (float, double), String
 * (text), or a JSON-shaped Map/List (struct, array). {@code time} is the device's event time in epoch ms.
 */
public record PropertyPoint(String identifier, Object value, long time) {
}
