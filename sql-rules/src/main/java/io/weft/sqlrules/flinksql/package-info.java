/**
 * The Flink SQL rule dialect: {@link io.weft.sqlrules.flinksql.FlinkSqlRules} parses a rule with Calcite configured
 * as Flink's parser ({@code QueryParser}), validates it with Calcite's validator over a
 * catalog of the product views ({@code RuleCatalog}) and Flink's functions
 * ({@code FlinkOperators}), and returns the views it reads and its text. Where Calcite and
 * Flink 2.2 disagree, the classes here say how Weft sides with Flink (or, for text compared with numbers, why it is
 * stricter). Everything except {@code FlinkSqlRules} is internal to this package.
 */
package io.weft.sqlrules.flinksql;
