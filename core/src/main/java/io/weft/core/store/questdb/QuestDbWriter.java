package io.weft.core.store.questdb;

import io.questdb.client.Sender;
import io.weft.core.envelope.Telemetry;
import io.weft.core.json.Json;
import io.weft.core.store.ResultRow;
import io.weft.core.store.ResultWriter;
import io.weft.core.store.TelemetryWriter;
import io.weft.core.tsl.PropertyPoint;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.ArrayList;

/**
 * Writes telemetry to QuestDB over ILP/HTTP: one row per (device, event time) of a message, typed columns per
 * property. Tables are created with DEDUP UPSERT KEYS(ts, device, msg_id), so a replayed message overwrites
 * itself instead of adding a row. Also writes rows of rule results, admitted by {@link QuestDbResultTables}, to
 * their {@code rule_<table>} (deduplicated on ts, rule_id, device). Data is durable in QuestDB when {@link #flush()}
 * returns. Not thread-safe.
 */
public final class QuestDbWriter implements TelemetryWriter, ResultWriter {
    private final QuestDbHttp http;
    private final Sender sender;
    private final Set<String> knownTables = new HashSet<>();

    /** @param httpAddress host:port of QuestDB's HTTP endpoint (ILP and SQL share it) */
    public QuestDbWriter(String httpAddress) {
        this.http = new QuestDbHttp(httpAddress);
        this.sender = Sender.fromConfig("http::addr=" + httpAddress + ";auto_flush=off;retry_timeout=10000;");
    }

    @Override
    public void write(Telemetry telemetry) {
        String table = Telemetry.EVENT.equals(telemetry.kind())
                ? QuestDbTables.event(telemetry.productKey(), telemetry.identifier())
                : QuestDbTables.properties(telemetry.productKey());
        if (knownTables.add(table)) {
            http.exec(QuestDbTables.createTable(table));
        }
        Map<Long, List<PropertyPoint>> byTime = new TreeMap<>();
        for (PropertyPoint point : telemetry.points()) {
            byTime.computeIfAbsent(point.time(), t -> new ArrayList<>()).add(point);
        }
        for (Map.Entry<Long, List<PropertyPoint>> row : byTime.entrySet()) {
            sender.table(table).symbol(QuestDbTables.DEVICE, telemetry.deviceName())
                    .longColumn(QuestDbTables.MESSAGE_ID, telemetry.messageId())
                    .timestampColumn(QuestDbTables.RECEIVED, telemetry.receivedAt(), ChronoUnit.MILLIS);
            for (PropertyPoint point : row.getValue()) {
                column(point.identifier(), point.value());
            }
            sender.at(row.getKey(), ChronoUnit.MILLIS);
        }
    }

    /** Writes an admitted row: its values already have their columns' types (booleans stay BOOLEAN here). */
    @Override
    public void write(ResultRow row) {
        sender.table(QuestDbTables.ruleResults(row.table())).symbol(QuestDbTables.RULE_ID, row.ruleId())
                .symbol(QuestDbTables.PRODUCT_KEY, row.productKey());
        if (row.deviceName() != null) {
            sender.symbol(QuestDbTables.DEVICE, row.deviceName());
        }
        for (Map.Entry<String, Object> column : row.columns().entrySet()) {
            if (column.getValue() instanceof Boolean b) {
                sender.boolColumn(column.getKey(), b);
            } else {
                column(column.getKey(), column.getValue());
            }
        }
        sender.at(row.eventTime(), ChronoUnit.MILLIS);
    }

    private void column(String name, Object value) {
        if (value instanceof Boolean b) {
            sender.longColumn(name, b ? 1 : 0);
        } else if (value instanceof Double || value instanceof Float) {
            sender.doubleColumn(name, ((Number) value).doubleValue());
        } else if (value instanceof Number n) {
            sender.longColumn(name, n.longValue());
        } else if (value instanceof String s) {
            sender.stringColumn(name, s);
        } else {
            sender.stringColumn(name, Json.writeString(value));
        }
    }

    @Override
    public void flush() {
        sender.flush();
    }

    @Override
    public void close() {
        sender.close();
    }
}
