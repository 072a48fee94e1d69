package io.weft.sqlrules.flink;

import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;

/** The text of a parsed node as the analyst wrote it, cut from the rule's SQL by the node's position. */
final class SourceSlice {

    private SourceSlice() {
    }

    /** The node's text in {@code sql}, or Calcite's rendering of it when its position is not in the text. */
    static String of(String sql, SqlNode node) {
        SqlParserPos pos = node.getParserPosition();
        int start = offset(sql, pos.getLineNum(), pos.getColumnNum());
        int end = offset(sql, pos.getEndLineNum(), pos.getEndColumnNum());
        if (start < 0 || end < start || end >= sql.length()) {
            return node.toString();
        }
        return sql.substring(start, end + 1).strip();
    }

    /** The 0-based offset of a 1-based line and column, or -1. */
    private static int offset(String sql, int line, int column) {
        if (line < 1 || column < 1) {
            return -1;
        }
        int offset = 0;
        for (int l = 1; l < line; l++) {
            offset = sql.indexOf('\n', offset) + 1;
            if (offset == 0) {
                return -1;
            }
        }
        return offset + column - 1;
    }
}
