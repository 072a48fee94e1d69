package io.weft.bench.edge;

import io.weft.core.kafka.TopicSetup;
import io.weft.core.kafka.WeftTopics;
import io.weft.ingest.mqtt.MqttEdge;
import io.weft.ingest.mqtt.MqttEdgeConfig;
import io.weft.ingest.mqtt.MqttListener;
import io.weft.ingest.mqtt.limits.ConnectionLimits;
import io.weft.ingest.mqtt.session.SessionPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Weft MQTT edge on its own, for benchmarks: one process with an in-process Kafka broker and the edge's plain
 * TCP listener, and nothing else (no Flink, QuestDB or control plane). Devices are provisioned by writing
 * {@code DeviceEntry} records to {@code weft.registry} (see {@code RegistryProvisioner}). The per-address connection
 * limits are off unless {@code --limits default}, since all bench load comes from this machine. Prints one line
 * {@code ready mqtt=<port> kafka=<bootstrap> pid=<pid>} on stdout once devices can connect, and runs until killed.
 * See bench/README.md.
 */
public final class EdgeOnly {
    private static final Logger log = LoggerFactory.getLogger(EdgeOnly.class);

    private EdgeOnly() {
    }

    public static void main(String[] args) throws Exception {
        if (Arrays.asList(args).contains("--help")) {
            System.out.print(EdgeOnlyConfig.usage());
            return;
        }
        EdgeOnlyConfig config;
        try {
            config = EdgeOnlyConfig.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(EdgeOnlyConfig.usage());
            System.exit(2);
            return;
        }
        long t0 = System.nanoTime();
        Path dir = config.data() != null ? Files.createDirectories(config.data())
                : Files.createTempDirectory("weft-edge-bench");
        WeftTopics topics = WeftTopics.DEFAULT;
        InProcessKafka kafka = InProcessKafka.start(dir.resolve("kafka"), config.kafkaPort(),
                config.controllerPort(), config.partitions());
        TopicSetup.ensure(kafka.bootstrap(), topics, config.partitions(), (short) 1);
        MqttEdgeConfig edgeConfig = new MqttEdgeConfig(List.of(MqttListener.tcp(config.mqttHost(), config.mqttPort())),
                null, 256 * 1024, 10_000, config.maxInFlight(), "bench-edge", 1,
                config.limits() ? ConnectionLimits.defaults() : ConnectionLimits.none(), SessionPolicy.defaults());
        MqttEdge edge = new MqttEdge(edgeConfig, kafka.bootstrap(), topics).start(Duration.ofSeconds(60));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                edge.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                kafka.close();
                stopped.countDown();
            }
        }, "edge-bench-shutdown"));
        log.info("edge and Kafka ready in {} ms, data in {}", (System.nanoTime() - t0) / 1_000_000, dir);
        System.out.println("ready mqtt=" + edge.port() + " kafka=" + kafka.bootstrap() + " pid="
                + ProcessHandle.current().pid());
        System.out.flush();
        stopped.await();
    }
}
