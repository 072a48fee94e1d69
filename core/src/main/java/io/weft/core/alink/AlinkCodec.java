package io.weft.core.alink;

import io.weft.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Reads Alink requests and writes Alink replies. Reading never throws: malformed input comes back empty. */
public final class AlinkCodec {
    private static final long MAX_ID = 4_294_967_295L;

    private AlinkCodec() {
    }

    /** Parses an Alink request; empty when the payload is not a JSON object. */
    public static Optional<AlinkRequest> readRequest(byte[] payload) {
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(payload);
        } catch (JacksonException e) {
            return Optional.empty();
        }
        if (tree == null || !tree.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new AlinkRequest(scalar(tree.get("id")), scalar(tree.get("version")), tree.get("sys"),
                tree.get("params"), scalar(tree.get("method"))));
    }

    /** The text of a string or number; null for absent, null, or structured values (which no field allows). */
    private static String scalar(JsonNode node) {
        return node == null || !node.isValueNode() || node.isNull() ? null : node.asString();
    }

    /** True when the id is a numeric string in Alibaba's range 0..4294967295. */
    public static boolean validId(String id) {
        if (id == null || id.isEmpty() || id.length() > 10) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return Long.parseLong(id) <= MAX_ID;
    }

    public static AlinkReply success(String id, JsonNode data, String method) {
        return new AlinkReply(id, AlinkCode.SUCCESS.code(), data == null ? Json.object() : data,
                AlinkCode.SUCCESS.message(), method, "1.0");
    }

    public static AlinkReply error(String id, AlinkCode code, String detail, String method) {
        String message = detail == null ? code.message() : code.message() + ": " + detail;
        return new AlinkReply(id, code.code(), Json.object(), message, method, "1.0");
    }

    public static byte[] write(AlinkReply reply) {
        return Json.write(reply);
    }

    public static String writeString(AlinkReply reply) {
        return new String(write(reply), StandardCharsets.UTF_8);
    }

    public static AlinkReply readReply(byte[] payload) {
        return Json.read(payload, AlinkReply.class);
    }
}
