package io.weft.sqlrules.flinksql;

import java.util.ArrayList;
import java.util.List;

/**
 * The analyst's query text as words with their 1-based line and column, skipping string literals, back-quoted
 * names and comments. Syntax messages use it to name the word near an error ("did you mean FROM?").
 */
final class SourceText {

    /** A bare word ({@code FORM}, {@code temperature}) and where it starts. */
    record Word(String text, int line, int column) {
        int endColumn() {
            return column + text.length() - 1;
        }

        boolean before(int otherLine, int otherColumn) {
            return line < otherLine || (line == otherLine && column < otherColumn);
        }
    }

    private SourceText() {
    }

    static List<Word> words(String sql) {
        List<Word> words = new ArrayList<>();
        int line = 1;
        int column = 1;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\n') {
                line++;
                column = 1;
                i++;
                continue;
            }
            int skip = 0;
            if (c == '\'' || c == '`' || c == '"') {
                skip = quoted(sql, i, c);
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                skip = (end < 0 ? n : end) - i;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                skip = (end < 0 ? n : end + 2) - i;
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_'
                        || sql.charAt(i) == '$')) {
                    i++;
                }
                words.add(new Word(sql.substring(start, i), line, column));
                column += i - start;
                continue;
            } else {
                skip = 1;
            }
            for (int k = i; k < i + skip && k < n; k++) {
                if (sql.charAt(k) == '\n') {
                    line++;
                    column = 1;
                } else {
                    column++;
                }
            }
            i += skip;
        }
        return words;
    }

    private static int quoted(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1 - start;
            }
            i++;
        }
        return sql.length() - start;
    }

    /** Optimal string alignment distance: edits, with a swap of two neighbours counting as one (FORM, FROM). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
