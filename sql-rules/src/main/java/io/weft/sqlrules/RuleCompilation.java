package io.weft.sqlrules;

import io.weft.sqlrules.flink.FlinkRule;
import java.util.List;

/**
 * What compiling a rule gave: every problem found (in source order), and the Flink SQL when there were none.
 * {@code flink} is null exactly when {@code problems} is not empty.
 */
public record RuleCompilation(List<RuleProblem> problems, FlinkRule flink) {

    public RuleCompilation {
        problems = List.copyOf(problems);
        if ((flink == null) == problems.isEmpty()) {
            throw new IllegalArgumentException("a compilation has either problems or a Flink rule");
        }
    }

    public static RuleCompilation failed(List<RuleProblem> problems) {
        return new RuleCompilation(problems, null);
    }

    public static RuleCompilation succeeded(FlinkRule flink) {
        return new RuleCompilation(List.of(), flink);
    }

    public boolean valid() {
        return problems.isEmpty();
    }
}
