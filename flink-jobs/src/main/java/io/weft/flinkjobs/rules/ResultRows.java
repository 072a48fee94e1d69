package io.weft.flinkjobs.rules;

import io.weft.core.json.Json;
import io.weft.core.rule.DeployedRule;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.Collector;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a rule query's rows into {@link RuleResult}s: the output columns, in the rule's order, as one JSON object,
 * plus {@code ruleId}, {@code productKey} and {@code deviceName}. Inserted and updated rows are results; retractions
 * (an updating query's "before" rows) are not.
 *
 * <p>The device comes from the hidden column {@code _weft_device_name} when the query has one (a query column that is
 * not an output is never written to the result), else from an output named {@code device_name} or
 * {@code deviceName}. The event time comes from the hidden column {@code _weft_event_time}, else from the row's
 * rowtime (a window's time), else it is the time the rule ran. Values: numbers and booleans as JSON numbers and booleans, timestamps as epoch ms (a TIMESTAMP
 * without time zone, such as a window's start, read in the session time zone), ROWs (thing
 * model structs) as objects, bytes as base64, anything else as its text.
 */
final class ResultRows extends ProcessFunction<Row, RuleResult> {
    private static final String DEVICE_COLUMN = DeployedRule.DEVICE_COLUMN;
    private static final Set<String> DEVICE_OUTPUTS = Set.of("device_name", "deviceName");

    private final String ruleId;
    private final String productKey;
    private final List<Field> outputs;
    private final String deviceColumn;
    private final int deviceIndex;
    private final ZoneId zone;
    private final int eventTimeIndex;

    private record Field(String name, int index, LogicalType type) implements Serializable {
    }

    /** @param zone the session time zone, in which TIMESTAMP values (such as a window's start) are local times */
    ResultRows(String ruleId, String productKey, List<String> outputNames, ResolvedSchema schema, ZoneId zone) {
        this.ruleId = ruleId;
        this.zone = zone;
        this.productKey = productKey;
        List<Field> fields = new ArrayList<>();
        for (String name : outputNames) {
            Column column = schema.getColumn(name).orElseThrow(() -> new IllegalArgumentException("rule " + ruleId
                    + " names the output " + name + " but its query has no such column: " + schema.getColumnNames()));
            fields.add(new Field(name, schema.getColumnNames().indexOf(name), column.getDataType().getLogicalType()));
        }
        this.outputs = List.copyOf(fields);
        String device = null;
        if (schema.getColumn(DEVICE_COLUMN).isPresent()) {
            device = DEVICE_COLUMN;
        } else {
            device = outputNames.stream().filter(DEVICE_OUTPUTS::contains).findFirst().orElse(null);
        }
        this.deviceColumn = device;
        this.deviceIndex = device == null ? -1 : schema.getColumnNames().indexOf(device);
        this.eventTimeIndex = schema.getColumnNames().indexOf(DeployedRule.EVENT_TIME_COLUMN);
    }

    @Override
    public void processElement(Row row, Context ctx, Collector<RuleResult> out) {
        if (row.getKind() != RowKind.INSERT && row.getKind() != RowKind.UPDATE_AFTER) {
            return;
        }
        ObjectNode json = Json.object();
        for (Field f : outputs) {
            json.set(f.name(), toJson(field(row, f.name(), f.index()), f.type(), zone));
        }
        Object device = deviceColumn == null ? null : field(row, deviceColumn, deviceIndex);
        String deviceName = device == null ? null : device.toString();
        if (!json.has("ruleId")) {
            json.put("ruleId", ruleId);
        }
        if (!json.has("productKey")) {
            json.put("productKey", productKey);
        }
        if (deviceName != null && !json.has("deviceName")) {
            json.put("deviceName", deviceName);
        }
        long time = eventTime(row, ctx);
        out.collect(new RuleResult(ruleId, productKey, deviceName, time, Json.MAPPER.writeValueAsString(json)));
    }

    /** The hidden event-time column's, else the record's event timestamp, else now. */
    private long eventTime(Row row, Context ctx) {
        Object hidden = eventTimeIndex < 0 ? null : field(row, DeployedRule.EVENT_TIME_COLUMN, eventTimeIndex);
        if (hidden instanceof Instant i) {
            return i.toEpochMilli();
        }
        if (hidden instanceof LocalDateTime t) {
            return t.atZone(zone).toInstant().toEpochMilli();
        }
        return ctx.timestamp() != null ? ctx.timestamp() : ctx.timerService().currentProcessingTime();
    }

    /** A field by position, or by name for a row that has names only. */
    private static Object field(Row row, String name, int index) {
        return row.getFieldNames(false) == null ? row.getField(index) : row.getField(name);
    }

    static JsonNode toJson(Object value, LogicalType type, ZoneId zone) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (value == null) {
            return nodes.nullNode();
        }
        if (value instanceof Row row && type instanceof RowType rowType) {
            ObjectNode object = nodes.objectNode();
            List<RowType.RowField> fields = rowType.getFields();
            for (int i = 0; i < fields.size(); i++) {
                Object member = field(row, fields.get(i).getName(), i);
                object.set(fields.get(i).getName(), toJson(member, fields.get(i).getType(), zone));
            }
            return object;
        }
        if (value instanceof Boolean b) {
            return nodes.booleanNode(b);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return nodes.numberNode(((Number) value).longValue());
        }
        if (value instanceof Float f) {
            return nodes.numberNode(f);
        }
        if (value instanceof Double d) {
            return nodes.numberNode(d);
        }
        if (value instanceof BigDecimal d) {
            return nodes.numberNode(d);
        }
        if (value instanceof Instant i) {
            return nodes.numberNode(i.toEpochMilli());
        }
        if (value instanceof LocalDateTime t) {
            return nodes.numberNode(t.atZone(zone).toInstant().toEpochMilli());
        }
        if (value instanceof byte[] bytes) {
            return nodes.stringNode(Base64.getEncoder().encodeToString(bytes));
        }
        return nodes.stringNode(value.toString());
    }
}
