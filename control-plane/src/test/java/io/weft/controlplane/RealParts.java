package io.weft.controlplane;

import io.weft.core.kafka.TopicSetup;
import io.weft.core.kafka.WeftTopics;
import io.weft.core.store.questdb.EmbeddedQuestDb;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
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
    private final EmbeddedQuestDb questDb;

    private RealParts(KafkaClusterTestKit kafka, EmbeddedQuestDb questDb) {
        this.kafka = kafka;
        this.questDb = questDb;
    }

    /** The parts shared by every test class of this JVM; started on first use (both at once: QuestDB is slow). */
    public static synchronized RealParts shared() {
        if (shared == null) {
            CompletableFuture<KafkaClusterTestKit> kafka = CompletableFuture.supplyAsync(RealParts::startKafka);
            CompletableFuture<EmbeddedQuestDb> questDb = CompletableFuture.supplyAsync(RealParts::startQuestDb);
            shared = new RealParts(kafka.join(), questDb.join());
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "weft-it-real-parts"));
        }
        return shared;
    }

    public String kafkaBootstrap() {
        return kafka.bootstrapServers();
    }

    /** host:port of QuestDB's HTTP endpoint (ILP writes and SQL). */
    public String questDbHttp() {
        return questDb.httpAddress();
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

    private static EmbeddedQuestDb startQuestDb() {
        try {
            return EmbeddedQuestDb.start(newDirectory("questdb"), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start QuestDB", e);
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
