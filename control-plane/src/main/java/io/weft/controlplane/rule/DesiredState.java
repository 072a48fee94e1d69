package io.weft.controlplane.rule;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Whether an operator wants a rule running. Recorded by {@code POST /api/v1/rules/{id}/start} and {@code /stop};
 * supervising the rule jobs so that they follow it is not built yet.
 */
public enum DesiredState {
    @JsonProperty("stopped")
    STOPPED,
    @JsonProperty("started")
    STARTED
}
