package io.weft.controlplane.rule;

import java.time.Instant;

/**
 * A rule as stored: its current version, the state an operator wants it in, when it was created and when it last
 * changed (a new version, or a start or stop).
 */
public record StoredRule(RuleVersion current, DesiredState desiredState, Instant createdAt, Instant updatedAt) {

    public String id() {
        return current.definition().id();
    }

    public int version() {
        return current.version();
    }
}
