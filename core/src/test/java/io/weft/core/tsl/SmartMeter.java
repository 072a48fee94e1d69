package io.weft.core.tsl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The realistic Alibaba TSL document in {@code tsl/smart-meter.json}: every data type, events and services. */
final class SmartMeter {
    static final String PRODUCT_KEY = "a1SmartMtr";

    private SmartMeter() {
    }

    static String json() {
        try (InputStream in = SmartMeter.class.getResourceAsStream("/tsl/smart-meter.json")) {
            if (in == null) {
                throw new IllegalStateException("tsl/smart-meter.json is missing from the test resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ThingModel model() {
        return ThingModelJson.parse(json());
    }
}
