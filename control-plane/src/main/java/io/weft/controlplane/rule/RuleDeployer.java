package io.weft.controlplane.rule;

import io.weft.core.rule.DeployedRule;
import io.weft.core.rule.RuleDefinition;
import io.weft.core.tsl.ThingModel;
import io.weft.sqlrules.RuleCompilation;
import io.weft.sqlrules.flink.FlinkRule;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Compiles one version of a rule into the {@link DeployedRule} a rule job runs: the statements creating the views
 * the rule reads, its query, outputs and functions, and its destinations. A rule job runs Flink SQL only; all of
 * rule SQL is compiled here.
 */
@Component
public class RuleDeployer {
    static final String NO_LONGER_COMPILES = "Rule does not compile";
    private final RuleCompilers compilers;

    public RuleDeployer(RuleCompilers compilers) {
        this.compilers = compilers;
    }

    /**
     * The rule as a job would run it against {@code model} (the product's thing model now). A rule that compiled when
     * it was written but not against the current thing model (a property it reads was removed) is a 409 problem with
     * the SQL problems.
     */
    public DeployedRule deploy(RuleVersion version, ThingModel model) {
        RuleDefinition d = version.definition();
        RuleCompilation compilation = compilers.compile(d.dialect(), d.sql(), model);
        if (!compilation.valid()) {
            throw InvalidRule.of(HttpStatus.CONFLICT, NO_LONGER_COMPILES, compilation.problems(), List.of());
        }
        FlinkRule flink = compilation.flink();
        return new DeployedRule(d.id(), version.version(), d.productKey(), views(flink), flink.query(),
                flink.outputs(), flink.functions(), d.destinations(), d.errorDestination());
    }

    /** The statements creating the views a compiled rule reads, in the order a job must run them. */
    static List<String> views(FlinkRule flink) {
        return flink.viewDdls();
    }
}
