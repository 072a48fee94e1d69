package io.weft.core.alink;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;

/**
 * An Alink reply: {@code {"id":"123","code":200,"data":{},"message":"success"}}. SDK 3.x needs {@code id} as a
 * string, {@code code} as a number and {@code data} present.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlinkReply(String id, int code, JsonNode data, String message, String method, String version) {
}
