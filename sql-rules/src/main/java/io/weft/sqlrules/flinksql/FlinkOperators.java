package io.weft.sqlrules.flinksql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlWindowTableFunction;
import org.apache.calcite.sql.fun.SqlBasicAggFunction;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlOperandMetadata;
import org.apache.calcite.sql.type.SqlOperandTypeChecker;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeTransforms;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlNameMatcher;
import org.apache.calcite.sql.validate.SqlNameMatchers;

/**
 * The functions a Flink SQL rule may call, as close to Flink 2.2's built-ins as Calcite allows: Calcite's standard
 * operators (arithmetic, comparisons, CASE, CAST, aggregates, JSON_VALUE, MATCH_RECOGNIZE's FIRST/LAST/PREV/NEXT
 * ...), the window table functions with Flink's columns ({@link WindowTableFunction}, CUMULATE included), and the
 * Flink built-ins Calcite's standard table lacks, taken from Calcite's library operators where one has Flink's
 * meaning, or declared here with Flink's result type.
 *
 * <p>Where Calcite and Flink differ, Flink wins: {@code TUMBLE}, {@code HOP} and {@code SESSION} are replaced, not
 * added to, and functions Calcite's standard table has but Flink does not are left out of {@link #names()} only
 * for the suggestions; the planner in the rule runtime is the final word on anything that validates here.
 */
final class FlinkOperators {
    private final SqlOperatorTable table;
    private final Set<String> names = new TreeSet<>();

