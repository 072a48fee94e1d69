package io.weft.sqlrules.flink;

/** Quoting for the Flink SQL this package writes: identifiers in backticks, text in single quotes. */
final class FlinkSql {
    private FlinkSql() {
    }

    static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
