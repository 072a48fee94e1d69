package io.weft.bench.idle;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one idle-connection run does, from {@code --name value} options.
 *
 * @param mqttHost       the edge's MQTT host
 * @param mqttPort       its MQTT port
 * @param kafka          the edge's Kafka; devices are written to {@code weft.registry} there
 * @param edgePid        the edge's process id, whose heap is read with {@code jcmd}
 * @param connections    idle connections to open, one device each
 * @param sources        local addresses client sockets are bound to, in turn
 * @param keepAlive      keepalive of each CONNECT, seconds (Alibaba allows 30..1200)
 * @param concurrency    CONNECTs outstanding at once
 * @param productKey     product of the devices
 * @param classesShown   classes listed in the heap growth table
 */
public record IdleConfig(String mqttHost, int mqttPort, String kafka, long edgePid, int connections,
                         List<String> sources, int keepAlive, int concurrency, String productKey,
                         int classesShown) {

    private static final Map<String, String[]> OPTIONS = new LinkedHashMap<>();

    static {
        OPTIONS.put("mqtt-host", new String[] {"127.0.0.1", "the edge's MQTT host"});
        OPTIONS.put("mqtt-port", new String[] {"1883", "its MQTT port"});
        OPTIONS.put("kafka", new String[] {"127.0.0.1:9092", "the edge's Kafka (devices go to weft.registry)"});
        OPTIONS.put("edge-pid", new String[] {null, "the edge's process id (required): its heap is read with jcmd"});
        OPTIONS.put("connections", new String[] {"50000", "idle connections, one device each"});
        OPTIONS.put("sources", new String[] {"127.0.0.2,127.0.0.3,127.0.0.4", "local addresses to bind client "
                + "sockets to, in turn (each has one ephemeral port range)"});
        OPTIONS.put("keepalive", new String[] {"1200", "keepalive of each CONNECT, seconds"});
        OPTIONS.put("concurrency", new String[] {"500", "CONNECTs outstanding at once"});
        OPTIONS.put("product", new String[] {null, "productKey (default idle<epoch seconds>)"});
        OPTIONS.put("classes", new String[] {"15", "classes listed in the heap growth table"});
    }

    /**
     * Parses {@code --name value} pairs.
     *
     * @throws IllegalArgumentException on an unknown option, a missing value or a value out of range
     */
    public static IdleConfig parse(String[] args, long epochSeconds) {
        Map<String, String> values = new HashMap<>();
        OPTIONS.forEach((name, spec) -> values.put(name, spec[0]));
        for (int i = 0; i < args.length; i += 2) {
            String arg = args[i];
            if (!arg.startsWith("--") || !OPTIONS.containsKey(arg.substring(2))) {
                throw new IllegalArgumentException("unknown option " + arg);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + arg + " needs a value");
            }
            values.put(arg.substring(2), args[i + 1]);
        }
        if (values.get("edge-pid") == null) {
            throw new IllegalArgumentException("--edge-pid is required");
        }
        List<String> sources = Arrays.stream(values.get("sources").split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("--sources needs at least one address");
        }
        int keepAlive = intIn(values, "keepalive", 30, 1200);
        return new IdleConfig(values.get("mqtt-host"), intIn(values, "mqtt-port", 1, 65_535), values.get("kafka"),
                intIn(values, "edge-pid", 1, Integer.MAX_VALUE), intIn(values, "connections", 1, 10_000_000),
                sources, keepAlive, intIn(values, "concurrency", 1, 100_000),
                values.get("product") == null ? "idle" + epochSeconds : values.get("product"),
                intIn(values, "classes", 1, 1000));
    }

    public static String usage() {
        StringBuilder usage = new StringBuilder("usage: IdleConnections [--name value]...\n");
        OPTIONS.forEach((name, spec) -> usage.append(String.format("  --%-12s %s%s%n", name, spec[1],
                spec[0] == null ? "" : " (default " + spec[0] + ")")));
        return usage.toString();
    }

    private static int intIn(Map<String, String> values, String name, int min, int max) {
        String text = values.get(name);
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, not " + text);
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException("--" + name + " must be in " + min + ".." + max + ", not " + value);
        }
        return value;
    }
}
