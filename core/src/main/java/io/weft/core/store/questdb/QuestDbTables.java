package io.weft.core.store.questdb;

import io.weft.core.tsl.DataType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Naming and typing of QuestDB tables: one table per product ({@code p_<productKey>_<hash>}), one per event
 * ({@code e_<productKey>_<eventId>_<hash>}), the device as a symbol, a column per property typed from the thing
 * model, deduplicated on (ts, device, msg_id) so that replays are idempotent. QuestDB's names are case-insensitive
 * and product keys are not, so the name ends with a hash of the exact key: {@code Ab} and {@code aB} never share.
 */
public final class QuestDbTables {
    static final String TS = "ts";
    static final String DEVICE = "device";
    static final String MESSAGE_ID = "msg_id";
    static final String RECEIVED = "received_at";

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

    static String addColumn(String table, String column, DataType type) {
        return "ALTER TABLE \"" + table + "\" ADD COLUMN IF NOT EXISTS \"" + column + "\" " + columnType(type);
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
