package io.weft.core.tsl;

import io.weft.core.alink.AlinkCode;

/**
 * One problem with one field: {@code path} is a JSON-path-like location ({@code Temp},
 * {@code Position.latitude}, {@code Samples[3]}), {@code code} the Alink code a device gets for it.
 */
public record FieldError(String path, AlinkCode code, String reason) {

    @Override
    public String toString() {
        return path + ": " + reason;
    }
}
