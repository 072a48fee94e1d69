package io.weft.sqlrules;

import io.weft.core.tsl.ThingModel;
import io.weft.core.tsl.ThingModelJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The thing model the tests and docs/rules.md use: product a1thermo, imported from Alibaba TSL JSON. */
public final class Thermostat {
    private Thermostat() {
    }

    public static ThingModel model() {
        try (InputStream in = Thermostat.class.getResourceAsStream("/thermostat-tsl.json")) {
            return ThingModelJson.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
