package io.weft.bench.edge;

import static io.weft.bench.options.BenchOptions.intIn;

import io.weft.bench.options.BenchOptions;
import java.nio.file.Path;
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

    private static final BenchOptions OPTIONS = BenchOptions.of("EdgeOnly", 16)
            .option("mqtt-host", "127.0.0.1", "address the MQTT listener binds")
            .option("mqtt-port", "1883", "MQTT over TCP, 0 for any free port")
            .option("kafka-port", "9092", "in-process Kafka broker's client port")
            .option("controller-port", "9093", "its KRaft controller port")
            .option("partitions", "4", "partitions of weft.up and the other topics")
            .option("max-inflight", "1000", "uplinks awaiting Kafka per connection before the edge "
                    + "stops reading it")
            .option("limits", "none", "per-address connection limits: none or default")
            .option("data", null, "folder for Kafka's log (default: a fresh temporary folder)");

    /**
     * Parses {@code --name value} pairs.
     *
     * @throws IllegalArgumentException on an unknown option, a missing value or a value out of range
     */
    public static EdgeOnlyConfig parse(String[] args) {
        Map<String, String> values = OPTIONS.parse(args);
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
        return OPTIONS.usage();
    }

}
