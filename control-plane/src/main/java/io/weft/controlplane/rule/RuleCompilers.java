package io.weft.controlplane.rule;

import io.weft.controlplane.api.ApiException;
import io.weft.core.rule.RuleDialect;
import io.weft.core.tsl.ThingModel;
import io.weft.sqlrules.RuleCompilation;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The rule compilers there are, by dialect: a {@link RuleCompiler} bean per dialect. A dialect without one is answered
 * with 422 "Dialect not available" (a safeguard: both of Weft's dialects have a compiler).
 */
@Component
public class RuleCompilers {
    private final Map<RuleDialect, RuleCompiler> compilers = new EnumMap<>(RuleDialect.class);

    public RuleCompilers(List<RuleCompiler> compilers) {
        compilers.forEach(c -> {
            if (this.compilers.put(c.dialect(), c) != null) {
                throw new IllegalStateException("two compilers for the dialect " + c.dialect());
            }
        });
    }

    /** Compiles {@code sql} for the product of {@code model}; throws 422 if the dialect has no compiler. */
    public RuleCompilation compile(RuleDialect dialect, String sql, ThingModel model) {
        RuleCompiler compiler = compilers.get(dialect);
        if (compiler == null) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "Dialect not available",
                    "the " + name(dialect) + " dialect is not available yet; write the rule in one of "
                            + compilers.keySet().stream().map(RuleCompilers::name).toList())
                    .with("dialect", name(dialect));
        }
        return compiler.compile(sql, model);
    }

    static String name(RuleDialect dialect) {
        return dialect.name().toLowerCase(Locale.ROOT);
    }
}
