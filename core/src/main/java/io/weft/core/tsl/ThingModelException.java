package io.weft.core.tsl;

import java.util.List;

/** A thing-model document that cannot be imported, with every problem found (not just the first). */
public class ThingModelException extends RuntimeException {
    private final List<FieldError> errors;

    public ThingModelException(List<FieldError> errors) {
        super("invalid thing model: " + errors);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
