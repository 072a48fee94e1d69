package io.weft.sqlrules.alibaba;

import java.util.List;
import java.util.Set;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * An Alibaba rule that parsed: its SELECT items and WHERE condition as Calcite trees (positions are in the
 * analyst's text), and its source. {@code where} is null when the rule has none. {@code rewrittenWords} are the
 * reserved words the parser's pre-pass replaced by placeholders (see {@link ReservedWordEscaper}); names read
 * through {@link #name} and {@link #functionName} are the analyst's.
 */
public record ParsedRule(String sql, List<SqlNode> selectItems, SqlNode where, TopicFilter source,
                         SqlParserPos sourcePos, Set<String> rewrittenWords) {

    public ParsedRule {
        selectItems = List.copyOf(selectItems);
        rewrittenWords = Set.copyOf(rewrittenWords);
    }

    /** Component {@code i} of an identifier as the analyst wrote it ({@code value}, not the parser's placeholder). */
    public String name(SqlIdentifier id, int i) {
        return functionName(id.names.get(i));
    }

    /** A function's (or any) name as the analyst wrote it. */
    public String functionName(String parsed) {
        String original = ReservedWordEscaper.original(parsed);
        return rewrittenWords.contains(original) ? original : parsed;
    }
}
