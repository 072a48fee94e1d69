package io.weft.controlplane.rule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The thermostat thing model docs/rules.md uses (product {@code a1thermo}), read from sql-rules' test resources so
 * that the docs, sql-rules' tests and these agree on one file.
 */
final class Thermostat {
    static final Path TSL = Path.of("..", "sql-rules", "src", "test", "resources", "thermostat-tsl.json");

    private Thermostat() {
    }

    /** The thing model as Alibaba TSL JSON. */
    static String tsl() {
        try {
            return Files.readString(TSL);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
