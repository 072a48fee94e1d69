package io.weft.sqlrules.flink;

/**
 * A column of a product view: its name, Flink SQL type, and the expression over the base table that fills it.
 * {@code identifier} is the thing-model property (or event parameter) it carries; null for the metadata columns.
 */
public record ViewColumn(String name, String flinkType, String expression, String identifier) {
}
