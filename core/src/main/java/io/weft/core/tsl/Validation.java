package io.weft.core.tsl;

import java.util.List;

/** What checking a message against the thing model found: the typed values, and every error. */
public record Validation(List<PropertyPoint> points, List<FieldError> errors) {

    public Validation {
        points = List.copyOf(points);
        errors = List.copyOf(errors);
    }

    public boolean valid() {
        return errors.isEmpty();
    }
}
