package io.weft.controlplane.rule;

import io.weft.core.rule.RuleDialect;
import io.weft.sqlrules.flink.FlinkRule;
import java.util.List;
import java.util.TreeSet;

/**
 * A valid rule's Flink SQL, as {@code POST /api/v1/rules/validate} answers it: the statements creating the views it
 * reads, its query, the names of its result fields in order, and the {@code weft_*} functions it calls (sorted).
 */
public record CompiledRule(boolean valid, RuleDialect dialect, String productKey, List<String> views, String query,
                           List<String> outputs, List<String> functions) {

    static CompiledRule of(RuleDialect dialect, String productKey, FlinkRule flink) {
        return new CompiledRule(true, dialect, productKey, RuleDeployer.views(flink), flink.query(), flink.outputs(),
                List.copyOf(new TreeSet<>(flink.functions())));
    }
}
