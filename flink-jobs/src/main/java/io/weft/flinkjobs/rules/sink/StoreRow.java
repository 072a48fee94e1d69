package io.weft.flinkjobs.rules.sink;

import io.weft.core.json.Json;
import io.weft.core.store.ResultRow;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * An admitted {@link ResultRow} between a rule job's tasks: the same fields, with the columns as their JSON text
 * (Flink serializes strings, not maps of objects), which {@link #row()} reads back to equal values.
 */
public record StoreRow(String table, String ruleId, String productKey, String deviceName, long eventTime,
                       String columns) {

    static StoreRow of(ResultRow row) {
        return new StoreRow(row.table(), row.ruleId(), row.productKey(), row.deviceName(), row.eventTime(),
                row.columnsJson());
    }

    ResultRow row() {
        JsonNode values = Json.tree(columns);
        return ResultRow.of(table, ruleId, productKey, deviceName, eventTime, values,
                List.copyOf(values.propertyNames()));
    }
}
