/**
 * Rule SQL. The public entry point is {@link io.weft.sqlrules.alibaba.AlibabaRules#compile}: it parses an
 * Alibaba-style rule with Calcite, checks it against the product's thing model and translates it to Flink SQL over a
 * per-product typed view. Everything it finds wrong comes back as {@link io.weft.sqlrules.RuleProblem}s with line and
 * column; nothing is thrown. Running rules is the job of flink-jobs (see docs/rules.md).
 */
package io.weft.sqlrules;
