package io.weft.sqlrules.validate;

import io.weft.core.tsl.ThingModel;
import io.weft.sqlrules.alibaba.ParsedRule;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlIdentifier;

/**
 * A rule that passed every check: its outputs in order, and what each identifier in it reads (keyed by identity:
 * the same text twice is two nodes). {@code event} is the event read by an event-post rule, else null.
 */
public record CheckedRule(ParsedRule parsed, ThingModel model, ThingModel.Event event, List<Output> outputs,
                          Map<SqlIdentifier, FieldRef> fields) {

    public CheckedRule {
        outputs = List.copyOf(outputs);
        fields = Collections.unmodifiableMap(new IdentityHashMap<>(fields));
    }

    public FieldRef field(SqlIdentifier id) {
        return fields.get(id);
    }
}
