package io.weft.bench.mqtt;

import io.weft.core.kafka.WeftTopics;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MQTT load generator for a running Weft: registers a fleet of devices over REST (or writes them to
 * {@code weft.registry} for an edge alone, or targets a plain MQTT broker such as Mosquitto without credentials),
 * connects each with its own MQTT 3.1.1 connection (Alibaba-signed for Weft), publishes property posts in a closed loop (next message on each
 * acknowledgement) or an open loop (fixed total rate), and reports throughput, msg/s into Kafka, latency and, given the broker's process id, messages per CPU-second of
 * the broker.
 * Exit code 0 on success, 1 when more than 1% of messages or devices failed, 2 on bad options.
 * See bench/README.md.
 */
public final class MqttLoad {
    private static final Logger log = LoggerFactory.getLogger(MqttLoad.class);
    /** Time between connecting and the first message, so that the schedule starts on a quiet client. */
    private static final Duration LEAD = Duration.ofMillis(200);
    /** How long messages sent before the end may take to be acknowledged before they count as errors. */
    private static final Duration DRAIN = Duration.ofSeconds(15);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    /** How long an edge may take to read devices written to {@code weft.registry}. */
    private static final Duration REGISTRY_LOADED = Duration.ofSeconds(60);

    private final LoadConfig config;

    MqttLoad(LoadConfig config) {
        this.config = config;
    }

    public static void main(String[] args) throws Exception {
        if (Arrays.asList(args).contains("--help")) {
            System.out.print(LoadConfig.usage());
            return;
        }
        LoadConfig config;
        try {
            config = LoadConfig.parse(args, Instant.now().getEpochSecond());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(LoadConfig.usage());
            System.exit(2);
            return;
        }
        LoadReport report = new MqttLoad(config).run();
        System.out.print(report.text());
        System.out.println(report.json());
        System.exit(report.tooManyErrors() ? 1 : 0);
    }

