package io.weft.sqlrules.flink;

import java.util.List;
import java.util.Set;

/**
 * A rule translated to Flink SQL: the view it reads (create it first with {@code view.ddl()}), the query, the
 * names of its result columns in order, and the Weft functions ({@code weft_*}) the query calls, which the rule
 * runtime registers as UDFs before running it (see docs/rules.md for what each one must do).
 */
public record FlinkRule(ProductView view, String query, List<String> outputs, Set<String> functions) {

    public FlinkRule {
        outputs = List.copyOf(outputs);
        functions = Set.copyOf(functions);
    }
}
