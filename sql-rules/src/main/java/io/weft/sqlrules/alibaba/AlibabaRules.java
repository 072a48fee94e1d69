package io.weft.sqlrules.alibaba;

import io.weft.core.tsl.ThingModel;
import io.weft.sqlrules.RuleCompilation;
import io.weft.sqlrules.RuleProblem;
import io.weft.sqlrules.flink.FlinkTranslator;
import io.weft.sqlrules.validate.RuleValidator;
import io.weft.sqlrules.flink.MatchQuery;
import java.util.List;
import java.util.Optional;

/**
 * Compiles an Alibaba rule for a product: parse, check against the thing model, translate to Flink SQL. The one
 * entry point the control plane and the rule runtime use. Never throws for anything in the rule text.
 */
public final class AlibabaRules {
    private final AlibabaRuleParser parser = new AlibabaRuleParser();
    private final RuleValidator validator = new RuleValidator();
    private final FlinkTranslator translator = new FlinkTranslator();

    public RuleCompilation compile(String sql, ThingModel model) {
        try {
            AlibabaRuleParser.Result parsed = parser.parse(sql);
            if (parsed.rule() == null) {
                return RuleCompilation.failed(parsed.problems());
            }
            RuleValidator.Result checked = validator.validate(parsed.rule(), model);
            if (checked.rule() == null) {
                return RuleCompilation.failed(checked.problems());
            }
            return RuleCompilation.succeeded(translator.translate(checked.rule()));
        } catch (RuntimeException e) {
            // A bug in Weft, not in the rule: still an answer, never an exception in the caller's face.
            return RuleCompilation.failed(List.of(new RuleProblem(RuleProblem.Kind.UNSUPPORTED, 1, 1, 1, 1,
                    "Weft could not compile this rule (" + e + "); please report it with the rule text")));
        }
    }

    /**
     * The dry-run form of a rule ({@link MatchQuery}): its conditions as columns, for telling why each message did or
     * did not match. Empty when the rule does not compile ({@link #compile} says why).
     */
    public Optional<MatchQuery> matchQuery(String sql, ThingModel model) {
        AlibabaRuleParser.Result parsed = parser.parse(sql);
        if (parsed.rule() == null) {
            return Optional.empty();
        }
        RuleValidator.Result checked = validator.validate(parsed.rule(), model);
        return checked.rule() == null ? Optional.empty() : Optional.of(translator.matchQuery(checked.rule()));
    }
}
