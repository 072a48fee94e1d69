package io.weft.sqlrules.flinksql;

import io.weft.sqlrules.RuleProblem;
import io.weft.sqlrules.RuleProblem.Kind;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlAbstractParserImpl;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Parses a Flink SQL rule with Calcite's standard parser configured as Flink's table environment configures its
 * own: names in back-ticks, kept as written and matched case-sensitively, Flink's conformance. A rule is exactly one
 * SELECT (a {@code WITH ... SELECT}, a UNION of SELECTs): INSERT, CREATE and other statements come back as
 * {@link Kind#UNSUPPORTED}, syntax errors as {@link Kind#SYNTAX} with a message an analyst can act on rather than
 * JavaCC's list of expected tokens. Never throws.
 */
final class QueryParser {
    static final SqlParser.Config CONFIG = SqlParser.config()
            .withQuoting(Quoting.BACK_TICK)
            .withUnquotedCasing(Casing.UNCHANGED)
            .withQuotedCasing(Casing.UNCHANGED)
            .withCaseSensitive(true)
            .withConformance(FlinkConformance.INSTANCE);

    /** Statements a rule cannot be, by their first word, and why. */
    private static final Set<String> DDL = Set.of("CREATE", "DROP", "ALTER", "TRUNCATE");
    private static final Set<String> DML = Set.of("INSERT", "UPSERT", "UPDATE", "DELETE", "MERGE", "EXECUTE");
    private static final Set<String> OTHER = Set.of("SET", "RESET", "USE", "SHOW", "DESCRIBE", "DESC", "EXPLAIN",
            "BEGIN", "END", "LOAD", "UNLOAD", "ADD", "REMOVE", "ANALYZE", "CALL");

    /** Keywords an analyst may mistype; a near miss is named in the message ("did you mean FROM?"). */
    private static final List<String> KEYWORDS = List.of("SELECT", "FROM", "WHERE", "GROUP", "HAVING", "ORDER",
            "WINDOW", "JOIN", "INNER", "LEFT", "RIGHT", "OUTER", "CROSS", "UNION", "BETWEEN", "LIKE", "DISTINCT",
            "INTERVAL", "DESCRIPTOR", "TABLE", "PARTITION", "MEASURES", "PATTERN", "DEFINE", "WITHIN",
            "MATCH_RECOGNIZE", "LIMIT", "CASE", "WHEN", "THEN", "ELSE", "MINUTE", "SECOND", "HOUR");

    private static final Pattern ENCOUNTERED = Pattern.compile("Encountered \"(.*?)\" at line \\d+, column \\d+",
            Pattern.DOTALL);
    private static final Pattern LEXICAL = Pattern.compile("Encountered: (\"[^\"]*\"|<EOF>)");

    /**
     * {@code UUID()} is a Flink function, but UUID is a keyword of Calcite 1.42's grammar (a type), so
     * {@code UUID()} does not parse. Before parsing, {@code UUID} followed by {@code (} is replaced by this name of the
     * same length (the U shifted into Latin Extended-A, a letter to the lexer), which the operator table knows as
     * Flink's UUID; positions stay those of the analyst's text. The query that runs keeps {@code UUID()}.
     */
    static final String UUID_PLACEHOLDER = "\u0155UID";

    private final SqlAbstractParserImpl.Metadata metadata = SqlParser.create("", CONFIG).getMetadata();

    /** The parsed query, or the problems that stop it (then {@code query} is null). */
    record Result(SqlNode query, List<RuleProblem> problems) {
        Result {
            problems = List.copyOf(problems);
        }
    }

    Result parse(String sql, Set<String> columnNames) {
        List<SourceText.Word> words = SourceText.words(sql == null ? "" : sql);
        if (words.isEmpty()) {
            return failed(new RuleProblem(Kind.SYNTAX, 1, 1, 1, 1,
                    "the rule is empty; write one SELECT over the product's views, e.g. SELECT * FROM product_{pk}"));
        }
        SourceText.Word first = words.get(0);
        Optional<String> refused = refusal(first.text().toUpperCase(Locale.ROOT));
        if (refused.isPresent()) {
            return failed(new RuleProblem(Kind.UNSUPPORTED, first.line(), first.column(), first.line(),
                    first.endColumn(), refused.get()));
        }
        SqlNodeList statements;
        try {
            statements = SqlParser.create(uuidCalls(sql, words), CONFIG).parseStmtList();
        } catch (SqlParseException e) {
            return failed(syntaxProblem(e, words, columnNames));
        } catch (RuntimeException e) {
            // Calcite's parser signals a few grammar violations with unchecked exceptions.
            return failed(new RuleProblem(Kind.SYNTAX, 1, 1, 1, 1, "syntax error: " + e.getMessage()));
        }
        if (statements.size() != 1) {
            SqlParserPos at = statements.size() > 1 ? statements.get(1).getParserPosition() : SqlParserPos.ZERO;
            return failed(problem(Kind.UNSUPPORTED, at, "a rule is one SELECT statement; this is the statement "
                    + "number 2 of " + statements.size() + " (write one rule per query)"));
        }
        SqlNode statement = statements.get(0);
        if (!statement.getKind().belongsTo(SqlKind.QUERY)) {
            return failed(problem(Kind.UNSUPPORTED, statement.getParserPosition(), "a rule is one SELECT query; "
                    + statement.getKind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " is not allowed"));
        }
        return new Result(statement, List.of());
    }

    private static String uuidCalls(String sql, List<SourceText.Word> words) {
        StringBuilder out = null;
        String[] lines = sql.split("\n", -1);
        int[] lineStart = new int[lines.length];
        for (int i = 1; i < lines.length; i++) {
            lineStart[i] = lineStart[i - 1] + lines[i - 1].length() + 1;
        }
        for (SourceText.Word w : words) {
            int at = lineStart[w.line() - 1] + w.column() - 1;
            int next = at + w.text().length();
            while (next < sql.length() && Character.isWhitespace(sql.charAt(next))) {
                next++;
            }
            if (w.text().equalsIgnoreCase("UUID") && next < sql.length() && sql.charAt(next) == '(') {
                out = out == null ? new StringBuilder(sql) : out;
                out.replace(at, at + 4, UUID_PLACEHOLDER);
            }
        }
        return out == null ? sql : out.toString();
    }

    private static Optional<String> refusal(String firstWord) {
        if (DDL.contains(firstWord)) {
            return Optional.of(firstWord + " is not allowed in a rule: a rule is one SELECT query, and Weft declares "
                    + "the tables it reads (the product views) itself");
        }
        if (DML.contains(firstWord)) {
            return Optional.of(firstWord + " is not allowed in a rule: a rule is one SELECT query, and Weft sends "
                    + "its results to the rule's destinations");
        }
        if (OTHER.contains(firstWord)) {
            return Optional.of(firstWord + " is not allowed in a rule: a rule is one SELECT query");
        }
        return Optional.empty();
    }

    private RuleProblem syntaxProblem(SqlParseException e, List<SourceText.Word> words, Set<String> columnNames) {
        SqlParserPos pos = e.getPos() == null ? new SqlParserPos(1, 1) : e.getPos();
        String first = String.valueOf(e.getMessage()).split("\n", 2)[0].trim();
        Matcher encountered = ENCOUNTERED.matcher(first);
        if (!encountered.find()) {
            return syntax(pos, otherMessage(first));
        }
        String near = encountered.group(1).replace("\\\"", "\"");
        Optional<SourceText.Word> misspelt = misspeltKeyword(words, pos);
        if (misspelt.isPresent()) {
            SourceText.Word w = misspelt.get();
            return new RuleProblem(Kind.SYNTAX, w.line(), w.column(), w.line(), w.endColumn(),
                    "syntax error: unexpected `" + w.text() + "`; did you mean " + nearestKeyword(w.text()) + "?");
        }
        String message;
        if (near.contains("<EOF>")) {
            message = "the query ends too early; expected " + expected(e);
        } else {
            String word = near.split(" ", 2)[0];
            message = "unexpected `" + word + "`; expected " + expected(e);
            if (near.contains("\"")) {
                message += "; text goes in single quotes ('on'), names with special characters in back-ticks";
            } else if (metadata.isReservedWord(word.toUpperCase(Locale.ROOT))
                    && !KEYWORDS.contains(word.toUpperCase(Locale.ROOT))) {
                message += "; " + word + " is a reserved word in Flink SQL: write "
                        + (columnNames.stream().anyMatch(c -> c.equalsIgnoreCase(word)) ? "the column" : "a name")
                        + " as `" + word + "`";
            }
        }
        return syntax(pos, message);
    }

    /** A word just before (or at) the error that is one edit away from a keyword the parser could take. */
    private static Optional<SourceText.Word> misspeltKeyword(List<SourceText.Word> words, SqlParserPos pos) {
        SourceText.Word at = null;
        SourceText.Word before = null;
        for (SourceText.Word w : words) {
            if (w.line() == pos.getLineNum() && w.column() == pos.getColumnNum()) {
                at = w;
            } else if (w.before(pos.getLineNum(), pos.getColumnNum())) {
                before = w;
            }
        }
        for (SourceText.Word w : new SourceText.Word[] {at, before}) {
            if (w != null && w.text().length() >= 4 && nearestKeyword(w.text()) != null
                    && !KEYWORDS.contains(w.text().toUpperCase(Locale.ROOT))) {
                return Optional.of(w);
            }
        }
        return Optional.empty();
    }

    private static String nearestKeyword(String word) {
        String upper = word.toUpperCase(Locale.ROOT);
        return KEYWORDS.stream().filter(k -> SourceText.distance(k, upper) == 1).findFirst().orElse(null);
    }

    /** The tokens the parser would have taken, as an analyst reads them, or a summary when there are many. */
    private static String expected(SqlParseException e) {
        Set<String> names = new LinkedHashSet<>();
        boolean name = false;
        boolean value = false;
        for (String token : e.getExpectedTokenNames()) {
            if (token.equals("<EOF>")) {
                names.add("the end of the query");
            } else if (token.contains("IDENTIFIER")) {
                name = true;
            } else if (token.contains("LITERAL") || token.contains("STRING")) {
                value = true;
            } else if (token.startsWith("\"") && token.endsWith("\"") && token.length() > 2) {
                names.add(token.substring(1, token.length() - 1));
            }
        }
        if (name && value) {
            return "an expression (a column, a value or a function call)";
        }
        List<String> listed = new ArrayList<>();
        if (name) {
            listed.add("a name");
        }
        if (value) {
            listed.add("a value");
        }
        listed.addAll(names);
        if (listed.size() > 8) {
            listed = new ArrayList<>(listed.subList(0, 8));
            listed.add("...");
        }
        return listed.isEmpty() ? "something else" : String.join(", ", listed);
    }

    private static String otherMessage(String first) {
        String message = first.replaceFirst(" at line \\d+, column \\d+\\.?", "").trim();
        if (message.startsWith("Lexical error")) {
            Matcher m = LEXICAL.matcher(message);
            return m.find() ? (m.group(1).equals("<EOF>") ? "a quote or comment is not closed"
                    : "unexpected character " + m.group(1).replaceAll("^\"|\"$", "'")) : message;
        }
        if (message.startsWith("Bang equal")) {
            return "'!=' is not Flink SQL; write <> for 'not equal'";
        }
        return message;
    }

    private static RuleProblem syntax(SqlParserPos pos, String message) {
        return new RuleProblem(Kind.SYNTAX, pos.getLineNum(), pos.getColumnNum(), pos.getEndLineNum(),
                pos.getEndColumnNum(), "syntax error: " + message);
    }

    static RuleProblem problem(Kind kind, SqlParserPos pos, String message) {
        return new RuleProblem(kind, Math.max(1, pos.getLineNum()), Math.max(1, pos.getColumnNum()),
                Math.max(1, pos.getEndLineNum()), Math.max(1, pos.getEndColumnNum()), message);
    }

    private static Result failed(RuleProblem problem) {
        return new Result(null, List.of(problem));
    }
}
