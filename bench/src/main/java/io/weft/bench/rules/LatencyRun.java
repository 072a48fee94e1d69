package io.weft.bench.rules;

import io.weft.bench.mqtt.OpenLoopSchedule;
import io.weft.core.alert.Alert;
import io.weft.core.json.Json;
import io.weft.core.rule.RuleGroup;
import io.weft.flinkjobs.alerts.AlertArgs;
import io.weft.flinkjobs.alerts.AlertJob;
import io.weft.flinkjobs.rules.RuleGroupArgs;
import io.weft.flinkjobs.rules.RuleGroupJob;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latency run: the rule job and the alert job on one session cluster, readings written to
 * {@code weft.telemetry} in an open loop at {@code rate}, one in {@code alertEvery} hot and from a device of its own
 * (so each opens new alerts: the alert job keeps one open alert per name and device). Latency runs from a hot
 * reading's scheduled send time to the first {@code opened} alert of its device read from {@code weft.alerts} with
 * read_committed: telemetry → rule job → {@code weft.alert-signals} → alert job → {@code weft.alerts}, two
 * exactly-once hops, each visible downstream only once its job's checkpoint commits.
 */
final class LatencyRun {
    private static final Logger LOG = LoggerFactory.getLogger(LatencyRun.class);
    private final RuleLoadConfig config;
    private final String bootstrap;
    private final FlinkSession flink;

    LatencyRun(RuleLoadConfig config, String bootstrap, FlinkSession flink) {
        this.config = config;
        this.bootstrap = bootstrap;
        this.flink = flink;
    }

    String run(Thermostat thermostat, BenchRules rules, RuleGroup group) throws Exception {
        RuleGroupArgs ruleArgs = new RuleGroupArgs(bootstrap, "weft.", group, config.checkpointMs(), 5000, 10_000,
                "earliest", ZoneId.systemDefault(), null);
        StreamExecutionEnvironment ruleEnv = flink.environment(config.parallelism(), config.objectReuse());
        RuleGroupJob.build(ruleEnv, ruleArgs, RuleGroupJob.telemetry(ruleEnv, ruleArgs),
                RuleGroupJob.sink(ruleArgs));
        boolean objectReuse = ruleEnv.getConfig().isObjectReuseEnabled();
        JobClient ruleJob = ruleEnv.executeAsync(RuleGroupJob.name(ruleArgs));
        AlertArgs alertArgs = AlertArgs.parse(new String[] {"--bootstrap-servers", bootstrap,
                "--checkpoint-interval-ms", Long.toString(config.checkpointMs())});
        StreamExecutionEnvironment alertEnv = flink.environment(config.parallelism(), config.objectReuse());
        AlertJob.build(alertEnv, alertArgs);
        JobClient alertJob = alertEnv.executeAsync(AlertJob.NAME);
        for (JobClient job : List.of(ruleJob, alertJob)) {
            while (job.getJobStatus().get() != JobStatus.RUNNING) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        }
        LOG.info("both jobs running; {} s warm-up, then {} s measured", config.warmupSeconds(),
                config.durationSeconds());

        Map<String, Long> pending = new ConcurrentHashMap<>();
        Histogram micros = new Histogram(TimeUnit.HOURS.toMicros(1), 3);
        AtomicLong opened = new AtomicLong();
        AtomicBoolean reading = new AtomicBoolean(true);
        Thread alerts = new Thread(() -> readAlerts(pending, micros, opened, reading), "alert-reader");
        alerts.start();

        OpenLoopSchedule schedule = new OpenLoopSchedule(config.rate(), config.devices());
        long total = (long) config.rate() * (config.warmupSeconds() + config.durationSeconds());
        long measuredFrom = TimeUnit.SECONDS.toNanos(config.warmupSeconds());
        long hot = 0;
        double averageBytes;
        SplittableRandom random = new SplittableRandom(42);
        long start = System.nanoTime();
        try (TelemetryWriter writer = new TelemetryWriter(bootstrap, "weft.telemetry", 0)) {
            for (long n = 0; n < total; n++) {
                long due = start + schedule.dueOffsetNanos(n);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                long now = System.currentTimeMillis();
                if (n % config.alertEvery() == config.alertEvery() - 1) {
                    String device = "hot-" + n;
                    if (due - start >= measuredFrom) {
                        pending.put(device, due);
                        hot++;
                    }
                    writer.send(thermostat.hot(n + 1, device, now, random), null);
                } else {
                    writer.send(thermostat.reading(n + 1, "t" + schedule.device(n), now, random), null);
                }
            }
            writer.flush();
            averageBytes = writer.averageBytes();
        }
        long sentSeconds = (System.nanoTime() - start) / 1_000_000_000L;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        reading.set(false);
        alerts.join();
        ruleJob.cancel().get(30, TimeUnit.SECONDS);
        alertJob.cancel().get(30, TimeUnit.SECONDS);
        return String.format(Locale.ROOT, """
                Weft rule latency: telemetry -> rule job -> weft.alert-signals -> alert job -> weft.alerts (read_committed)
                  rules            %d (%d raise alerts), parallelism %d per job, checkpoints every %d ms, object reuse %s (rule job)
                  load             %d readings/s open loop for %d s (%d s warm-up), %.0f bytes each, one in %d hot
                  measured         %d hot readings after the warm-up, %d with their alert, %d missing after 30 s
                  latency ms       p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f
                  alerts opened    %d (all, warm-up included)
                """, group.rules().size(), rules.alertRules(), config.parallelism(), config.checkpointMs(),
                objectReuse, config.rate(), sentSeconds, config.warmupSeconds(), averageBytes,
                config.alertEvery(), hot, micros.getTotalCount(), pending.size(),
                micros.getValueAtPercentile(50) / 1e3, micros.getValueAtPercentile(90) / 1e3,
                micros.getValueAtPercentile(99) / 1e3, micros.getValueAtPercentile(99.9) / 1e3,
                micros.getMaxValue() / 1e3, opened.get());
    }

    private void readAlerts(Map<String, Long> pending, Histogram micros, AtomicLong opened, AtomicBoolean reading) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "rule-bench-alerts");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("weft.alerts"));
            while (reading.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    Alert alert = Json.read(record.value(), Alert.class);
                    if (alert.change() != Alert.Change.OPENED) {
                        continue;
                    }
                    opened.incrementAndGet();
                    Long due = alert.deviceName() == null ? null : pending.remove(alert.deviceName());
                    if (due != null) {
                        micros.recordValue(Math.max(0, (now - due) / 1000));
                    }
                }
            }
        }
    }
}
