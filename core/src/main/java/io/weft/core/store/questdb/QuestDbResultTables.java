package io.weft.core.store.questdb;

import io.weft.core.store.ResultRow;
import io.weft.core.store.ResultTables;
import io.weft.core.store.StoreException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Result tables in QuestDB, over its HTTP SQL endpoint. A table {@code rule_<table>} (see
 * {@link QuestDbTables#ruleResults}) has {@code ts TIMESTAMP} (the result's event time, the designated timestamp),
 * {@code rule_id}, {@code product_key} and {@code device} as SYMBOLs, and one column per output: LONG for whole
 * numbers, DOUBLE for other numbers, BOOLEAN, VARCHAR for text and for nested objects (as JSON). It is deduplicated
 * with {@code DEDUP UPSERT KEYS(ts, rule_id, device)}: a replayed result overwrites its row, and two results of one
 * rule about one device at one event time are one row, the later one.
 *
 * <p>A missing column is added with {@code ADD COLUMN IF NOT EXISTS}; when two writers add the same column at once,
 * QuestDB applies one and refuses the other ("duplicate column"), which then reads the winner's type back and
 * rejects its row if the types differ, instead of writing it. Column types are cached per table; a column changed by hand while a job
 * runs is seen when the job restarts. Not thread-safe.
 */
public final class QuestDbResultTables implements ResultTables {
    /** Weft's own columns; outputs may not use these names (QuestDB's names are case-insensitive). */
    private static final Set<String> KEPT = Set.of(QuestDbTables.TS, QuestDbTables.RULE_ID, QuestDbTables.PRODUCT_KEY,
            QuestDbTables.DEVICE);
    /** Characters QuestDB does not allow in a column name. */
    private static final String FORBIDDEN = "?.,'\"\\/:()+-*%~";
    private static final int MAX_COLUMN_NAME = 127;
    /** How long a column another writer added may take to show in the table's metadata. */
    private static final Duration COLUMN_WAIT = Duration.ofSeconds(30);

    private final QuestDbHttp http;
    /** Per table: lower-case column name to its QuestDB type (LONG, DOUBLE, ...). */
    private final Map<String, Map<String, String>> tables = new HashMap<>();

    /** @param httpAddress host:port of QuestDB's HTTP endpoint */
    public QuestDbResultTables(String httpAddress) {
        this.http = new QuestDbHttp(httpAddress);
    }

    @Override
    public ResultRow admit(ResultRow row) throws RejectedResult {
        String table = QuestDbTables.ruleResults(row.table());
        if (!tables.containsKey(table)) {
            http.exec(QuestDbTables.createResultTable(table));
            readColumns(table);
        }
        Map<String, String> seen = new HashMap<>();
        Map<String, Object> admitted = new LinkedHashMap<>();
        for (Map.Entry<String, Object> column : row.columns().entrySet()) {
            String name = column.getKey();
            String key = name.toLowerCase(Locale.ROOT);
            checkName(table, name, key, seen);
            String wanted = typeOf(column.getValue());
            String actual = tables.get(table).get(key);
            if (actual == null) {
                actual = addColumn(table, name, key, wanted);
            }
            admitted.put(name, convert(table, name, column.getValue(), wanted, actual));
        }
        return row.withColumns(admitted);
    }

    /**
     * Adds the column and returns its type. When another writer added it first, that writer's type: QuestDB either
     * did nothing (IF NOT EXISTS, the column shows when read back) or answered "duplicate column" (its add is not
     * applied yet: read back until it shows). Else {@code wanted}: this writer added it (a WAL table may show it only
     * a moment later).
     */
    private String addColumn(String table, String name, String key, String wanted) {
        try {
            http.exec(QuestDbTables.addColumn(table, name, wanted));
            String actual = readColumns(table).get(key);
            if (actual == null) {
                tables.get(table).put(key, wanted);
                return wanted;
            }
            return actual;
        } catch (StoreException e) {
            long deadline = System.nanoTime() + COLUMN_WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                String actual = readColumns(table).get(key);
                if (actual != null) {
                    return actual;
                }
                pause();
            }
            throw e;
        }
    }

    /** Between reads of a column another writer is adding: WAL tables show it once QuestDB has applied it. */
    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a column", e);
        }
    }

    private static void checkName(String table, String name, String key, Map<String, String> seen)
            throws RejectedResult {
        if (KEPT.contains(key)) {
            throw new RejectedResult("the output '" + name + "' clashes with the column " + key + " that Weft keeps in"
                    + " every result table; rename it in the rule's SELECT");
        }
        String other = seen.put(key, name);
        if (other != null) {
            throw new RejectedResult("the outputs '" + other + "' and '" + name + "' would be one column of " + table
                    + " (QuestDB's column names are case-insensitive); rename one");
        }
        if (name.isBlank() || name.length() > MAX_COLUMN_NAME || name.chars().anyMatch(c -> FORBIDDEN.indexOf(c) >= 0
                || Character.isISOControl(c))) {
            throw new RejectedResult("the output '" + name + "' is not a QuestDB column name: at most "
                    + MAX_COLUMN_NAME + " characters, none of " + FORBIDDEN + " or control characters");
        }
    }

    /** The value as the column's type wants it, or why it cannot be. */
    private static Object convert(String table, String name, Object value, String wanted, String actual)
            throws RejectedResult {
        if (wanted.equals(actual) || "VARCHAR".equals(wanted) && "STRING".equals(actual)) {
            return value;
        }
        if ("LONG".equals(wanted) && "DOUBLE".equals(actual)) {
            return ((Long) value).doubleValue();
        }
        throw new RejectedResult("the output '" + name + "' is " + wanted + " (" + value + ") but the column of "
                + table + " is " + actual + "; a result table's column keeps the type of its first value, so write"
                + " this rule to another table or CAST the output");
    }

    static String typeOf(Object value) {
        if (value instanceof Long) {
            return "LONG";
        }
        if (value instanceof Double) {
            return "DOUBLE";
        }
        if (value instanceof Boolean) {
            return "BOOLEAN";
        }
        return "VARCHAR";
    }

    private Map<String, String> readColumns(String table) {
        JsonNode answer = http.exec("SELECT \"column\", type FROM table_columns('" + table + "')");
        Map<String, String> columns = new HashMap<>();
        for (JsonNode column : answer.path("dataset")) {
            columns.put(column.get(0).asString().toLowerCase(Locale.ROOT), column.get(1).asString());
        }
        tables.put(table, columns);
        return columns;
    }
}
