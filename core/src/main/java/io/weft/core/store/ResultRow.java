package io.weft.core.store;

import io.weft.core.json.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One result of a rule as a row of a result table (a rule's store destination): the destination's {@code table}
 * name as the rule gives it, the rule, the device the result is about ({@code deviceName} null when the result does
 * not say), its event time in epoch ms, and its output columns in the rule's order. A column's value is a
 * {@link Long}, {@link Double}, {@link Boolean} or {@link String}; an output that is null is left out.
 */
public record ResultRow(String table, String ruleId, String productKey, String deviceName, long eventTime,
                        Map<String, Object> columns) {

    public ResultRow {
        columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }

    /**
     * The row of a rule's result JSON: the fields named in {@code outputs}, typed from their JSON values: a whole
     * number that fits a long is a Long, any other number a Double, true/false a Boolean, text a String, and a nested
     * object or array its JSON text. Fields that are null or absent are left out.
     */
    public static ResultRow of(String table, String ruleId, String productKey, String deviceName, long eventTime,
                               JsonNode result, List<String> outputs) {
        Map<String, Object> columns = new LinkedHashMap<>();
        for (String output : outputs) {
            Object value = value(result.get(output));
            if (value != null) {
                columns.put(output, value);
            }
        }
        return new ResultRow(table, ruleId, productKey, deviceName, eventTime, columns);
    }

    /** The same row with other column values (the same names). */
    public ResultRow withColumns(Map<String, Object> other) {
        return new ResultRow(table, ruleId, productKey, deviceName, eventTime, other);
    }

    /** The columns as one JSON object; {@link #of} reads it back to equal values (a Double stays one, as 3.0). */
    public String columnsJson() {
        ObjectNode object = Json.object();
        columns.forEach((name, value) -> object.set(name, Json.MAPPER.valueToTree(value)));
        return Json.writeString(object);
    }

    private static Object value(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isString()) {
            return node.stringValue();
        }
        return Json.writeString(node);
    }
}
