package io.weft.sqlrules.flinksql;

import io.weft.sqlrules.RuleProblem;
import io.weft.sqlrules.RuleProblem.Kind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorUtil;

/**
 * Validates a parsed query with Calcite's validator over a {@link RuleCatalog} and {@link FlinkOperators}, configured
 * as Flink's planner configures it (no implicit type coercion, so {@code label > 30} is a type error in both; Flink's
 * conformance; expanded identifiers). Calcite's validator stops at the first problem; its message is rewritten for
 * an analyst (Flink's type names, "did you mean", the tables a rule may read) and classified into a
 * {@link Kind}, keeping Calcite's position, which is a position in the analyst's text.
 */
final class QueryValidator {
    private static final Pattern COLUMN_IN_ANY = Pattern.compile("Column '(.+?)' not found in any table.*",
            Pattern.DOTALL);
    private static final Pattern COLUMN_IN_TABLE = Pattern.compile(
            "Column '(.+?)' not found in table '(.+?)'.*", Pattern.DOTALL);
    private static final Pattern UNKNOWN_FIELD = Pattern.compile("Unknown field '(.+)'");
    private static final Pattern OBJECT = Pattern.compile("Object '(.+?)' not found.*");
    private static final Pattern TABLE = Pattern.compile("Table '(.+)' not found");
    private static final Pattern NO_MATCH = Pattern.compile(
            "No match found for function signature ([^(]+)(?:\\((.*)\\))?");
    private static final Pattern ARGUMENT_COUNT = Pattern.compile(
            "Invalid number of arguments to function '(.+)'\\. Was expecting (\\d+) arguments");
    private static final Pattern CANNOT_APPLY = Pattern.compile(
            "Cannot apply '(.+?)' to arguments of type '(.+?)'\\. Supported form\\(s\\): (.*)", Pattern.DOTALL);
    private static final Pattern TYPE_IN_BRACKETS = Pattern.compile("<([A-Z][A-Z0-9_(), ]*)>");
    private static final List<String> WINDOW_COLUMNS = List.of("window_start", "window_end", "window_time");

    private final FlinkOperators operators;

    QueryValidator(FlinkOperators operators) {
        this.operators = operators;
    }

    /** The validated query's row type, or null after adding the problem to {@code problems}. */
    RelDataType validate(String sql, SqlNode query, RuleCatalog catalog, List<RuleProblem> problems) {
        SqlValidator validator = SqlValidatorUtil.newValidator(operators.table(), catalog.reader(),
                catalog.types().factory(), SqlValidator.Config.DEFAULT
                        .withConformance(FlinkConformance.INSTANCE)
                        .withTypeCoercionEnabled(false)
                        .withIdentifierExpansion(true));
        try {
            SqlNode validated = validator.validate(query);
            Optional<RuleProblem> mismatch = new ComparisonCheck(validator, sql).firstMismatch(validated);
            if (mismatch.isPresent()) {
                problems.add(mismatch.get());
                return null;
            }
            return validator.getValidatedNodeType(validated);
        } catch (CalciteContextException e) {
            problems.add(problem(e, catalog));
            return null;
        }
    }

    private RuleProblem problem(CalciteContextException e, RuleCatalog catalog) {
        String message = e.getCause() != null && e.getCause().getMessage() != null
                ? e.getCause().getMessage() : String.valueOf(e.getMessage());
        message = message.replaceFirst("^From line \\d+, column \\d+ to line \\d+, column \\d+: ", "");
        Classified c = classify(message, catalog);
        return new RuleProblem(c.kind(), Math.max(1, e.getPosLine()), Math.max(1, e.getPosColumn()),
                Math.max(1, e.getEndPosLine()), Math.max(1, e.getEndPosColumn()), c.message());
    }

    private record Classified(Kind kind, String message) {
    }

