package io.weft.flinkjobs.rules.functions;

import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.InputGroup;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * Alibaba's {@code substring(target, start[, end])}: the text from {@code start} (0-based, included) to {@code end}
 * (excluded; the end of the text without it). Positions are numbers of any type, cut to whole numbers; a start
 * below 0 is 0, an end past the text is its length, and an end at or before the start gives the empty text. NULL
 * in, NULL out.
 */
public final class WeftSubstring extends ScalarFunction {

    public String eval(String target, @DataTypeHint(inputGroup = InputGroup.ANY) Object start) {
        if (target == null || !(start instanceof Number s)) {
            return null;
        }
        return cut(target, s.longValue(), target.length());
    }

    public String eval(String target, @DataTypeHint(inputGroup = InputGroup.ANY) Object start,
                       @DataTypeHint(inputGroup = InputGroup.ANY) Object end) {
        if (target == null || !(start instanceof Number s) || !(end instanceof Number e)) {
            return null;
        }
        return cut(target, s.longValue(), e.longValue());
    }

    private static String cut(String target, long start, long end) {
        int from = (int) Math.max(0, Math.min(start, target.length()));
        int to = (int) Math.max(0, Math.min(end, target.length()));
        return to <= from ? "" : target.substring(from, to);
    }
}
