package io.weft.core.alink;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;

/**
 * An Alink request: {@code {"id":"123","version":"1.0","sys":{"ack":0},"params":{...},"method":"..."}}.
 * {@code id} is a numeric string 0..4294967295; devices of SDK 4.x may omit {@code method} (derive it from the
 * topic).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlinkRequest(String id, String version, JsonNode sys, JsonNode params, String method) {
}
