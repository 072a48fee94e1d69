package io.weft.core.tsl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One validated value: {@code value} is a Long (int, enum, date, and bool as 0 or 1, as Alibaba sends it), Double
 * (float, double), String (text), or a JSON-shaped Map/List (struct, array). {@code time} is the device's event
 * time in epoch ms. Integers are normalized to Long, so a value read back from JSON equals the one written.
 */
public record PropertyPoint(String identifier, Object value, long time) {

    public PropertyPoint {
        value = normalize(value);
    }

    private static Object normalize(Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), normalize(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(normalize(v)));
            return copy;
        }
        return value;
    }
}
