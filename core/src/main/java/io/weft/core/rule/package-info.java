/**
 * Rules as every module sees them: what an analyst writes ({@link io.weft.core.rule.RuleDefinition}), where its
 * results go ({@link io.weft.core.rule.Destination}), and what a rule job runs ({@link io.weft.core.rule.RuleGroup}
 * of {@link io.weft.core.rule.DeployedRule}), in their one JSON form.
 */
package io.weft.core.rule;
