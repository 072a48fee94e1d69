package io.weft.flinkjobs.rules.functions;

import org.apache.flink.table.functions.ScalarFunction;

/** Alibaba's {@code endswith(input, suffix)}: whether the text ends with the suffix; NULL when either is NULL. */
public final class WeftEndsWith extends ScalarFunction {

    public Boolean eval(String input, String suffix) {
        if (input == null || suffix == null) {
            return null;
        }
        return input.endsWith(suffix);
    }
}
