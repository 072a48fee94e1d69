package io.weft.controlplane.rule;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** One thing wrong with a field of a rule request: where ({@code destinations[0].url}) and why. */
public record FieldProblem(String path, String reason) {

    /**
     * The required non-blank text {@code field} of {@code node}, or null after adding its problem (at
     * {@code path.field}: "is required" or "must be non-empty text") to {@code problems}.
     */
    public static String requiredText(JsonNode node, String field, String path, List<FieldProblem> problems) {
        JsonNode value = node.path(field);
        if (!value.isString() || value.stringValue().isBlank()) {
            problems.add(new FieldProblem(path + "." + field, value.isMissingNode() || value.isNull()
                    ? "is required" : "must be non-empty text"));
            return null;
        }
        return value.stringValue();
    }

    @Override
    public String toString() {
        return path + ": " + reason;
    }
}
