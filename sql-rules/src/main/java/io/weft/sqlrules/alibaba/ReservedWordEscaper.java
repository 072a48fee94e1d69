package io.weft.sqlrules.alibaba;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The pre-pass that lets Calcite's standard parser read Alibaba's rule SQL. Alibaba uses words that are reserved in
 * SQL as plain names: the function {@code timestamp()} (Calcite's grammar only knows the literal
 * {@code TIMESTAMP '...'}, so {@code timestamp()} with no argument does not parse) and {@code value}, {@code time}
 * and friends inside dotted paths ({@code items.Temp.value}, {@code value.level} in an event).
 *
 * <p>Rather than fork Calcite's grammar, the pass rewrites exactly those words, outside string literals, quoted
 * identifiers and comments, to a placeholder <em>of the same length</em>: the first letter is shifted into the
 * Latin Extended-A block ({@code t} becomes U+0174), which Calcite lexes as a letter and which no thing-model
 * identifier ({@code [A-Za-z0-9_]}) or Alibaba function can contain. Because lengths and line breaks are kept,
 * every position Calcite reports is a position in the analyst's own text. The words rewritten are:
 * <ul>
 *   <li>{@code timestamp} directly followed by {@code (} (whitespace allowed),</li>
 *   <li>any word Calcite reserves that is directly preceded or followed by a {@code .}, or that follows
 *       {@code AS} (an alias such as {@code AS day}, as in Alibaba's own examples).</li>
 * </ul>
 * A bare reserved word used as a property name ({@code SELECT value FROM ...}) is still a syntax error: address it
 * as {@code items.value.value} (see docs/rules.md).
 */
final class ReservedWordEscaper {
    private static final int SHIFT = 0x100;

    private final Predicate<String> reserved;

    /** {@code reserved} answers for an upper-case word, as Calcite's parser metadata does. */
    ReservedWordEscaper(Predicate<String> reserved) {
        this.reserved = reserved;
    }

    /** The rewritten text, and the original of every word rewritten, by its offset. */
    record Escaped(String sql, Map<Integer, String> originals) {

        /** The analyst's spelling of a name Calcite read, which may be a rewritten word. */
        String original(String name) {
            if (name.isEmpty() || name.charAt(0) < SHIFT) {
                return name;
            }
            String unshifted = (char) (name.charAt(0) - SHIFT) + name.substring(1);
            return originals.containsValue(unshifted) ? unshifted : name;
        }

        /** Restores the analyst's words in a text (a parser message) that may quote rewritten ones. */
        String restore(String text) {
            String restored = text;
            for (String original : originals.values()) {
                restored = restored.replace(placeholder(original), original);
            }
            return restored;
        }
    }

    Escaped escape(String sql) {
        StringBuilder out = new StringBuilder(sql);
        Map<Integer, String> originals = new HashMap<>();
        int i = 0;
        int n = sql.length();
        String previousWord = "";
        while (i < n) {
            char c = sql.charAt(i);
            if (!Character.isWhitespace(c) && !Character.isLetter(c) && c != '_') {
                previousWord = "";
            }
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
                if (rewrite(sql, start, i, word, previousWord)) {
                    out.replace(start, i, placeholder(word));
                    originals.put(start, word);
                }
                previousWord = word;
            } else {
                i++;
            }
        }
        return new Escaped(out.toString(), Map.copyOf(originals));
    }

    private boolean rewrite(String sql, int start, int end, String word, String previousWord) {
        if (word.charAt(0) > 'z') {
            return false;
        }
        char before = previousNonSpace(sql, start);
        char after = nextNonSpace(sql, end);
        if (word.equalsIgnoreCase("timestamp") && after == '(') {
            return true;
        }
        boolean alias = previousWord.equalsIgnoreCase("AS") && Character.isWhitespace(sql.charAt(start - 1));
        return (before == '.' || after == '.' || alias) && reserved.test(word.toUpperCase(java.util.Locale.ROOT));
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

    private static char previousNonSpace(String sql, int from) {
        for (int i = from - 1; i >= 0; i--) {
            if (!Character.isWhitespace(sql.charAt(i))) {
                return sql.charAt(i);
            }
        }
        return 0;
    }

    private static char nextNonSpace(String sql, int from) {
        for (int i = from; i < sql.length(); i++) {
            if (!Character.isWhitespace(sql.charAt(i))) {
                return sql.charAt(i);
            }
        }
        return 0;
    }
}
