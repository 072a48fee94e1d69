package io.weft.standalone;

import io.weft.ingest.mqtt.limits.ConnectionLimits;
import io.weft.ingest.mqtt.open.OpenMode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** {@code ./weft}: starts all of Weft on this machine, prints a ready line with the ports, stops on Ctrl-C. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(System.getProperty("weft.data", "data"));
        StandaloneConfig config = StandaloneConfig.defaults(dataDir).withMqttTls(pathProperty("weft.tls.certificate"),
                pathProperty("weft.tls.key"), pathProperty("weft.tls.client-ca")).withMqttLimits(limits());
        config = config.withMqtt(config.mqtt().withClockSkew(intProperty("weft.mqtt.clock-skew-ms", 0)));
        int openPort = intProperty("weft.mqtt.open-port", 0);
        if (openPort > 0) {
            config = config.withMqtt(config.mqtt().withOpenMode(openPort, openMode()));
        }
        long t0 = System.nanoTime();
        System.out.println("Weft standalone: starting, data in " + dataDir.toAbsolutePath());
        WeftStandalone weft = new WeftStandalone(config, alerts(), System.out::println);
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
        if (mqtt.open() != null) {
            System.out.printf("Weft standalone: open mode on MQTT port %d (%s): plain MQTT clients share a sandbox "
                    + "apart from devices%n", mqtt.openPort(),
                    mqtt.open().allowAnonymous() ? "anonymous clients admitted" : "its users only");
        }
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

    /**
     * Open mode's admission from {@code weft.mqtt.open-users} ({@code user:password,user:password}): those users
     * only; unset, anonymous clients.
     */
    private static OpenMode openMode() {
        String users = System.getProperty("weft.mqtt.open-users", "");
        if (users.isBlank()) {
            return OpenMode.anonymous();
        }
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String pair : users.split(",")) {
            int colon = pair.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("WEFT_MQTT_OPEN_USERS must be user:password,...; got " + pair);
            }
            parsed.put(pair.substring(0, colon).trim(), pair.substring(colon + 1));
        }
        return OpenMode.users(parsed);
    }

    /**
     * The alert job's settings from {@code weft.alerts.offline-after-ms} (default 5 minutes) and
     * {@code weft.alerts.webhooks} (comma-separated URLs; none by default).
     */
    private static StandaloneAlerts alerts() {
        String offline = System.getProperty("weft.alerts.offline-after-ms", "");
        String webhooks = System.getProperty("weft.alerts.webhooks", "");
        return new StandaloneAlerts(offline.isBlank() ? StandaloneAlerts.defaults().offlineAfterMs()
                : Long.parseLong(offline.trim()),
                Arrays.stream(webhooks.split(",")).map(String::trim).filter(u -> !u.isEmpty()).toList());
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
