package io.weft.controlplane;

import io.questdb.ServerMain;
import io.weft.core.kafka.TopicSetup;
import io.weft.core.kafka.WeftTopics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * The real parts the control plane talks to, started once per test JVM before any Spring context: a one-node
 * Kafka cluster (Kafka's own test kit) with Weft's topics, and an embedded QuestDB with only its HTTP endpoint
 * open. Both are stopped when the JVM exits. Data directories live under {@code target/it-data}, emptied when this
 * class loads.
 */
public final class RealParts {
    private static final Path DATA = Path.of("target", "it-data").toAbsolutePath();
    private static RealParts shared;

    static {
        deleteLeftoversOfEarlierRuns();
    }

    private final KafkaClusterTestKit kafka;
    private final ServerMain questDb;
    private final String questDbHttp;

    private RealParts(KafkaClusterTestKit kafka, ServerMain questDb, String questDbHttp) {
        this.kafka = kafka;
        this.questDb = questDb;
        this.questDbHttp = questDbHttp;
    }

    /** The parts shared by every test class of this JVM; started on first use (both at once: QuestDB is slow). */
    public static synchronized RealParts shared() {
        if (shared == null) {
            CompletableFuture<KafkaClusterTestKit> kafka = CompletableFuture.supplyAsync(RealParts::startKafka);
            CompletableFuture<Map.Entry<ServerMain, String>> questDb =
                    CompletableFuture.supplyAsync(RealParts::startQuestDb);
            Map.Entry<ServerMain, String> q = questDb.join();
            shared = new RealParts(kafka.join(), q.getKey(), q.getValue());
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "weft-it-real-parts"));
        }
        return shared;
    }

    public String kafkaBootstrap() {
        return kafka.bootstrapServers();
    }

    /** host:port of QuestDB's HTTP endpoint (ILP writes and SQL). */
    public String questDbHttp() {
        return questDbHttp;
    }

    /** A one-node (combined broker and controller) Kafka cluster with Weft's topics; close it when done. */
    public static KafkaClusterTestKit startKafka() {
        try {
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            TopicSetup.ensure(cluster.bootstrapServers(), WeftTopics.DEFAULT, 1, (short) 1);
            return cluster;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the Kafka test cluster", e);
        }
    }

    /** A fresh directory under {@code target/it-data}, e.g. for an embedded PostgreSQL. */
    public static Path newDirectory(String prefix) {
        try {
            Files.createDirectories(DATA);
            return Files.createTempDirectory(DATA, prefix + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each run starts on fresh directories; this removes the previous runs' (nothing uses them any more). */
    private static void deleteLeftoversOfEarlierRuns() {
        if (!Files.isDirectory(DATA)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(DATA)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map.Entry<ServerMain, String> startQuestDb() {
        try {
            Path root = newDirectory("questdb");
            // QuestDB prints its banner and advisories straight to the native stdout, which corrupts the
            // channel of failsafe's forked JVM: send its log to a file instead.
            Path logConf = root.resolve("log-file.conf");
            Files.writeString(logConf, """
                    writers=file
                    w.file.class=io.questdb.log.LogFileWriter
                    w.file.location=%s
                    w.file.level=ERROR,CRITICAL,ADVISORY
                    """.formatted(root.resolve("questdb.log")));
            if (System.getProperty("out") == null) {
                System.setProperty("out", logConf.toString());
            }
            String http = "127.0.0.1:" + freePort();
            ServerMain server = ServerMain.create(root.toString(), Map.of(
                    "QDB_HTTP_BIND_TO", http,
                    "QDB_HTTP_MIN_ENABLED", "false",
                    "QDB_PG_ENABLED", "false",
                    "QDB_LINE_TCP_ENABLED", "false",
                    "QDB_LINE_UDP_ENABLED", "false",
                    "QDB_TELEMETRY_ENABLED", "false",
                    "QDB_TELEMETRY_DISABLE_COMPLETELY", "true"));
            server.start();
            return Map.entry(server, http);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start QuestDB", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void close() {
        try {
            kafka.close();
        } catch (Exception e) {
            System.err.println("closing the Kafka test cluster failed: " + e);
        }
        questDb.close();
    }
}
