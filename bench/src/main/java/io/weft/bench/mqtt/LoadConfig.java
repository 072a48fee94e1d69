package io.weft.bench.mqtt;

import static io.weft.bench.options.BenchOptions.intIn;

import io.weft.bench.options.BenchOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What one load run does, from {@code --name value} options. The run lasts {@code warmup + duration}: figures
 * cover only the {@code duration} that follows the warmup.
 *
 * @param rest            control-plane base URL; devices are registered there
 * @param mqttHost        MQTT edge host
 * @param mqttPort        MQTT edge port
 * @param kafka           bootstrap servers; when present, msg/s into {@code weft.up} is measured
 * @param devices         number of devices, each with its own connection
 * @param qos             0 or 1
 * @param payloadBytes    approximate size of each Alink property post
 * @param rate            total msg/s on a fixed schedule (open loop); 0 = closed loop
 * @param inflight        closed loop: outstanding messages per device
 * @param duration        measured window
 * @param warmup          time before the window, excluded from figures
 * @param productKey      product the devices belong to
 * @param productExplicit true when {@code --product} was given: an existing product is then reused
 * @param connectConcurrency  CONNECTs outstanding at once while ramping up
 * @param registerConcurrency REST registrations outstanding at once
 * @param provision       how devices come to exist: {@link Provisioning}
 * @param brokerPid       process id of the broker under test, whose CPU time over the window is reported; 0 = none
 * @param clockTicks      Linux clock ticks per second ({@code getconf CLK_TCK}), the unit of {@code /proc} CPU times
 */
public record LoadConfig(URI rest, String mqttHost, int mqttPort, Optional<String> kafka, int devices, int qos,
                         int payloadBytes, double rate, int inflight, Duration duration, Duration warmup,
                         String productKey, boolean productExplicit, int connectConcurrency,
                         int registerConcurrency, Provisioning provision, long brokerPid, int clockTicks) {

    /** How the bench devices come to exist and how they connect. */
    public enum Provisioning {
        /** Registered over the control plane's REST API; Alibaba-signed connects, Alink topics. */
        REST,
        /**
         * Written as {@code DeviceEntry} records to {@code weft.registry} on {@code --kafka} (an edge without control
         * plane, see {@code EdgeOnly}); Alibaba-signed connects, Alink topics.
         */
        REGISTRY,
        /**
         * None: a plain MQTT broker such as Mosquitto. No credentials, clientId {@code pk.dn}, each device publishes
         * on its own topic {@code bench/{pk}/{dn}/data}.
         */
        NONE
    }

    /** Alibaba's productKey rule as the control plane enforces it. */
    private static final String PRODUCT_KEY_PATTERN = "[A-Za-z0-9_]{4,32}";
    /** The thing model's text type allows at most this many characters. */
    static final int MAX_PAYLOAD_BYTES = 10_240;

    /** Every option with its default ({@code null}: none) and description, in the order usage shows them. */
    private static final BenchOptions OPTIONS = BenchOptions.of("MqttLoad", 22)
            .option("rest", "http://localhost:8080", "control-plane base URL")
            .option("mqtt-host", "localhost", "MQTT edge host")
            .option("mqtt-port", "1883", "MQTT edge port")
            .option("kafka", null, "Kafka bootstrap servers; measures msg/s into weft.up when given")
            .option("devices", "1000", "devices, one connection each")
            .option("qos", "1", "0 or 1")
            .option("payload-bytes", "200", "approximate size of each property post")
            .option("rate", "0", "total msg/s on a fixed schedule (open loop); 0 = closed loop")
            .option("inflight", "1", "closed loop: outstanding messages per device")
            .option("duration", "30", "measured seconds")
            .option("warmup", "5", "seconds before the measured window, excluded from figures")
            .option("product", null, "productKey to use (default: benchProd<epoch seconds>, fresh per run)")
            .option("connect-concurrency", "100", "CONNECTs outstanding at once")
            .option("register-concurrency", "16", "REST registrations outstanding at once")
            .option("provision", "rest", "rest (control plane), registry (weft.registry on --kafka) or none (plain "
                    + "MQTT broker: no credentials, topic bench/{pk}/{dn}/data)")
            .option("broker-pid", "0", "process id of the broker; its CPU time over the window is reported (0: none)")
            .option("clock-ticks", "100", "clock ticks per second of /proc CPU times (getconf CLK_TCK)");

    /**
     * Parses {@code --name value} pairs.
     *
     * @param epochSeconds start time, the suffix of the default product key
     * @throws IllegalArgumentException on an unknown option, a missing value or a value out of range
     */
    public static LoadConfig parse(String[] args, long epochSeconds) {
        Map<String, String> values = OPTIONS.parse(args);

        boolean explicit = values.get("product") != null;
        String productKey = explicit ? values.get("product") : "benchProd" + epochSeconds;
        if (!productKey.matches(PRODUCT_KEY_PATTERN)) {
            throw new IllegalArgumentException("--product must be 4-32 letters, digits or underscores");
        }
        LoadConfig config = new LoadConfig(
                URI.create(stripSlash(values.get("rest"))),
                values.get("mqtt-host"),
                intIn(values, "mqtt-port", 1, 65_535),
                Optional.ofNullable(values.get("kafka")),
                intIn(values, "devices", 1, 10_000_000),
                intIn(values, "qos", 0, 1),
                intIn(values, "payload-bytes", 1, MAX_PAYLOAD_BYTES),
                number(values, "rate"),
                intIn(values, "inflight", 1, 65_535),
                Duration.ofSeconds(intIn(values, "duration", 1, 86_400)),
                Duration.ofSeconds(intIn(values, "warmup", 0, 86_400)),
                productKey,
                explicit,
                intIn(values, "connect-concurrency", 1, 100_000),
                intIn(values, "register-concurrency", 1, 1_000),
                provisioning(values.get("provision")),
                intIn(values, "broker-pid", 0, Integer.MAX_VALUE),
                intIn(values, "clock-ticks", 1, 100_000));
        if (config.rate < 0) {
            throw new IllegalArgumentException("--rate must be 0 (closed loop) or positive");
        }
        if (config.provision == Provisioning.REGISTRY && config.kafka.isEmpty()) {
            throw new IllegalArgumentException("--provision registry needs --kafka");
        }
        return config;
    }

    /** True when messages follow a fixed schedule rather than each acknowledgement. */
    public boolean openLoop() {
        return rate > 0;
    }

    public static String usage() {
        return OPTIONS.usage();
    }

    private static Provisioning provisioning(String text) {
        for (Provisioning p : Provisioning.values()) {
            if (p.name().equalsIgnoreCase(text)) {
                return p;
            }
        }
        throw new IllegalArgumentException("--provision must be rest, registry or none, not " + text);
    }

    /** True when devices connect with Alibaba signatures (everything but a plain broker). */
    public boolean signed() {
        return provision != Provisioning.NONE;
    }

    private static double number(Map<String, String> values, String name) {
        String text = values.get(name);
        try {
            double value = Double.parseDouble(text);
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number, not " + text);
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