    FlinkOperators() {
        List<SqlOperator> extra = new ArrayList<>();
        extra.add(new WindowTableFunction("TUMBLE", windowOperands(SqlStdOperatorTable.TUMBLE), false));
        extra.add(new WindowTableFunction("HOP", windowOperands(SqlStdOperatorTable.HOP), false));
        // CUMULATE(data, timecol, step, size [, offset]) has HOP's operands: a table, a descriptor, two intervals.
        extra.add(new WindowTableFunction("CUMULATE", windowOperands(SqlStdOperatorTable.HOP), false));
        extra.add(new WindowTableFunction("SESSION", new SessionOperands(), true));
        extra.addAll(List.of(
                SqlLibraryOperators.CONCAT_FUNCTION, SqlLibraryOperators.CONCAT_WS, SqlLibraryOperators.IF,
                SqlLibraryOperators.IFNULL, SqlLibraryOperators.LPAD, SqlLibraryOperators.RPAD,
                SqlLibraryOperators.LTRIM, SqlLibraryOperators.RTRIM, SqlLibraryOperators.REPEAT,
                SqlLibraryOperators.REVERSE, SqlLibraryOperators.LEFT, SqlLibraryOperators.RIGHT,
                SqlLibraryOperators.INSTR, SqlLibraryOperators.MD5, SqlLibraryOperators.SHA1,
                SqlLibraryOperators.SHA256, SqlLibraryOperators.SHA512, SqlLibraryOperators.TO_BASE64,
                SqlLibraryOperators.FROM_BASE64, SqlLibraryOperators.REGEXP_EXTRACT, SqlLibraryOperators.LOG2,
                SqlLibraryOperators.COSH, SqlLibraryOperators.SINH, SqlLibraryOperators.TANH,
                SqlLibraryOperators.GREATEST, SqlLibraryOperators.LEAST, SqlLibraryOperators.ARRAY_AGG,
                SqlLibraryOperators.BIN, SqlLibraryOperators.HEX, SqlLibraryOperators.STR_TO_MAP,
                SqlLibraryOperators.TRY_CAST));
        // Flink's FIRST_VALUE and LAST_VALUE are aggregates (GROUP BY, windows); Calcite's need OVER (...).
        extra.add(SqlBasicAggFunction.create("FIRST_VALUE", SqlKind.OTHER_FUNCTION,
                ReturnTypes.ARG0_FORCE_NULLABLE, OperandTypes.or(OperandTypes.ANY, OperandTypes.ANY_ANY)));
        extra.add(SqlBasicAggFunction.create("LAST_VALUE", SqlKind.OTHER_FUNCTION,
                ReturnTypes.ARG0_FORCE_NULLABLE, OperandTypes.or(OperandTypes.ANY, OperandTypes.ANY_ANY)));
        extra.add(function("LOG", ReturnTypes.DOUBLE_NULLABLE,
                OperandTypes.or(OperandTypes.NUMERIC, OperandTypes.NUMERIC_NUMERIC)));
        extra.add(function("SPLIT_INDEX", ReturnTypes.explicit(SqlTypeName.VARCHAR, Integer.MAX_VALUE)
                .andThen(SqlTypeTransforms.FORCE_NULLABLE),
                OperandTypes.family(SqlTypeFamily.STRING, SqlTypeFamily.STRING, SqlTypeFamily.INTEGER)));
        extra.add(function("REGEXP_REPLACE", ReturnTypes.ARG0_NULLABLE_VARYING,
                OperandTypes.STRING_STRING_STRING));
        extra.add(function("REGEXP", ReturnTypes.BOOLEAN_NULLABLE, OperandTypes.STRING_STRING));
        extra.add(function("LOCATE", ReturnTypes.INTEGER_NULLABLE,
                OperandTypes.or(OperandTypes.STRING_STRING, OperandTypes.family(SqlTypeFamily.STRING,
                        SqlTypeFamily.STRING, SqlTypeFamily.INTEGER))));
        extra.add(function(QueryParser.UUID_PLACEHOLDER, ReturnTypes.explicit(SqlTypeName.CHAR, 36),
                OperandTypes.NILADIC));
        extra.add(function("DATE_FORMAT", string(), OperandTypes.or(
                OperandTypes.family(SqlTypeFamily.DATETIME, SqlTypeFamily.STRING),
                OperandTypes.family(SqlTypeFamily.STRING, SqlTypeFamily.STRING))));
        extra.add(function("TO_TIMESTAMP", ReturnTypes.explicit(SqlTypeName.TIMESTAMP, 3)
                .andThen(SqlTypeTransforms.FORCE_NULLABLE),
                OperandTypes.or(OperandTypes.STRING, OperandTypes.STRING_STRING)));
        extra.add(function("TO_TIMESTAMP_LTZ", ltz(), OperandTypes.or(OperandTypes.NUMERIC,
                OperandTypes.family(SqlTypeFamily.NUMERIC, SqlTypeFamily.INTEGER), OperandTypes.STRING,
                OperandTypes.STRING_STRING)));
        extra.add(function("FROM_UNIXTIME", string(), OperandTypes.or(OperandTypes.NUMERIC,
                OperandTypes.family(SqlTypeFamily.NUMERIC, SqlTypeFamily.STRING))));
        extra.add(function("UNIX_TIMESTAMP", ReturnTypes.BIGINT_NULLABLE, OperandTypes.or(OperandTypes.NILADIC,
                OperandTypes.STRING, OperandTypes.STRING_STRING)));
        extra.add(function("CONVERT_TZ", string(), OperandTypes.STRING_STRING_STRING));
        extra.add(function("NOW", ltz(), OperandTypes.NILADIC));
        extra.add(function("PROCTIME", ltz(), OperandTypes.NILADIC));
        extra.add(function("CURRENT_WATERMARK", ReturnTypes.ARG0_FORCE_NULLABLE, OperandTypes.DATETIME));
        extra.add(function("MATCH_ROWTIME", ltz(), OperandTypes.or(OperandTypes.NILADIC, OperandTypes.DATETIME)));
        extra.add(function("MATCH_PROCTIME", ltz(), OperandTypes.NILADIC));
        extra.add(function("TRUNCATE", ReturnTypes.ARG0_NULLABLE, OperandTypes.or(OperandTypes.NUMERIC,
                OperandTypes.NUMERIC_INTEGER)));
        extra.add(function("E", ReturnTypes.DOUBLE, OperandTypes.NILADIC));
        extra.add(function("IS_ALPHA", ReturnTypes.BOOLEAN_NULLABLE, OperandTypes.STRING));
        extra.add(function("IS_DIGIT", ReturnTypes.BOOLEAN_NULLABLE, OperandTypes.STRING));
        extra.add(function("IS_DECIMAL", ReturnTypes.BOOLEAN_NULLABLE, OperandTypes.STRING));
        extra.add(function("JSON_STRING", string(), OperandTypes.ANY));
        extra.add(function("TYPEOF", string(), OperandTypes.or(OperandTypes.ANY, OperandTypes.ANY_ANY)));
        Set<String> replaced = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        extra.forEach(op -> replaced.add(op.getName()));
        table = new Table(SqlOperatorTables.of(extra), replaced);
        table.getOperatorList().stream()
                .filter(op -> op instanceof SqlFunction)
                .map(op -> op.getName().toUpperCase(Locale.ROOT))
                .filter(name -> name.matches("[A-Z][A-Z0-9_]*"))
                .forEach(names::add);
        names.add("UUID");
    }

