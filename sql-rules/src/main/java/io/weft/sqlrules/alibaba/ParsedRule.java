package io.weft.sqlrules.alibaba;

import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * An Alibaba rule that parsed: its SELECT items and WHERE condition as Calcite trees (positions are in the
 * analyst's text), and its source. {@code where} is null when the rule has none.
 */
public record ParsedRule(String sql, List<SqlNode> selectItems, SqlNode where, TopicFilter source,
                         SqlParserPos sourcePos, ReservedWordEscaper.Escaped escaped) {

    public ParsedRule {
        selectItems = List.copyOf(selectItems);
    }

    /** Component {@code i} of an identifier as the analyst wrote it ({@code value}, not the parser's placeholder). */
    public String name(SqlIdentifier id, int i) {
        return escaped.original(id.names.get(i));
    }

    /** A function's name as the analyst wrote it. */
    public String functionName(String parsed) {
        return escaped.original(parsed);
    }
}
