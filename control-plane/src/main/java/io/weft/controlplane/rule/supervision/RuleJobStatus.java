package io.weft.controlplane.rule.supervision;

import io.weft.controlplane.rule.DesiredState;

/**
 * What {@code GET /api/v1/rules/{id}/status} answers: the rule's desired state and version, its group, and that
 * group's Flink job (null fields when no job runs the group): its id, state, the records it read from
 * {@code weft.telemetry} and wrote to destinations (all rules of the group together), and its last exception.
 */
public record RuleJobStatus(String id, int version, DesiredState state, String group, String jobId, String jobState,
                            Long recordsIn, Long recordsOut, String lastError) {
}
