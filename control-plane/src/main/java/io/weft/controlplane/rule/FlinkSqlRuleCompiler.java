package io.weft.controlplane.rule;

import io.weft.core.rule.RuleDialect;
import io.weft.core.tsl.ThingModel;
import io.weft.sqlrules.RuleCompilation;
import io.weft.sqlrules.flinksql.FlinkSqlRules;
import org.springframework.stereotype.Component;

/** Flink SQL over the product's typed views, compiled by sql-rules. */
@Component
public class FlinkSqlRuleCompiler implements RuleCompiler {
    private final FlinkSqlRules rules = new FlinkSqlRules();

    @Override
    public RuleDialect dialect() {
        return RuleDialect.FLINK;
    }

    @Override
    public RuleCompilation compile(String sql, ThingModel model) {
        return rules.compile(sql, model);
    }
}
