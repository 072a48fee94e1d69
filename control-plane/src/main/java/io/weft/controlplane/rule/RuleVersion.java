package io.weft.controlplane.rule;

import io.weft.core.rule.RuleDefinition;
import java.time.Instant;

/** One version of a rule, as written then and never changed: what the rule was from {@code createdAt} on. */
public record RuleVersion(int version, RuleDefinition definition, Instant createdAt) {
}
