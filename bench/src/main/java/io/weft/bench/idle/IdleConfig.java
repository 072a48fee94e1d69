package io.weft.bench.idle;

import static io.weft.bench.options.BenchOptions.intIn;

import io.weft.bench.options.BenchOptions;
import java.util.Arrays;
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

    private static final BenchOptions OPTIONS = BenchOptions.of("IdleConnections", 12)
            .option("mqtt-host", "127.0.0.1", "the edge's MQTT host")
            .option("mqtt-port", "1883", "its MQTT port")
            .option("kafka", "127.0.0.1:9092", "the edge's Kafka (devices go to weft.registry)")
            .option("edge-pid", null, "the edge's process id (required): its heap is read with jcmd")
            .option("connections", "50000", "idle connections, one device each")
            .option("sources", "127.0.0.2,127.0.0.3,127.0.0.4", "local addresses to bind client "
                    + "sockets to, in turn (each has one ephemeral port range)")
            .option("keepalive", "1200", "keepalive of each CONNECT, seconds")
            .option("concurrency", "500", "CONNECTs outstanding at once")
            .option("product", null, "productKey (default idle<epoch seconds>)")
            .option("classes", "15", "classes listed in the heap growth table");

    /**
     * Parses {@code --name value} pairs.
     *
     * @throws IllegalArgumentException on an unknown option, a missing value or a value out of range
     */
    public static IdleConfig parse(String[] args, long epochSeconds) {
        Map<String, String> values = OPTIONS.parse(args);
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
        return OPTIONS.usage();
    }

}
