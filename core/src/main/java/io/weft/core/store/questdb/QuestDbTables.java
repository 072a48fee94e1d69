package io.weft.core.store.questdb;

import io.weft.core.tsl.DataType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Naming and typing of QuestDB tables: one table per product ({@code p_<productKey>_<hash>}), one per event
 * ({@code e_<productKey>_<eventId>_<hash>}), the device as a symbol, a column per property typed from the thing
 * model, deduplicated on (ts, device, msg_id) so that replays are idempotent. QuestDB's names are case-insensitive
 * and product keys are not, so the name ends with a hash of the exact key: {@code Ab} and {@code aB} never share.
 * Rules' store destinations write to {@code rule_<table>} (see {@link #ruleResults}), deduplicated on
 * (ts, rule_id, device).
 */
public final class QuestDbTables {
    static final String TS = "ts";
    static final String DEVICE = "device";
    static final String MESSAGE_ID = "msg_id";
    static final String RECEIVED = "received_at";
    static final String RULE_ID = "rule_id";
    static final String PRODUCT_KEY = "product_key";
    /** What a store destination's table may be called: the control plane checks rules against the same. */
    public static final Pattern RESULT_TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    private QuestDbTables() {
    }

    /** The table holding a product's property values. */
    public static String properties(String productKey) {
        return "p_" + safe(productKey) + "_" + hash(productKey);
    }

    /** The table holding one event's values. */
    public static String event(String productKey, String eventId) {
        return "e_" + safe(productKey) + "_" + safe(eventId) + "_" + hash(productKey + "/" + eventId);
    }

    /**
     * The table of a rule's store destination {@code table}: {@code rule_<table>} in lower case. The prefix keeps
     * result tables apart from telemetry tables ({@code p_...}, {@code e_...}); lower case because QuestDB's names
     * are case-insensitive, so {@code Hot} and {@code hot} are one table.
     *
     * @throws IllegalArgumentException when {@code table} does not match {@link #RESULT_TABLE}
     */
    public static String ruleResults(String table) {
        if (table == null || !RESULT_TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException("'" + table + "' is not a result table name: a letter or '_', then up"
                    + " to 63 letters, digits or '_'");
        }
        return "rule_" + table.toLowerCase(Locale.ROOT);
    }

    private static String hash(String exact) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(exact.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    static String createTable(String table) {
        return "CREATE TABLE IF NOT EXISTS \"" + table + "\" (" + TS + " TIMESTAMP, " + DEVICE + " SYMBOL, "
                + MESSAGE_ID + " LONG, " + RECEIVED + " TIMESTAMP) TIMESTAMP(" + TS + ") PARTITION BY DAY WAL"
                + " DEDUP UPSERT KEYS(" + TS + ", " + DEVICE + ", " + MESSAGE_ID + ")";
    }

    static String createResultTable(String table) {
        return "CREATE TABLE IF NOT EXISTS \"" + table + "\" (" + TS + " TIMESTAMP, " + RULE_ID + " SYMBOL, "
                + PRODUCT_KEY + " SYMBOL, " + DEVICE + " SYMBOL) TIMESTAMP(" + TS + ") PARTITION BY DAY WAL"
                + " DEDUP UPSERT KEYS(" + TS + ", " + RULE_ID + ", " + DEVICE + ")";
    }

    static String addColumn(String table, String column, DataType type) {
        return addColumn(table, column, columnType(type));
    }

    static String addColumn(String table, String column, String sqlType) {
        return "ALTER TABLE \"" + table + "\" ADD COLUMN IF NOT EXISTS \"" + column + "\" " + sqlType;
    }

    /** int, enum, bool (0/1, as Alibaba sends it) and date (epoch ms) are LONG; float and double DOUBLE; the rest VARCHAR. */
    static String columnType(DataType type) {
        if (type instanceof DataType.Numeric n) {
            return n.integral() ? "LONG" : "DOUBLE";
        }
        if (type instanceof DataType.Enum || type instanceof DataType.Bool || type instanceof DataType.Date) {
            return "LONG";
        }
        return "VARCHAR";
    }

    private static String safe(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (char c : name.toCharArray()) {
            out.append(Character.isLetterOrDigit(c) && c < 128 ? c : '_');
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