    private Classified classify(String message, RuleCatalog catalog) {
        Matcher m;
        if ((m = COLUMN_IN_ANY.matcher(message)).matches()) {
            return unknownColumn(m.group(1), null, catalog);
        }
        if ((m = COLUMN_IN_TABLE.matcher(message)).matches()) {
            return unknownColumn(m.group(1), m.group(2), catalog);
        }
        if ((m = UNKNOWN_FIELD.matcher(message)).matches()) {
            return new Classified(Kind.UNKNOWN_PROPERTY, "'" + m.group(1) + "' is not a member of the ROW"
                    + suggestion(m.group(1), catalog.usedRowMembers()));
        }
        if ((m = OBJECT.matcher(message)).matches()) {
            return unknownTable(m.group(1), catalog);
        }
        if ((m = TABLE.matcher(message)).matches()) {
            String name = m.group(1);
            for (String table : catalog.used()) {
                if (catalog.columns(table).contains(name)) {
                    return new Classified(Kind.UNKNOWN_SOURCE, "'" + name + "' is a column, not a table: to read a "
                            + "member of a ROW column, name its table first, e.g. " + table + ".`" + name
                            + "`.member (or the table's alias)");
                }
            }
            return new Classified(Kind.UNKNOWN_SOURCE, "'" + m.group(1) + "' is neither a table nor an alias in this "
                    + "query; a rule reads " + String.join(", ", catalog.tableNames()));
        }
        if ((m = NO_MATCH.matcher(message)).matches()) {
            return noMatch(m.group(1).strip(), m.group(2) == null ? "" : types(m.group(2)));
        }
        if ((m = ARGUMENT_COUNT.matcher(message)).matches()) {
            return new Classified(Kind.WRONG_ARITY, m.group(1) + " takes " + m.group(2) + " argument"
                    + ("1".equals(m.group(2)) ? "" : "s"));
        }
        if ((m = CANNOT_APPLY.matcher(message)).matches()) {
            String forms = types(m.group(3).replace("\n", "; "));
            return new Classified(Kind.TYPE_MISMATCH, "cannot apply '" + m.group(1) + "' to " + types(m.group(2))
                    + (forms.split(";").length <= 3 ? "; it takes " + forms.replace("'", "") : ""));
        }
        if (message.contains("compatible types") || message.contains("type mismatch")) {
            return new Classified(Kind.TYPE_MISMATCH, lowerFirst(FlinkTypes.flinkNames(message)));
        }
        return new Classified(Kind.INVALID_QUERY, lowerFirst(FlinkTypes.flinkNames(message)));
    }

    private Classified unknownColumn(String column, String table, RuleCatalog catalog) {
        List<String> candidates = scopeColumns(catalog, table);
        return new Classified(Kind.UNKNOWN_PROPERTY, "'" + column + "' is not a column of "
                + (table != null ? table : usedTablesText(catalog)) + suggestion(column, candidates));
    }

    private Classified unknownTable(String table, RuleCatalog catalog) {
        List<String> tables = catalog.tableNames();
        String suggestion = suggestion(table, tables);
        if (suggestion.isEmpty() && table.startsWith("product_")) {
            String other = table.substring("product_".length()).replaceFirst("_(event_.*|attributes)$", "");
            return new Classified(Kind.WRONG_PRODUCT, "'" + table + "' is a view of product '" + other
                    + "', but the rule is compiled for product " + catalog.productKeys().stream()
                    .map(k -> "'" + k + "'").collect(java.util.stream.Collectors.joining(", "))
                    + "; its views are " + String.join(", ", tables));
        }
        return new Classified(Kind.UNKNOWN_SOURCE, "'" + table + "' is not a table a rule can read"
                + suggestion + "; the tables are " + String.join(", ", tables));
    }

    private Classified noMatch(String name, String arguments) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (!operators.names().contains(upper)) {
            return new Classified(Kind.UNKNOWN_FUNCTION, "'" + name + "' is not a Flink SQL function"
                    + suggestion(upper, operators.names()) + "; see docs/rules.md, Flink SQL rules");
        }
        int count = arguments.isBlank() ? 0 : arguments.split(",").length;
        boolean countFits = operators.table().getOperatorList().stream()
                .filter(op -> op.getName().equalsIgnoreCase(name))
                .map(SqlOperator::getOperandCountRange)
                .anyMatch(range -> range.isValidCount(count));
        return countFits
                ? new Classified(Kind.TYPE_MISMATCH, name + " cannot take arguments of type (" + arguments + ")")
                : new Classified(Kind.WRONG_ARITY, name + " cannot take " + count + " argument"
                        + (count == 1 ? "" : "s"));
    }

    /** The columns an unqualified name could have meant: the named table's, or every table's the query read. */
    private static List<String> scopeColumns(RuleCatalog catalog, String table) {
        Set<String> columns = new LinkedHashSet<>();
        if (table != null) {
            columns.addAll(catalog.columns(table));
        }
        if (columns.isEmpty()) {
            catalog.used().forEach(t -> columns.addAll(catalog.columns(t)));
            columns.addAll(WINDOW_COLUMNS);
        }
        return new ArrayList<>(columns);
    }

    private static String usedTablesText(RuleCatalog catalog) {
        List<String> used = List.copyOf(catalog.used());
        return used.isEmpty() ? "any table in the query" : String.join(", ", used);
    }

    /** " (did you mean 'x'?)" for the closest candidate within two edits, case-insensitively; else "". */
    static String suggestion(String name, Collection<String> candidates) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : candidates) {
            int d = SourceText.distance(candidate.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT));
            if (d < bestDistance && !candidate.equals(name)) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    /** {@code <VARCHAR(2147483647)> > <INTEGER>} as {@code STRING > INT}. */
    private static String types(String calcite) {
        return FlinkTypes.flinkNames(TYPE_IN_BRACKETS.matcher(calcite).replaceAll("$1"));
    }

    private static String lowerFirst(String message) {
        return message.isEmpty() ? message : Character.toLowerCase(message.charAt(0)) + message.substring(1);
    }
}
