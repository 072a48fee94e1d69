package io.weft.core.store.questdb;

import io.weft.core.json.Json;
import io.weft.core.store.PropertyValue;
import io.weft.core.store.TelemetryReader;
import io.weft.core.tsl.DataType;
import io.weft.core.tsl.ThingModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Reads telemetry back from QuestDB over its HTTP SQL endpoint. Thread-safe. */
public final class QuestDbReader implements TelemetryReader {
    private final QuestDbHttp http;

    public QuestDbReader(String httpAddress) {
        this.http = new QuestDbHttp(httpAddress);
    }

    @Override
    public void ensureSchema(String productKey, ThingModel model) {
        String table = QuestDbTables.properties(productKey);
        http.exec(QuestDbTables.createTable(table));
        for (ThingModel.Property property : model.properties()) {
            http.exec(QuestDbTables.addColumn(table, property.identifier(), property.dataType()));
        }
        for (ThingModel.Event event : model.events()) {
            String eventTable = QuestDbTables.event(productKey, event.identifier());
            http.exec(QuestDbTables.createTable(eventTable));
            for (var member : event.outputData()) {
                http.exec(QuestDbTables.addColumn(eventTable, member.identifier(), member.dataType()));
            }
        }
    }

    @Override
    public List<PropertyValue> latest(ThingModel model, String productKey, String deviceName) {
        List<PropertyValue> values = new ArrayList<>();
        for (ThingModel.Property property : model.properties()) {
            List<PropertyValue> newest = query(property, productKey, deviceName, "", 1);
            values.addAll(newest);
        }
        return values;
    }

    @Override
    public List<PropertyValue> history(ThingModel model, String productKey, String deviceName, String property,
                                       long from, long to, int limit) {
        ThingModel.Property p = model.property(property)
                .orElseThrow(() -> new IllegalArgumentException("no property " + property));
        String range = " AND " + QuestDbTables.TS + " >= " + micros(from) + " AND " + QuestDbTables.TS + " < "
                + micros(to);
        return query(p, productKey, deviceName, range, limit);
    }

    private List<PropertyValue> query(ThingModel.Property property, String productKey, String deviceName,
                                      String extraWhere, int limit) {
        String column = "\"" + property.identifier() + "\"";
        String sql = "SELECT " + QuestDbTables.TS + ", " + column + " FROM \"" + QuestDbTables.properties(productKey)
                + "\" WHERE " + QuestDbTables.DEVICE + " = '" + deviceName.replace("'", "''") + "' AND " + column
                + " IS NOT NULL" + extraWhere + " ORDER BY " + QuestDbTables.TS + " DESC LIMIT " + limit;
        JsonNode result;
        try {
            result = http.exec(sql);
        } catch (io.weft.core.store.StoreException e) {
            // No table yet (nothing stored), or no column yet (the property was never written): no values.
            if (e.getMessage().contains("does not exist") || e.getMessage().contains("Invalid column")) {
                return List.of();
            }
            throw e;
        }
        List<PropertyValue> values = new ArrayList<>();
        for (JsonNode row : result.path("dataset")) {
            long time = Instant.parse(row.get(0).asString()).toEpochMilli();
            values.add(new PropertyValue(property.identifier(), value(property.dataType(), row.get(1)), time));
        }
        return values;
    }

    private static Object value(DataType type, JsonNode node) {
        if (type instanceof DataType.Struct || type instanceof DataType.Array) {
            return Json.MAPPER.readTree(node.asString());
        }
        if (type instanceof DataType.Text) {
            return node.asString();
        }
        if (type instanceof DataType.Numeric n && !n.integral()) {
            return node.doubleValue();
        }
        return node.longValue();
    }

    /** QuestDB timestamps in SQL literals are microseconds since the epoch. */
    private static long micros(long millis) {
        return millis * 1000;
    }
}
