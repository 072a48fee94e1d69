package io.weft.sqlrules.alibaba;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The pre-pass that lets Calcite's standard parser read Alibaba's rule SQL. Alibaba uses words that are reserved in
 * SQL as plain names: the function {@code timestamp()} (Calcite's grammar only knows the literal
 * {@code TIMESTAMP '...'}, so {@code timestamp()} with no argument does not parse) and {@code value}, {@code time}
 * and friends inside dotted paths ({@code items.Temp.value}, {@code value.level} in an event).
 *
 * <p>Rather than fork Calcite's grammar, the pass rewrites every word Calcite reserves, except the keywords of a
 * rule's structure ({@code SELECT}, {@code AND}, {@code LIKE}, ... see {@link #STRUCTURE}), outside string literals,
 * quoted identifiers and comments, to a placeholder <em>of the same length</em>: the first letter is shifted into
 * the Latin Extended-A block ({@code t} becomes U+0174), which Calcite lexes as a letter and which no thing-model
 * identifier ({@code [A-Za-z0-9_]}) or Alibaba function contains. So {@code timestamp('yyyy')}, {@code floor(x)},
 * {@code items.Temp.value}, {@code AS day} and a property called {@code position} all reach the validator as plain
 * names and function calls, and because lengths and line breaks are kept, every position Calcite reports is a
 * position in the analyst's own text.
 */
final class ReservedWordEscaper {
    private static final int SHIFT = 0x100;

    /**
     * The keywords a rule's own structure uses, and those of SQL constructs Alibaba's dialect does not have (kept
     * so that GROUP BY, JOIN or CASE get a precise "not supported" answer rather than an odd one).
     */
    private static final Set<String> STRUCTURE = Set.of(
            "SELECT", "FROM", "WHERE", "AS", "AND", "OR", "NOT", "IN", "BETWEEN", "SYMMETRIC", "ASYMMETRIC", "LIKE",
            "ESCAPE", "SIMILAR", "IS", "NULL", "TRUE", "FALSE", "UNKNOWN", "DISTINCT", "ALL", "ANY", "SOME", "EXISTS",
            "GROUP", "BY", "HAVING", "ORDER", "ASC", "DESC", "NULLS", "LIMIT", "OFFSET", "FETCH", "FIRST", "NEXT",
            "ROWS", "ROW", "ONLY", "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "OUTER", "CROSS", "NATURAL", "ON",
            "USING", "LATERAL", "UNNEST", "TABLE", "VALUES", "UNION", "INTERSECT", "EXCEPT", "WITH", "CASE", "WHEN",
            "THEN", "ELSE", "END", "CAST", "INTERVAL", "OVER", "PARTITION", "WINDOW", "QUALIFY", "MATCH_RECOGNIZE",
            "TO", "FOR");

    private final Predicate<String> reserved;

    /** {@code reserved} answers for an upper-case word, as Calcite's parser metadata does. */
    ReservedWordEscaper(Predicate<String> reserved) {
        this.reserved = reserved;
    }

    /** The rewritten text, and the original of every word rewritten, by its offset. */
    record Escaped(String sql, Map<Integer, String> originals) {

        /**
         * Restores the analyst's words in a text (a parser message) that may quote rewritten ones, either as they
         * are or as JavaCC escapes them in its messages ({@code \u0164ay} for the placeholder of {@code day}).
         */
        String restore(String text) {
            String restored = text;
            for (String original : originals.values()) {
                String placeholder = placeholder(original);
                String javacc = String.format(Locale.ROOT, "\\u%04x", (int) placeholder.charAt(0))
                        + placeholder.substring(1);
                restored = restored.replace(placeholder, original).replace(javacc, original);
            }
            return restored;
        }
    }

    Escaped escape(String sql) {
        StringBuilder out = new StringBuilder(sql);
        Map<Integer, String> originals = new HashMap<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                i = skipQuoted(sql, i, c);
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_'
                        || sql.charAt(i) == '$')) {
                    i++;
                }
                String word = sql.substring(start, i);
                if (rewrite(word)) {
                    out.replace(start, i, placeholder(word));
                    originals.put(start, word);
                }
            } else {
                i++;
            }
        }
        return new Escaped(out.toString(), Map.copyOf(originals));
    }

    private boolean rewrite(String word) {
        if (word.charAt(0) > 'z') {
            return false;
        }
        String upper = word.toUpperCase(Locale.ROOT);
        return reserved.test(upper) && !STRUCTURE.contains(upper);
    }

    /** The word a placeholder stands for; any other name unchanged. */
    static String original(String name) {
        if (name.isEmpty() || name.charAt(0) < SHIFT + 'A' || name.charAt(0) > SHIFT + 'z') {
            return name;
        }
        return (char) (name.charAt(0) - SHIFT) + name.substring(1);
    }

    static String placeholder(String word) {
        return (char) (word.charAt(0) + SHIFT) + word.substring(1);
    }

    private static int skipQuoted(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }
}