    LoadReport run() throws Exception {
        PropertyPost post = new PropertyPost(config.payloadBytes());
        List<BenchDevice> devices = provision(post);

        FleetConnector connector = new FleetConnector(config.mqttHost(), config.mqttPort(),
                config.connectConcurrency(), Runtime.getRuntime().availableProcessors(), config.signed());
        if (config.provision() == LoadConfig.Provisioning.REGISTRY) {
            connector.awaitAccepted(devices.get(devices.size() - 1), REGISTRY_LOADED);
        }
        FleetConnector.Result fleet = connector.connect(devices);
        Map<String, Long> failures = new TreeMap<>();
        fleet.failures().forEach((reason, count) -> failures.put("connect: " + reason, (long) count));
        List<DeviceConnection> connections = fleet.connected();

        long start = System.nanoTime() + LEAD.toNanos();
        long windowStart = start + config.warmup().toNanos();
        long windowEnd = windowStart + config.duration().toNanos();
        LoadTally tally = new LoadTally(windowStart, windowEnd);
        MessagePublisher publisher = new MessagePublisher(config.qos(), post, tally);
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "bench-timer");
            thread.setDaemon(true);
            return thread;
        });
        KafkaEndOffsets offsets = config.kafka().map(k -> new KafkaEndOffsets(k, WeftTopics.DEFAULT.up()))
                .orElse(null);
        try {
            if (offsets != null) {
                // the first request also fetches metadata; make it now so that the samples are single round trips
                log.info("{} holds {} records", WeftTopics.DEFAULT.up(), offsets.sum());
            }
            CompletableFuture<KafkaEndOffsets.Sample> kafkaAtStart = sampleAt(offsets, windowStart, timers);
            CompletableFuture<KafkaEndOffsets.Sample> kafkaAtEnd = sampleAt(offsets, windowEnd, timers);
            ProcessCpu cpu = config.brokerPid() > 0 ? new ProcessCpu(config.brokerPid(), config.clockTicks()) : null;
            CompletableFuture<ProcessCpu.Sample> cpuAtStart = cpuAt(cpu, windowStart, timers);
            CompletableFuture<ProcessCpu.Sample> cpuAtEnd = cpuAt(cpu, windowEnd, timers);
            timers.scheduleAtFixedRate(() -> progress(tally, start), PROGRESS_EVERY.toMillis() + LEAD.toMillis(),
                    PROGRESS_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            log.info("publishing for {} s ({} s warmup) in {}", config.warmup().plus(config.duration()).toSeconds(),
                    config.warmup().toSeconds(), config.openLoop() ? "an open loop at " + config.rate() + " msg/s"
                            : "a closed loop, inflight " + config.inflight());

            if (!connections.isEmpty()) {
                drive(connections, publisher, timers, start, windowEnd);
            }
            long deadline = System.nanoTime() + DRAIN.toNanos();
            while (tally.outstanding() > 0 && System.nanoTime() - deadline < 0) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            long unacknowledged = tally.outstanding();
            if (unacknowledged > 0) {
                log.warn("{} messages unacknowledged {} s after the end", unacknowledged, DRAIN.toSeconds());
            }
            LoadTally.Snapshot figures = tally.snapshot();
            figures.failures().forEach((reason, count) -> failures.merge("publish: " + reason, count, Long::sum));
            if (unacknowledged > 0) {
                failures.put("publish: unacknowledged after drain", unacknowledged);
            }
            Double kafkaRate = kafkaRate(kafkaAtStart, kafkaAtEnd);
            ProcessCpu.Usage brokerCpu = cpu == null ? null
                    : cpu.between(cpuAtStart.get(30, TimeUnit.SECONDS), cpuAtEnd.get(30, TimeUnit.SECONDS));
            return LoadReport.of(config, connections.size(), post.payload(1_000_000).length, figures,
                    Math.min(unacknowledged, figures.sent() - figures.acknowledged() - figures.failed()), kafkaRate,
                    brokerCpu, failures);
        } finally {
            timers.shutdownNow();
            FleetConnector.disconnect(connections, Duration.ofSeconds(10));
            if (offsets != null) {
                offsets.close();
            }
        }
    }

    private List<BenchDevice> provision(PropertyPost post) throws Exception {
        long begin = System.nanoTime();
        if (config.provision() == LoadConfig.Provisioning.NONE) {
            List<BenchDevice> devices = new java.util.ArrayList<>(config.devices());
            for (int i = 0; i < config.devices(); i++) {
                devices.add(new BenchDevice(config.productKey(), BenchDevice.name(i), null));
            }
            return devices;
        }
        if (config.provision() == LoadConfig.Provisioning.REGISTRY) {
            List<BenchDevice> devices = new RegistryProvisioner(config.kafka().orElseThrow(), WeftTopics.DEFAULT)
                    .register(config.productKey(), config.devices());
            log.info("wrote {} devices of product {} to {} in {} ms", devices.size(), config.productKey(),
                    WeftTopics.DEFAULT.registry(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
            return devices;
        }
        DeviceProvisioner provisioner = new DeviceProvisioner(config.rest());
        provisioner.createProduct(config.productKey(), post.thingModelJson());
        List<BenchDevice> devices = provisioner.registerDevices(config.productKey(), config.devices(),
                config.registerConcurrency());
        log.info("registered {} devices of product {} in {} ms", devices.size(), config.productKey(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
        return devices;
    }

    /** Sends until {@code end}; returns once every message of a closed loop has its outcome or sending stopped. */
    private void drive(List<DeviceConnection> connections, MessagePublisher publisher,
                       ScheduledExecutorService timers, long start, long end) throws InterruptedException {
        for (long wait = start - System.nanoTime(); wait > 0; wait = start - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
        if (config.openLoop()) {
            new OpenLoop(publisher, config.rate()).run(connections, start, end);
            return;
        }
        CompletableFuture<Void> done = new ClosedLoop(publisher, timers, config.inflight()).start(connections, end);
        try {
            done.get(end - System.nanoTime() + DRAIN.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            log.warn("some devices still wait for acknowledgements {} s after the end", DRAIN.toSeconds());
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private static CompletableFuture<KafkaEndOffsets.Sample> sampleAt(KafkaEndOffsets offsets, long atNanos,
                                                                      ScheduledExecutorService timers) {
        CompletableFuture<KafkaEndOffsets.Sample> sample = new CompletableFuture<>();
        if (offsets == null) {
            sample.complete(null);
            return sample;
        }
        timers.schedule(() -> {
            try {
                sample.complete(offsets.sample());
            } catch (Exception e) {
                sample.completeExceptionally(e);
            }
        }, atNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        return sample;
    }

    private static CompletableFuture<ProcessCpu.Sample> cpuAt(ProcessCpu cpu, long atNanos,
                                                              ScheduledExecutorService timers) {
        CompletableFuture<ProcessCpu.Sample> sample = new CompletableFuture<>();
        if (cpu == null) {
            sample.complete(null);
            return sample;
        }
        timers.schedule(() -> {
            try {
                sample.complete(cpu.sample());
            } catch (RuntimeException e) {
                sample.completeExceptionally(e);
            }
        }, atNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        return sample;
    }

    private static Double kafkaRate(CompletableFuture<KafkaEndOffsets.Sample> atStart,
                                    CompletableFuture<KafkaEndOffsets.Sample> atEnd) {
        try {
            KafkaEndOffsets.Sample first = atStart.get(30, TimeUnit.SECONDS);
            KafkaEndOffsets.Sample last = atEnd.get(30, TimeUnit.SECONDS);
            return first == null || last == null ? null : last.ratePerSecondSince(first);
        } catch (Exception e) {
            log.warn("could not read the end offsets of {}: {}", WeftTopics.DEFAULT.up(), FailureReason.of(e));
            return null;
        }
    }

    private static void progress(LoadTally tally, long start) {
        log.info("t={}s sent {} acknowledged {} outstanding {}",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), tally.issuedTotal(),
                tally.acknowledgedTotal(), tally.outstanding());
    }
}
