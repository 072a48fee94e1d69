package io.weft.bench.rrpc;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one RRPC run does, from {@code --name value} options.
 *
 * @param rest         control-plane base URL; devices are registered and called there
 * @param mqttHost     MQTT edge host
 * @param mqttPort     MQTT edge port
 * @param devices      devices, each with its own connection, answering every RRPC request at once
 * @param callers      REST callers, each with one call outstanding (closed loop)
 * @param payloadBytes bytes of each request; the device echoes them back
 * @param timeoutMs    the RRPC timeout each call asks for (1000..8000)
 * @param duration     measured window
 * @param warmup       time before the window, excluded from figures
 * @param productKey   product the devices belong to (fresh per run by default)
 */
public record RrpcConfig(URI rest, String mqttHost, int mqttPort, int devices, int callers, int payloadBytes,
                         int timeoutMs, Duration duration, Duration warmup, String productKey) {

    private static final Map<String, String[]> OPTIONS = new LinkedHashMap<>();

    static {
        OPTIONS.put("rest", new String[] {"http://localhost:8080", "control-plane base URL"});
        OPTIONS.put("mqtt-host", new String[] {"localhost", "MQTT edge host"});
        OPTIONS.put("mqtt-port", new String[] {"1883", "MQTT edge port"});
        OPTIONS.put("devices", new String[] {"100", "devices answering RRPC, one connection each"});
        OPTIONS.put("callers", new String[] {"16", "concurrent REST callers, one call outstanding each"});
        OPTIONS.put("payload-bytes", new String[] {"64", "bytes of each request, echoed by the device"});
        OPTIONS.put("timeout-ms", new String[] {"5000", "RRPC timeout of each call, 1000..8000"});
        OPTIONS.put("duration", new String[] {"30", "measured seconds"});
        OPTIONS.put("warmup", new String[] {"5", "seconds before the measured window"});
        OPTIONS.put("product", new String[] {null, "productKey (default: benchRrpc<epoch seconds>)"});
    }

    /** Parses {@code --name value} pairs; throws IllegalArgumentException on anything it cannot use. */
    public static RrpcConfig parse(String[] args, long epochSeconds) {
        Map<String, String> values = new HashMap<>();
        OPTIONS.forEach((name, spec) -> values.put(name, spec[0]));
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || !OPTIONS.containsKey(args[i].substring(2))) {
                throw new IllegalArgumentException("unknown option " + args[i]);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + args[i] + " needs a value");
            }
            values.put(args[i].substring(2), args[i + 1]);
        }
        String product = values.get("product") == null ? "benchRrpc" + epochSeconds : values.get("product");
        if (!product.matches("[A-Za-z0-9_]{4,32}")) {
            throw new IllegalArgumentException("--product must be 4-32 letters, digits or underscores");
        }
        String rest = values.get("rest");
        return new RrpcConfig(URI.create(rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest),
                values.get("mqtt-host"), intIn(values, "mqtt-port", 1, 65_535), intIn(values, "devices", 1, 100_000),
                intIn(values, "callers", 1, 1_000), intIn(values, "payload-bytes", 0, 65_536),
                intIn(values, "timeout-ms", 1000, 8000), Duration.ofSeconds(intIn(values, "duration", 1, 86_400)),
                Duration.ofSeconds(intIn(values, "warmup", 0, 86_400)), product);
    }

    public static String usage() {
        StringBuilder usage = new StringBuilder("usage: RrpcLoad [--name value]...\n");
        OPTIONS.forEach((name, spec) -> usage.append(String.format("  --%-16s %s%s%n", name, spec[1],
                spec[0] == null ? "" : " (default " + spec[0] + ")")));
        return usage.toString();
    }

    private static int intIn(Map<String, String> values, String name, int min, int max) {
        int value;
        try {
            value = Integer.parseInt(values.get(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, not " + values.get(name));
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException("--" + name + " must be in " + min + ".." + max + ", not " + value);
        }
        return value;
    }
}
