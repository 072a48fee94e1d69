package io.weft.controlplane.rule;

import io.weft.core.rule.RuleDialect;
import io.weft.core.tsl.ThingModel;
import io.weft.sqlrules.RuleCompilation;

/**
 * Compiles rules of one dialect for a product: every problem with its line and column, or the Flink SQL. A Spring
 * bean per dialect; {@link RuleCompilers} finds it. Implementations never throw for anything in the rule text.
 */
public interface RuleCompiler {

    RuleDialect dialect();

    RuleCompilation compile(String sql, ThingModel model);
}
