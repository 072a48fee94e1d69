package io.weft.controlplane.scene;

import io.weft.controlplane.rule.DesiredState;
import java.time.Instant;

/**
 * A scene as stored: its definition, the rule it owns (null for a schedule scene), its version (1, then one more per
 * update), the state stored for a schedule scene (a rule scene's state is its rule's), and its times.
 */
public record StoredScene(Scene scene, String ruleId, int version, DesiredState scheduleState, Instant createdAt,
                          Instant updatedAt) {
}
