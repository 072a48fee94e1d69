package io.weft.core.rule;

import java.util.List;

/**
 * A rule as an analyst writes it: SQL in a dialect, over one product, with where its results go and where its
 * failures go ({@code errorDestination}, optional, like Alibaba's "forward to error destination").
 */
public record RuleDefinition(String id, String name, RuleDialect dialect, String productKey, String sql,
                             List<Destination> destinations, Destination errorDestination) {

    public RuleDefinition {
        destinations = destinations == null ? List.of() : List.copyOf(destinations);
        dialect = dialect == null ? RuleDialect.ALIBABA : dialect;
    }
}
