package io.weft.standalone;

import io.weft.ingest.mqtt.limits.ConnectionLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;

/**
 * Where standalone Weft keeps its data and which ports it listens on. Defaults: MQTT 1883, MQTT over TLS 8883,
 * WebSocket 8083 and secure WebSocket 8084 (both on {@code /mqtt}), REST 8080, Kafka 9092 (controller 9093), QuestDB
 * HTTP 9000, Flink REST 8091; data under {@code ./data}. {@code externalFlink} null means an in-process MiniCluster.
 */
public record StandaloneConfig(Path dataDir, StandaloneMqtt mqtt, int restPort, int kafkaPort,
                               int kafkaControllerPort, int questDbPort, int flinkRestPort, Path jobJar,
                               URI externalFlink) {

    public static final String JOB_JAR_PROPERTY = "weft.flink.job-jar";

    public static StandaloneConfig defaults(Path dataDir) {
        return new StandaloneConfig(dataDir, StandaloneMqtt.defaultPorts(), 8080, 9092, 9093, 9000, 8091,
                defaultJobJar(), null);
    }

    /** Free ports everywhere: for tests, and for several instances on one machine. */
    public static StandaloneConfig randomPorts(Path dataDir) {
        return new StandaloneConfig(dataDir,
                new StandaloneMqtt(freePort(), freePort(), freePort(), freePort(), null, null, null, null, freePort(),
                        null),
                freePort(), freePort(), freePort(), freePort(), freePort(), defaultJobJar(), null);
    }

    /** Runs the jobs on an existing Flink session cluster (its REST address) instead of a MiniCluster. */
    public StandaloneConfig withExternalFlink(URI restAddress) {
        return new StandaloneConfig(dataDir, mqtt, restPort, kafkaPort, kafkaControllerPort, questDbPort,
                flinkRestPort, jobJar, restAddress);
    }

    /** The same, with the MQTT edge's TLS material; see {@link StandaloneMqtt}. */
    public StandaloneConfig withMqttTls(Path certificate, Path privateKey, Path clientCa) {
        return new StandaloneConfig(dataDir, mqtt.withTls(certificate, privateKey, clientCa), restPort, kafkaPort,
                kafkaControllerPort, questDbPort, flinkRestPort, jobJar, externalFlink);
    }

    /** The same, with other limits per address and device on the MQTT edge; see {@link ConnectionLimits}. */
    public StandaloneConfig withMqttLimits(ConnectionLimits limits) {
        return new StandaloneConfig(dataDir, mqtt.withLimits(limits), restPort, kafkaPort, kafkaControllerPort,
                questDbPort, flinkRestPort, jobJar, externalFlink);
    }

    /** The same, with other MQTT edge settings. */
    public StandaloneConfig withMqtt(StandaloneMqtt mqtt) {
        return new StandaloneConfig(dataDir, mqtt, restPort, kafkaPort, kafkaControllerPort, questDbPort,
                flinkRestPort, jobJar, externalFlink);
    }

    /** The plain MQTT (TCP) port. */
    public int mqttPort() {
        return mqtt.tcpPort();
    }

    /** Where a self-signed server certificate is kept when none is configured. */
    public Path tlsDir() {
        return dataDir.resolve("tls");
    }

    public String kafkaBootstrap() {
        return "127.0.0.1:" + kafkaPort;
    }

    public String questDbHttp() {
        return "127.0.0.1:" + questDbPort;
    }

    private static Path defaultJobJar() {
        return Path.of(System.getProperty(JOB_JAR_PROPERTY, "standalone/target/weft-flink-jobs.jar"));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
