package io.weft.bench.options;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code --name value} options of one bench program: each with its default ({@code null}: none) and description,
 * in the order its usage shows them. Every bench program parses and explains its options the same way through this.
 */
public final class BenchOptions {
    private final String program;
    private final int nameWidth;
    private final Map<String, String[]> specs;

    private BenchOptions(String program, int nameWidth, Map<String, String[]> specs) {
        this.program = program;
        this.nameWidth = nameWidth;
        this.specs = Collections.unmodifiableMap(specs);
    }

    /** No options yet; {@code nameWidth} is the column the descriptions start at in the usage. */
    public static BenchOptions of(String program, int nameWidth) {
        return new BenchOptions(program, nameWidth, new LinkedHashMap<>());
    }

    /** These options and one more. */
    public BenchOptions option(String name, String defaultValue, String description) {
        Map<String, String[]> more = new LinkedHashMap<>(specs);
        more.put(name, new String[] {defaultValue, description});
        return new BenchOptions(program, nameWidth, more);
    }

    /**
     * Every option's value: given, else its default (null when it has none).
     *
     * @throws IllegalArgumentException on an unknown option or a missing value
     */
    public Map<String, String> parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        specs.forEach((name, spec) -> values.put(name, spec[0]));
        for (int i = 0; i < args.length; i += 2) {
            String arg = args[i];
            if (!arg.startsWith("--") || !specs.containsKey(arg.substring(2))) {
                throw new IllegalArgumentException("unknown option " + arg);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + arg + " needs a value");
            }
            values.put(arg.substring(2), args[i + 1]);
        }
        return values;
    }

    public String usage() {
        StringBuilder usage = new StringBuilder("usage: " + program + " [--name value]...\n");
        specs.forEach((name, spec) -> usage.append(String.format("  --%-" + nameWidth + "s %s%s%n", name, spec[1],
                spec[0] == null ? "" : " (default " + spec[0] + ")")));
        return usage.toString();
    }

    /** The whole number option {@code name}, within {@code min..max}. */
    public static int intIn(Map<String, String> values, String name, int min, int max) {
        return (int) longIn(values, name, min, max);
    }

    /** The whole number option {@code name}, within {@code min..max}. */
    public static long longIn(Map<String, String> values, String name, long min, long max) {
        String text = values.get(name);
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, not " + text);
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException("--" + name + " must be in " + min + ".." + max + ", not " + value);
        }
        return value;
    }
}
