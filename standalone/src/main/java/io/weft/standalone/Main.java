package io.weft.standalone;

import io.weft.ingest.mqtt.limits.ConnectionLimits;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** {@code ./weft}: starts all of Weft on this machine, prints a ready line with the ports, stops on Ctrl-C. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(System.getProperty("weft.data", "data"));
        StandaloneConfig config = StandaloneConfig.defaults(dataDir).withMqttTls(pathProperty("weft.tls.certificate"),
                pathProperty("weft.tls.key"), pathProperty("weft.tls.client-ca")).withMqttLimits(limits())
                .withMqttClockSkew(intProperty("weft.mqtt.clock-skew-ms", 0));
        long t0 = System.nanoTime();
        System.out.println("Weft standalone: starting, data in " + dataDir.toAbsolutePath());
        WeftStandalone weft = new WeftStandalone(config, System.out::println);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Weft standalone: stopping");
            weft.close();
            System.out.println("Weft standalone: stopped");
            stopped.countDown();
        }, "weft-shutdown"));
        try {
            weft.start();
        } catch (Exception e) {
            System.err.println("Weft standalone: failed to start: " + e.getMessage());
            System.exit(1);
        }
        StandaloneMqtt mqtt = config.mqtt();
        System.out.printf("Weft standalone: ready in %.1f s — MQTT %d (TLS %d, WebSocket %d and secure WebSocket %d "
                        + "on /mqtt), REST http://localhost:%d/api/v1, Kafka %s, Flink UI http://127.0.0.1:%d, "
                        + "QuestDB http://%s%n",
                (System.nanoTime() - t0) / 1e9, mqtt.tcpPort(), mqtt.tlsPort(), mqtt.wsPort(), mqtt.wssPort(),
                config.restPort(), config.kafkaBootstrap(), config.flinkRestPort(), config.questDbHttp());
        stopped.await();
    }

    /**
     * The edge's limits, with the connections and new connections a second per address from
     * {@code weft.mqtt.max-connections-per-ip} and {@code weft.mqtt.connects-per-second-per-ip} when set (0 = no
     * limit; the burst is twice the rate), e.g. to load-test from one machine.
     */
    private static ConnectionLimits limits() {
        ConnectionLimits d = ConnectionLimits.defaults();
        int connections = intProperty("weft.mqtt.max-connections-per-ip", d.maxConnectionsPerIp());
        int rate = intProperty("weft.mqtt.connects-per-second-per-ip", d.connectsPerSecondPerIp());
        int burst = rate == d.connectsPerSecondPerIp() ? d.connectBurstPerIp() : 2 * rate;
        return new ConnectionLimits(connections, rate, burst, d.authFailuresPerIp(), d.authFailuresPerDevice(),
                d.authFailureWindow(), d.ipLockout(), d.deviceLockout());
    }

    private static int intProperty(String name, int otherwise) {
        String value = System.getProperty(name, "");
        return value.isBlank() ? otherwise : Integer.parseInt(value.trim());
    }

    /** A path from a system property ({@code ./weft} sets them from environment variables); null when unset. */
    private static Path pathProperty(String name) {
        String value = System.getProperty(name, "");
        return value.isBlank() ? null : Path.of(value);
    }
}
