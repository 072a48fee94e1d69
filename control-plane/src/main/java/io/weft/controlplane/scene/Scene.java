package io.weft.controlplane.scene;

import io.weft.core.rule.Destination;
import java.util.List;

/**
 * A scene (Alibaba's scene linkage): when {@code trigger} happens and every one of {@code conditions} holds, do
 * {@code actions} (destinations: {@code setProperty}, {@code invokeService}, {@code alert}, {@code webhook}).
 * {@code errorDestination} (optional, rule scenes only) is its rule's error destination.
 */
public record Scene(String id, String name, String description, SceneTrigger trigger,
                    List<SceneCondition> conditions, List<Destination> actions, Destination errorDestination) {

    public Scene {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
        actions = actions == null ? List.of() : List.copyOf(actions);
    }

    /** Whether the scene runs as a rule on Flink (property, event and status triggers), not on a schedule. */
    public boolean runsAsRule() {
        return !(trigger instanceof SceneTrigger.Schedule);
    }

    /** The id of the rule a rule scene owns. */
    public static String ruleId(String sceneId) {
        return "scene_" + sceneId;
    }
}
