package io.weft.bench.edge;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the edge-only bench process runs, from {@code --name value} options.
 *
 * @param mqttHost       address the MQTT listener binds
 * @param mqttPort       MQTT over TCP; 0 for any free port
 * @param kafkaPort      the in-process broker's client port
 * @param controllerPort its KRaft controller port
 * @param partitions     partitions of {@code weft.up} and the other topics
 * @param maxInFlight    uplinks awaiting Kafka per connection before the edge stops reading its socket
 * @param limits         true: the edge's default per-address limits; false: none (bench load is all local)
 * @param data           folder for Kafka's log; null for a fresh temporary folder
 */
public record EdgeOnlyConfig(String mqttHost, int mqttPort, int kafkaPort, int controllerPort, int partitions,
                             int maxInFlight, boolean limits, Path data) {

    private static final Map<String, String[]> OPTIONS = new LinkedHashMap<>();

    static {
        OPTIONS.put("mqtt-host", new String[] {"127.0.0.1", "address the MQTT listener binds"});
        OPTIONS.put("mqtt-port", new String[] {"1883", "MQTT over TCP, 0 for any free port"});
        OPTIONS.put("kafka-port", new String[] {"9092", "in-process Kafka broker's client port"});
        OPTIONS.put("controller-port", new String[] {"9093", "its KRaft controller port"});
        OPTIONS.put("partitions", new String[] {"4", "partitions of weft.up and the other topics"});
        OPTIONS.put("max-inflight", new String[] {"1000", "uplinks awaiting Kafka per connection before the edge "
                + "stops reading it"});
        OPTIONS.put("limits", new String[] {"none", "per-address connection limits: none or default"});
        OPTIONS.put("data", new String[] {null, "folder for Kafka's log (default: a fresh temporary folder)"});
    }

    /**
     * Parses {@code --name value} pairs.
     *
     * @throws IllegalArgumentException on an unknown option, a missing value or a value out of range
     */
    public static EdgeOnlyConfig parse(String[] args) {
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
        String limits = values.get("limits");
        if (!limits.equals("none") && !limits.equals("default")) {
            throw new IllegalArgumentException("--limits must be none or default, not " + limits);
        }
        return new EdgeOnlyConfig(values.get("mqtt-host"), intIn(values, "mqtt-port", 0, 65_535),
                intIn(values, "kafka-port", 1, 65_535), intIn(values, "controller-port", 1, 65_535),
                intIn(values, "partitions", 1, 1_000), intIn(values, "max-inflight", 1, 65_535),
                limits.equals("default"), values.get("data") == null ? null : Path.of(values.get("data")));
    }

    public static String usage() {
        StringBuilder usage = new StringBuilder("usage: EdgeOnly [--name value]...\n");
        OPTIONS.forEach((name, spec) -> usage.append(String.format("  --%-16s %s%s%n", name, spec[1],
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
