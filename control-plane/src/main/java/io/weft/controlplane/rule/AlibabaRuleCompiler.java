package io.weft.controlplane.rule;

import io.weft.core.rule.RuleDialect;
import io.weft.core.tsl.ThingModel;
import io.weft.sqlrules.RuleCompilation;
import io.weft.sqlrules.alibaba.AlibabaRules;
import org.springframework.stereotype.Component;

/** Alibaba's rule SQL, compiled by sql-rules. */
@Component
public class AlibabaRuleCompiler implements RuleCompiler {
    private final AlibabaRules rules = new AlibabaRules();

    @Override
    public RuleDialect dialect() {
        return RuleDialect.ALIBABA;
    }

    @Override
    public RuleCompilation compile(String sql, ThingModel model) {
        return rules.compile(sql, model);
    }
}
