package io.weft.standalone;

import io.weft.controlplane.ControlPlaneApplication;
import io.weft.controlplane.flink.FlinkRest;
import io.weft.core.kafka.TopicSetup;
import io.weft.core.kafka.WeftTopics;
import io.weft.core.store.questdb.EmbeddedQuestDb;
import io.weft.flinkjobs.alerts.AlertJob;
import io.weft.flinkjobs.pipeline.DevicePipelineJob;
import io.weft.flinkjobs.pipeline.PipelineArgs;
import io.weft.ingest.mqtt.MqttEdge;
import io.weft.ingest.mqtt.MqttEdgeConfig;
import io.weft.ingest.mqtt.MqttListener;
import io.weft.ingest.mqtt.MqttTls;
import io.weft.ingest.mqtt.session.SessionPolicy;
import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * All of Weft in one process: Kafka, QuestDB, a Flink MiniCluster running the device pipeline and the alert job,
 * the MQTT edge and the control plane (which runs the started rules' jobs on the same Flink), with data under one
 * folder. Parts start in parallel where they can; {@link #close} stops them in reverse order.
 */
public final class WeftStandalone implements AutoCloseable {
    private final StandaloneConfig config;
    private final StandaloneAlerts alerts;
    private final Consumer<String> progress;
    private final List<AutoCloseable> started = Collections.synchronizedList(new ArrayList<>());
    private MqttEdge edge;

    public WeftStandalone(StandaloneConfig config, Consumer<String> progress) {
        this(config, StandaloneAlerts.defaults(), progress);
    }

    public WeftStandalone(StandaloneConfig config, StandaloneAlerts alerts, Consumer<String> progress) {
        this.config = config;
        this.alerts = alerts;
        this.progress = progress;
    }

    public WeftStandalone start() throws Exception {
        long t0 = System.nanoTime();
        WeftTopics topics = WeftTopics.DEFAULT;
        MqttEdgeConfig edgeConfig = edgeConfig();
        CompletableFuture<Void> questDb = CompletableFuture.runAsync(() -> step("QuestDB", t0, () ->
                EmbeddedQuestDb.start(config.dataDir().resolve("questdb"), config.questDbPort()),
                "http://" + config.questDbHttp()));
        CompletableFuture<URI> flink = CompletableFuture.supplyAsync(() -> {
            if (config.externalFlink() != null) {
                return config.externalFlink();
            }
            FlinkCluster cluster = step("Flink MiniCluster", t0, () ->
                    FlinkCluster.start(config.dataDir().resolve("flink"), config.flinkRestPort()),
                    "http://127.0.0.1:" + config.flinkRestPort());
            return cluster.restAddress();
        });
        step("Kafka", t0, () -> KafkaBroker.start(config.dataDir().resolve("kafka"), config.kafkaPort(),
                config.kafkaControllerPort()), config.kafkaBootstrap());
        TopicSetup.ensure(config.kafkaBootstrap(), topics, 4, (short) 1);
        CompletableFuture<Void> edgeStarted = CompletableFuture.runAsync(() -> step("MQTT edge", t0, () -> {
            edge = new MqttEdge(edgeConfig, config.kafkaBootstrap(), topics).start(Duration.ofSeconds(60));
            return edge;
        }, edgeConfig.listeners().stream().map(l -> l.uri(l.port())).collect(Collectors.joining(" "))));
        URI flinkRest = flink.join();
        CompletableFuture<Void> job = CompletableFuture.runAsync(() -> step("device pipeline job", t0, () -> {
            FlinkRest flinkApi = new FlinkRest(flinkRest);
            String jobId = flinkApi.submit(config.jobJar(), DevicePipelineJob.class.getName(),
                    new PipelineArgs(config.kafkaBootstrap(), topics.prefix(), config.questDbHttp(), 2000,
                            "weft-device-pipeline").toArgs(), 1);
            awaitRunning(flinkApi, jobId, "device pipeline");
            return () -> flinkApi.cancel(jobId);
        }, "running on " + flinkRest));
        CompletableFuture<Void> alertJob = CompletableFuture.runAsync(() -> step("alert job", t0, () -> {
            FlinkRest flinkApi = new FlinkRest(flinkRest);
            String jobId = flinkApi.submit(config.jobJar(), AlertJob.class.getName(),
                    alerts.jobArgs(config.kafkaBootstrap(), topics.prefix()), 1);
            awaitRunning(flinkApi, jobId, "alert");
            return () -> flinkApi.cancel(jobId);
        }, "running on " + flinkRest));
        questDb.join();
        step("control plane", t0, () -> {
            // As command-line arguments: they outrank application.properties, default properties do not.
            ConfigurableApplicationContext context = new SpringApplicationBuilder(ControlPlaneApplication.class)
                    .bannerMode(Banner.Mode.OFF)
                    .run("--server.port=" + config.restPort(),
                            "--weft.kafka-bootstrap-servers=" + config.kafkaBootstrap(),
                            "--weft.topic-prefix=" + topics.prefix(),
                            "--weft.questdb-http=" + config.questDbHttp(),
                            "--weft.database.directory=" + config.dataDir().resolve("postgres"),
                            "--weft.rules.flink-rest=" + flinkRest,
                            "--weft.rules.job-jar=" + config.jobJar().toAbsolutePath(),
                            "--weft.rules.store-http=" + config.questDbHttp(),
                            "--weft.rules.savepoint-dir=" + config.dataDir().resolve("flink").resolve("savepoints")
                                    .toAbsolutePath().toUri());
            return context::close;
        }, "http://localhost:" + config.restPort() + "/api/v1");
        edgeStarted.join();
        job.join();
        alertJob.join();
        return this;
    }

    /** The four listeners on all interfaces, with the configured certificate or standalone's self-signed one. */
    private MqttEdgeConfig edgeConfig() throws IOException, GeneralSecurityException {
        StandaloneMqtt mqtt = config.mqtt();
        MqttTls tls = mqtt.certificate() != null
                ? new MqttTls(mqtt.certificate(), mqtt.privateKey(), mqtt.clientCa())
                : SelfSignedServerCertificate.ensure(config.tlsDir(), mqtt.clientCa(), progress);
        String any = "0.0.0.0";
        List<MqttListener> listeners = new ArrayList<>(List.of(
                new MqttListener(MqttListener.Kind.TCP, any, mqtt.tcpPort()),
                new MqttListener(MqttListener.Kind.TLS, any, mqtt.tlsPort()),
                new MqttListener(MqttListener.Kind.WS, any, mqtt.wsPort()),
                new MqttListener(MqttListener.Kind.WSS, any, mqtt.wssPort())));
        if (mqtt.open() != null) {
            listeners.add(MqttListener.tcp(any, mqtt.openPort()).inOpenMode(mqtt.open()));
        }
        return new MqttEdgeConfig(listeners,
                tls, 256 * 1024, 10_000, 1000, "standalone", 1, mqtt.limits(), SessionPolicy.defaults(),
                mqtt.clockSkewMs());
    }

    public MqttEdge edge() {
        return edge;
    }

    public StandaloneConfig config() {
        return config;
    }

    private <T extends AutoCloseable> T step(String name, long t0, Starter<T> starter, String where) {
        T part;
        try {
            part = starter.start();
        } catch (Exception e) {
            throw new IllegalStateException(name + " failed to start: " + e.getMessage(), e);
        }
        started.add(part);
        progress.accept(String.format("  %-22s ready  %-40s (%.1f s)", name, where,
                (System.nanoTime() - t0) / 1e9));
        return part;
    }

    private static void awaitRunning(FlinkRest flinkApi, String jobId, String name)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String state = flinkApi.state(jobId);
        while (!state.equals("RUNNING")) {
            if (state.equals("FAILED") || state.equals("CANCELED") || System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " job " + jobId + " is " + state);
            }
            Thread.sleep(200);
            state = flinkApi.state(jobId);
        }
    }

    @Override
    public void close() {
        List<AutoCloseable> parts = new ArrayList<>(started);
        Collections.reverse(parts);
        for (AutoCloseable part : parts) {
            try {
                part.close();
            } catch (Exception e) {
                progress.accept("  error while stopping " + part.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }

    @FunctionalInterface
    private interface Starter<T extends AutoCloseable> {
        T start() throws Exception;
    }
}
