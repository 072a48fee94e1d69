package io.weft.controlplane.scene;

import tools.jackson.databind.JsonNode;

/**
 * A scene as {@code POST} and {@code PUT /api/v1/scenes} take it; {@code id} optional on create (generated), equal to
 * the path's on update. The structured fields are read and checked by {@link SceneReader}.
 */
public record SceneRequest(String id, String name, String description, JsonNode trigger, JsonNode conditions,
                           JsonNode actions, JsonNode errorDestination) {
}
