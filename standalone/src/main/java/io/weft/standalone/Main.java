package io.weft.standalone;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** {@code ./weft}: starts all of Weft on this machine, prints a ready line with the ports, stops on Ctrl-C. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(System.getProperty("weft.data", "data"));
        StandaloneConfig config = StandaloneConfig.defaults(dataDir).withMqttTls(pathProperty("weft.tls.certificate"),
                pathProperty("weft.tls.key"), pathProperty("weft.tls.client-ca"));
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

    /** A path from a system property ({@code ./weft} sets them from environment variables); null when unset. */
    private static Path pathProperty(String name) {
        String value = System.getProperty(name, "");
        return value.isBlank() ? null : Path.of(value);
    }
}
