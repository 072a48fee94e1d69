/**
 * Rule SQL. The public entry points are {@link io.weft.sqlrules.alibaba.AlibabaRules#compile} (dialect
 * {@code alibaba}: it parses an Alibaba-style rule with Calcite, checks it against the product's thing model and
 * translates it to Flink SQL over a per-product typed view) and {@link io.weft.sqlrules.flinksql.FlinkSqlRules#compile}
 * (dialect {@code flink}: a Flink SQL SELECT over the product's typed views, checked and compiled to the views it
 * reads and the query). Both return a {@link io.weft.sqlrules.RuleCompilation}; everything they find wrong comes back
 * as {@link io.weft.sqlrules.RuleProblem}s with line and column; nothing is thrown. Running rules is the job of
 * flink-jobs (see docs/rules.md).
 */
package io.weft.sqlrules;
