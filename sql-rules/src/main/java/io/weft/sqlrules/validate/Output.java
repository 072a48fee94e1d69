package io.weft.sqlrules.validate;

import org.apache.calcite.sql.SqlNode;

/**
 * One field of a rule's result, by name: either an expression from the SELECT list, or a field that
 * {@code *} or {@code thingPropertyFlatMap(...)} expanded to (then {@code expression} is null).
 */
public record Output(String name, SqlNode expression, FieldRef field) {
}
