package io.weft.flinkjobs.job;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A job main's program arguments, {@code --name value} pairs, as every Weft job takes them. A name without a value,
 * a value without a name, or a missing required name is an {@link IllegalArgumentException} that names it, so a
 * job submitted with bad arguments fails at once with a message an operator can act on.
 */
public final class JobArguments {
    private final Map<String, String> values;

    private JobArguments(Map<String, String> values) {
        this.values = values;
    }

    public static JobArguments parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException("expected --name value pairs, " + args[i] + " has no value");
            }
            values.put(args[i].substring(2), args[i + 1]);
        }
        return new JobArguments(values);
    }

    /** The value of {@code --name}; {@code what} says what it is in the error when it is missing. */
    public String required(String name, String what) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required" + (what.isEmpty() ? "" : " (" + what + ")"));
        }
        return value;
    }

    /** The value of {@code --name}, or null. */
    public String optional(String name) {
        return values.get(name);
    }

    public String text(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public long number(String name, long fallback) {
        return read(name, fallback, Long::parseLong, "a whole number");
    }

    public int integer(String name, int fallback) {
        return read(name, fallback, Integer::parseInt, "a whole number");
    }

    public boolean flag(String name, boolean fallback) {
        return read(name, fallback, v -> {
            if (!v.equals("true") && !v.equals("false")) {
                throw new IllegalArgumentException(v);
            }
            return Boolean.parseBoolean(v);
        }, "true or false");
    }

    private <T> T read(String name, T fallback, Function<String, T> parser, String kind) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + name + " must be " + kind + ", not '" + value + "'", e);
        }
    }
}
