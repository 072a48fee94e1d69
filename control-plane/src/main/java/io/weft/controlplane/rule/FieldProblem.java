package io.weft.controlplane.rule;

/** One thing wrong with a field of a rule request: where ({@code destinations[0].url}) and why. */
public record FieldProblem(String path, String reason) {

    @Override
    public String toString() {
        return path + ": " + reason;
    }
}
