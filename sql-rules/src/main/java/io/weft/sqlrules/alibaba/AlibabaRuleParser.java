package io.weft.sqlrules.alibaba;

import io.weft.sqlrules.RuleProblem;
import io.weft.sqlrules.RuleProblem.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlSelectKeyword;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

/**
 * Parses Alibaba rule SQL ({@code SELECT ... FROM "<topic filter>" [WHERE ...]}) with Calcite's standard parser:
 * double quotes quote identifiers (so the topic filter is one identifier), names keep their case, and the
 * {@link ReservedWordEscaper} pre-pass handles {@code timestamp(...)} and {@code items.X.value}. Never throws: a
 * syntax error or a statement shape Alibaba does not have comes back as a {@link RuleProblem}.
 */
public final class AlibabaRuleParser {
    static final SqlParser.Config CONFIG = SqlParser.config()
            .withQuoting(Quoting.DOUBLE_QUOTE)
            .withUnquotedCasing(Casing.UNCHANGED)
            .withQuotedCasing(Casing.UNCHANGED)
            .withCaseSensitive(true)
            .withConformance(SqlConformanceEnum.LENIENT);

    private static final Pattern UNQUOTED_FROM = Pattern.compile("(?i)\\bFROM\\s+/");
    private static final Pattern ENCOUNTERED = Pattern.compile("Encountered \"(.*?)\" at line \\d+, column \\d+",
            Pattern.DOTALL);

    private final ReservedWordEscaper escaper;

    public AlibabaRuleParser() {
        this.escaper = new ReservedWordEscaper(SqlParser.create("", CONFIG).getMetadata()::isReservedWord);
    }

    /** The parsed rule, or the problems that stop it (then {@code rule} is null). */
    public record Result(ParsedRule rule, List<RuleProblem> problems) {
        public Result {
            problems = List.copyOf(problems);
        }
    }

    public Result parse(String sql) {
        if (sql == null || sql.isBlank()) {
            return failed(List.of(new RuleProblem(Kind.SYNTAX, 1, 1, 1, 1,
                    "the rule is empty; write SELECT ... FROM \"/{productKey}/+/thing/event/property/post\"")));
        }
        ReservedWordEscaper.Escaped escaped = escaper.escape(sql);
        SqlNode node;
        try {
            node = SqlParser.create(escaped.sql(), CONFIG).parseQuery();
        } catch (SqlParseException e) {
            return failed(List.of(syntaxProblem(sql, escaped, e)));
        } catch (RuntimeException e) {
            // Calcite's parser signals a few grammar violations with unchecked exceptions.
            return failed(List.of(new RuleProblem(Kind.SYNTAX, 1, 1, 1, 1,
                    "the rule could not be read: " + escaped.restore(String.valueOf(e.getMessage())))));
        }
        if (!(node instanceof SqlSelect select)) {
            return failed(List.of(problem(Kind.UNSUPPORTED, node.getParserPosition(),
                    "a rule is one SELECT ... FROM \"<topic>\" [WHERE ...]; " + describe(node.getKind())
                            + " is not part of Alibaba's rule SQL")));
        }
        List<RuleProblem> problems = new ArrayList<>();
        shape(select, problems);
        SqlNode from = select.getFrom();
        TopicFilter source = null;
        if (from instanceof SqlIdentifier id && id.isSimple()) {
            TopicFilter.Parsed parsed = TopicFilter.parse(id.getSimple());
            if (parsed.filter() == null) {
                problems.add(problem(Kind.UNKNOWN_SOURCE, from.getParserPosition(), parsed.problem()));
            }
            source = parsed.filter();
        } else if (from != null && !(from instanceof SqlIdentifier)) {
            problems.add(problem(Kind.UNSUPPORTED, from.getParserPosition(),
                    "a rule reads one topic: FROM \"/{productKey}/+/thing/event/property/post\", "
                            + "without joins, aliases or subqueries"));
        } else {
            SqlParserPos at = from == null ? select.getParserPosition() : from.getParserPosition();
            problems.add(problem(Kind.UNKNOWN_SOURCE, at, "FROM names the topic filter in double quotes, "
                    + "e.g. FROM \"/{productKey}/+/thing/event/property/post\""));
        }
        if (!problems.isEmpty()) {
            return failed(problems);
        }
        List<SqlNode> items = new ArrayList<>(select.getSelectList().getList());
        return new Result(new ParsedRule(sql, items, select.getWhere(), source, from.getParserPosition(),
                Set.copyOf(escaped.originals().values())), List.of());
    }

    private static void shape(SqlSelect select, List<RuleProblem> problems) {
        if (select.getModifierNode(SqlSelectKeyword.DISTINCT) != null) {
            problems.add(problem(Kind.UNSUPPORTED, select.getParserPosition(),
                    "DISTINCT is not part of Alibaba's rule SQL: a rule handles one message at a time"));
        }
        clause(select.getGroup(), "GROUP BY", problems);
        clause(select.getHaving(), "HAVING", problems);
        clause(select.getWindowList(), "WINDOW", problems);
        clause(select.getQualify(), "QUALIFY", problems);
        clause(select.getOrderList(), "ORDER BY", problems);
        clause(select.getFetch(), "LIMIT/FETCH", problems);
        clause(select.getOffset(), "OFFSET", problems);
    }

    private static void clause(SqlNode node, String name, List<RuleProblem> problems) {
        if (node == null || (node instanceof SqlNodeList list && list.isEmpty())) {
            return;
        }
        problems.add(problem(Kind.UNSUPPORTED, node.getParserPosition(),
                name + " is not part of Alibaba's rule SQL: a rule handles one message at a time "
                        + "(windows and aggregates come with Weft's Flink SQL rules)"));
    }

    private static String describe(SqlKind kind) {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static RuleProblem syntaxProblem(String sql, ReservedWordEscaper.Escaped escaped, SqlParseException e) {
        SqlParserPos pos = e.getPos() == null ? new SqlParserPos(1, 1) : e.getPos();
        String first = escaped.restore(String.valueOf(e.getMessage())).split("\n", 2)[0].trim();
        String message;
        Matcher m = ENCOUNTERED.matcher(first);
        if (m.find()) {
            String near = m.group(1);
            message = near.contains("<EOF>") ? "the rule ends too early" : "unexpected '" + near + "'";
        } else if (first.startsWith("Lexical error")) {
            message = "unexpected character" + first.replaceFirst("(?s).*Encountered: (\"[^\"]*\").*", " $1");
        } else if (first.startsWith("Non-query expression")) {
            message = "a rule starts with SELECT";
        } else {
            message = first.replaceFirst(" at line \\d+, column \\d+\\.?", "");
        }
        if (UNQUOTED_FROM.matcher(sql).find()) {
            message += "; put the topic filter in double quotes: FROM \"/...\"";
        }
        return new RuleProblem(Kind.SYNTAX, pos.getLineNum(), pos.getColumnNum(), pos.getEndLineNum(),
                pos.getEndColumnNum(), "syntax error: " + message);
    }

    static RuleProblem problem(Kind kind, SqlParserPos pos, String message) {
        return new RuleProblem(kind, pos.getLineNum(), pos.getColumnNum(), pos.getEndLineNum(),
                pos.getEndColumnNum(), message);
    }

    private static Result failed(List<RuleProblem> problems) {
        return new Result(null, problems);
    }
}
