package io.weft.controlplane.rule;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Whether an operator wants a rule running. Recorded by {@code POST /api/v1/rules/{id}/start} and {@code /stop};
 * {@link io.weft.controlplane.rule.supervision.RuleSupervisor} runs the started rules.
 */
public enum DesiredState {
    @JsonProperty("stopped")
    STOPPED,
    @JsonProperty("started")
    STARTED
}
