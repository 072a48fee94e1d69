package io.weft.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;

/**
 * Where standalone Weft keeps its data and which ports it listens on. Defaults: MQTT 1883, REST 8080, Kafka 9092
 * (controller 9093), QuestDB HTTP 9000, Flink REST 8091; data under {@code ./data}. {@code externalFlink} null
 * means an in-process MiniCluster.
 */
public record StandaloneConfig(Path dataDir, int mqttPort, int restPort, int kafkaPort, int kafkaControllerPort,
                               int questDbPort, int flinkRestPort, Path jobJar, URI externalFlink) {

    public static final String JOB_JAR_PROPERTY = "weft.flink.job-jar";

    public static StandaloneConfig defaults(Path dataDir) {
        return new StandaloneConfig(dataDir, 1883, 8080, 9092, 9093, 9000, 8091, defaultJobJar(), null);
    }

    /** Free ports everywhere: for tests, and for several instances on one machine. */
    public static StandaloneConfig randomPorts(Path dataDir) {
        return new StandaloneConfig(dataDir, freePort(), freePort(), freePort(), freePort(), freePort(), freePort(),
                defaultJobJar(), null);
    }

    /** Runs the jobs on an existing Flink session cluster (its REST address) instead of a MiniCluster. */
    public StandaloneConfig withExternalFlink(URI restAddress) {
        return new StandaloneConfig(dataDir, mqttPort, restPort, kafkaPort, kafkaControllerPort, questDbPort,
                flinkRestPort, jobJar, restAddress);
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