    /**
     * Flink's functions first, then Calcite's standard ones, both matched in any case as Flink matches function
     * names. Calcite resolves a function only when exactly one operator has its name, so a standard function Flink
     * defines differently (the TUMBLE, HOP and SESSION table functions, FIRST_VALUE, ...) is left out for Flink's,
     * not shadowed by it.
     */
    private static final class Table implements SqlOperatorTable {
        private final SqlOperatorTable flink;
        private final Set<String> replaced;
        private final SqlOperatorTable standard = SqlStdOperatorTable.instance();

        Table(SqlOperatorTable flink, Set<String> replaced) {
            this.flink = flink;
            this.replaced = replaced;
        }

        @Override
        public void lookupOperatorOverloads(SqlIdentifier opName, SqlFunctionCategory category, SqlSyntax syntax,
                                            List<SqlOperator> operatorList, SqlNameMatcher nameMatcher) {
            SqlNameMatcher anyCase = SqlNameMatchers.withCaseSensitive(false);
            flink.lookupOperatorOverloads(opName, category, syntax, operatorList, anyCase);
            List<SqlOperator> found = new ArrayList<>();
            standard.lookupOperatorOverloads(opName, category, syntax, found, anyCase);
            found.stream().filter(op -> !isReplaced(op)).forEach(operatorList::add);
        }

        @Override
        public List<SqlOperator> getOperatorList() {
            List<SqlOperator> all = new ArrayList<>(flink.getOperatorList());
            standard.getOperatorList().stream().filter(op -> !isReplaced(op)).forEach(all::add);
            return all;
        }

        private boolean isReplaced(SqlOperator op) {
            return op instanceof SqlFunction && replaced.contains(op.getName());
        }
    }

    SqlOperatorTable table() {
        return table;
    }

    /** The upper-case names of every function, for "did you mean" and "is it known at all". */
    Set<String> names() {
        return names;
    }

    private static SqlOperandMetadata windowOperands(SqlOperator calciteWindowFunction) {
        return ((SqlWindowTableFunction) calciteWindowFunction).getOperandTypeChecker();
    }

    private static SqlFunction function(String name, SqlReturnTypeInference returns, SqlOperandTypeChecker operands) {
        return new SqlFunction(name, SqlKind.OTHER_FUNCTION, returns, null, operands,
                SqlFunctionCategory.USER_DEFINED_FUNCTION);
    }

    private static SqlReturnTypeInference string() {
        return ReturnTypes.explicit(SqlTypeName.VARCHAR, Integer.MAX_VALUE)
                .andThen(SqlTypeTransforms.FORCE_NULLABLE);
    }

    private static SqlReturnTypeInference ltz() {
        return ReturnTypes.explicit(SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, 3);
    }
}
