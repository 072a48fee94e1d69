package io.weft.bench.rrpc;

import static io.weft.bench.options.BenchOptions.intIn;

import io.weft.bench.options.BenchOptions;
import java.net.URI;
import java.time.Duration;
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

    private static final BenchOptions OPTIONS = BenchOptions.of("RrpcLoad", 16)
            .option("rest", "http://localhost:8080", "control-plane base URL")
            .option("mqtt-host", "localhost", "MQTT edge host")
            .option("mqtt-port", "1883", "MQTT edge port")
            .option("devices", "100", "devices answering RRPC, one connection each")
            .option("callers", "16", "concurrent REST callers, one call outstanding each")
            .option("payload-bytes", "64", "bytes of each request, echoed by the device")
            .option("timeout-ms", "5000", "RRPC timeout of each call, 1000..8000")
            .option("duration", "30", "measured seconds")
            .option("warmup", "5", "seconds before the measured window")
            .option("product", null, "productKey (default: benchRrpc<epoch seconds>)");

    /** Parses {@code --name value} pairs; throws IllegalArgumentException on anything it cannot use. */
    public static RrpcConfig parse(String[] args, long epochSeconds) {
        Map<String, String> values = OPTIONS.parse(args);
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
        return OPTIONS.usage();
    }

}
