package io.weft.controlplane.scene;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import tools.jackson.databind.JsonNode;

/**
 * What starts a scene, one JSON object with its {@code type}. A property, event or status trigger makes the scene a
 * rule ({@link SceneSql}); a schedule trigger runs it in the control plane ({@link SceneScheduler}).
 * {@code deviceName} {@code "+"} means every device of the product.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = SceneTrigger.Property.class, name = "property"),
        @JsonSubTypes.Type(value = SceneTrigger.Event.class, name = "event"),
        @JsonSubTypes.Type(value = SceneTrigger.Status.class, name = "status"),
        @JsonSubTypes.Type(value = SceneTrigger.Schedule.class, name = "schedule")
})
public sealed interface SceneTrigger {

    /** A property post of the device(s) whose {@code property} compares with {@code value}. */
    record Property(String productKey, String deviceName, String property, SceneCondition.Operator operator,
                    JsonNode value) implements SceneTrigger {
    }

    /** A post of the event {@code event} by the device(s). */
    record Event(String productKey, String deviceName, String event) implements SceneTrigger {
    }

    /** The device(s) going {@code online} or {@code offline}. */
    record Status(String productKey, String deviceName, String status) implements SceneTrigger {
    }

    /** The times of a Spring cron expression ({@code second minute hour day month weekday}) in {@code timeZone}. */
    record Schedule(String cron, String timeZone) implements SceneTrigger {
    }
}
