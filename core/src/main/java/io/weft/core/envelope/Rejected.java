package io.weft.core.envelope;

import io.weft.core.tsl.FieldError;
import java.util.List;

/**
 * An uplink the pipeline refused, with the Alink code the device was answered with and every field error:
 * what goes on {@code weft.rejected}, keyed {@code pk/dn}.
 */
public record Rejected(Uplink uplink, int code, String message, List<FieldError> errors, long rejectedAt) {

    public Rejected {
        errors = List.copyOf(errors);
    }
}
