package io.weft.sqlrules.validate;

import io.weft.core.tsl.DataType;
import java.util.List;

/**
 * A thing-model value a rule reads: a property (or, for an event source, an output parameter) by identifier, and
 * the struct members below it, if any. {@code dataType} is the type of the addressed value; null on a custom topic,
 * which has no thing model.
 */
public record FieldRef(String identifier, List<String> members, DataType dataType) {

    public FieldRef {
        members = List.copyOf(members);
    }

    public RuleType type() {
        return RuleType.of(dataType);
    }

    /** {@code Position.latitude}: the path as an analyst reads it. */
    public String path() {
        return members.isEmpty() ? identifier : identifier + "." + String.join(".", members);
    }
}
