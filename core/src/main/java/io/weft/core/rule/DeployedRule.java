package io.weft.core.rule;

import java.util.List;
import java.util.Set;

/**
 * A rule compiled for a rule job: the Flink SQL statements that create the views it reads ({@code views}, in order;
 * a job creates each distinct one once), the query, the names of its result columns in order, the Weft functions
 * ({@code weft_*}) it calls, and its destinations. Compiled by sql-rules in the control plane, so a rule job runs
 * Flink SQL only.
 */
public record DeployedRule(String id, int version, String productKey, List<String> views, String query,
                           List<String> outputs, Set<String> functions, List<Destination> destinations,
                           Destination errorDestination) {

    public DeployedRule {
        views = List.copyOf(views);
        outputs = List.copyOf(outputs);
        functions = functions == null ? Set.of() : Set.copyOf(functions);
        destinations = destinations == null ? List.of() : List.copyOf(destinations);
    }
}
