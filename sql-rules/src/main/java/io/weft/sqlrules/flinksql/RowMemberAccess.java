package io.weft.sqlrules.flinksql;

import java.util.HashSet;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * Lets the validator read {@code `position`.latitude} as Flink does. Flink's planner resolves a dotted name whose
 * first part is a ROW column of a table in scope as a member access; Calcite 1.42's validator looks for a table
 * named {@code position} and fails. Before validating, such names (first part a ROW column of a view, and no table
 * alias of the query) are rewritten to Calcite's explicit member access, {@code (`position`).latitude}. Only the
 * validator sees the rewrite: the rule runs the analyst's text.
 */
final class RowMemberAccess {
    private final Set<String> rowColumns;

    RowMemberAccess(Set<String> rowColumns) {
        this.rowColumns = rowColumns;
    }

    SqlNode rewrite(SqlNode query) {
        if (rowColumns.isEmpty()) {
            return query;
        }
        Set<String> aliases = aliases(query);
        SqlNode rewritten = query.accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlIdentifier id) {
                if (id.names.size() < 2 || id.isStar() || !rowColumns.contains(id.names.get(0))
                        || aliases.contains(id.names.get(0))) {
                    return id;
                }
                SqlNode access = new SqlIdentifier(id.names.get(0), id.getComponentParserPosition(0));
                for (int i = 1; i < id.names.size(); i++) {
                    access = SqlStdOperatorTable.DOT.createCall(id.getParserPosition(), access,
                            new SqlIdentifier(id.names.get(i), id.getComponentParserPosition(i)));
                }
                return access;
            }
        });
        return rewritten == null ? query : rewritten;
    }

    /** Every name the query gives with AS (table and column aliases) or WITH: those stay qualifiers. */
    private static Set<String> aliases(SqlNode query) {
        Set<String> aliases = new HashSet<>();
        query.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if ((call.getKind() == SqlKind.AS || call.getKind() == SqlKind.WITH_ITEM)
                        && call.operandCount() > 1 && call.operand(call.getKind() == SqlKind.AS ? 1 : 0)
                        instanceof SqlIdentifier alias) {
                    aliases.add(alias.getSimple());
                }
                return super.visit(call);
            }
        });
        return aliases;
    }
}
