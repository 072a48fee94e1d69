package io.weft.bench.rules;

import static io.weft.bench.options.BenchOptions.intIn;

import io.weft.bench.options.BenchOptions;
import java.net.URI;
import java.util.Map;

/**
 * What one device → rule → alert run does, from {@code --name value} options.
 *
 * @param rest               the control plane's base URL
 * @param mqttHost           the MQTT edge's host
 * @param mqttPort           the MQTT edge's plain TCP port
 * @param kafka              bootstrap servers of Weft's Kafka, where {@code weft.alerts} is read (read_committed)
 * @param topicPrefix        prefix of Weft's topics
 * @param productKey         the product to create; null for {@code devlat<epoch seconds>}
 * @param devices            devices sending ordinary (cool) readings, one connection each
 * @param rate               property posts per second in all, open loop
 * @param alertEvery         one post in this many is hot, from a device of its own that sends only that post
 * @param durationSeconds    measured seconds, after the warm-up
 * @param warmupSeconds      unmeasured seconds first
 * @param graceSeconds       how long to wait after the last post for the alerts still missing
 * @param connectConcurrency CONNECTs outstanding at once while connecting the devices
 */
public record DeviceToAlertConfig(URI rest, String mqttHost, int mqttPort, String kafka, String topicPrefix,
                                  String productKey, int devices, int rate, int alertEvery, int durationSeconds,
                                  int warmupSeconds, int graceSeconds, int connectConcurrency) {

    private static final BenchOptions OPTIONS = BenchOptions.of("DeviceToAlert", 20)
            .option("rest", "http://localhost:8080", "control-plane base URL")
            .option("mqtt-host", "localhost", "MQTT edge host")
            .option("mqtt-port", "1883", "MQTT edge port (plain TCP)")
            .option("kafka", "127.0.0.1:9092", "Weft's Kafka, where weft.alerts is read")
            .option("topic-prefix", "weft.", "prefix of Weft's topics")
            .option("product", null, "productKey to create (default devlat<epoch seconds>)")
            .option("devices", "100", "devices sending ordinary readings")
            .option("rate", "500", "property posts per second in all, open loop")
            .option("alert-every", "100", "one post in this many is hot, from a device of its own")
            .option("duration", "60", "measured seconds")
            .option("warmup", "20", "unmeasured seconds first")
            .option("grace", "30", "seconds to wait after the last post for missing alerts")
            .option("connect-concurrency", "50", "CONNECTs outstanding at once");

    /**
     * Parses {@code --name value} pairs.
     *
     * @throws IllegalArgumentException on an unknown option, a missing value or a value out of range
     */
    public static DeviceToAlertConfig parse(String[] args) {
        Map<String, String> values = OPTIONS.parse(args);
        URI rest;
        try {
            rest = URI.create(values.get("rest"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--rest must be a URL, not " + values.get("rest"));
        }
        if (!"http".equals(rest.getScheme()) && !"https".equals(rest.getScheme())) {
            throw new IllegalArgumentException("--rest must be an http or https URL, not " + values.get("rest"));
        }
        String product = values.get("product");
        if (product != null && !product.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("--product must be 1 to 64 letters, digits, _ or -, not " + product);
        }
        return new DeviceToAlertConfig(rest, values.get("mqtt-host"), intIn(values, "mqtt-port", 1, 65_535),
                values.get("kafka"), values.get("topic-prefix"), product, intIn(values, "devices", 1, 10_000),
                intIn(values, "rate", 1, 10_000), intIn(values, "alert-every", 2, 1_000_000),
                intIn(values, "duration", 1, 3_600), intIn(values, "warmup", 0, 3_600),
                intIn(values, "grace", 1, 600), intIn(values, "connect-concurrency", 1, 1_000));
    }

    /** The product key given, or one fresh for this run. */
    public String productKeyOr(long epochSeconds) {
        return productKey != null ? productKey : "devlat" + epochSeconds;
    }

    /** The run's timetable. */
    public HotTimetable timetable() {
        return new HotTimetable(rate, alertEvery, devices, warmupSeconds, durationSeconds);
    }

    public static String usage() {
        return OPTIONS.usage();
    }
}
