package io.weft.bench.rules;

import io.weft.bench.mqtt.ProcessCpu;
import io.weft.core.rule.RuleGroup;
import io.weft.flinkjobs.rules.RuleGroupArgs;
import io.weft.flinkjobs.rules.RuleGroupJob;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The throughput run: {@code messages} readings written to {@code weft.telemetry} first, then one rule job started
 * from the earliest offset, and the job's committed offsets on {@code weft.telemetry} sampled every
 * {@value #SAMPLE_MS} ms until they reach the backlog. The source commits its offsets when a checkpoint completes,
 * the checkpoint at which the sink commits the transaction of the results of those records, so "committed" means
 * "results visible to read_committed readers". The rate is taken between 10% and 90% of the backlog.
 */
final class ThroughputRun {
    private static final Logger LOG = LoggerFactory.getLogger(ThroughputRun.class);
    private static final long SAMPLE_MS = 200;
    private final RuleLoadConfig config;
    private final String bootstrap;
    private final FlinkSession flink;

    ThroughputRun(RuleLoadConfig config, String bootstrap, FlinkSession flink) {
        this.config = config;
        this.bootstrap = bootstrap;
        this.flink = flink;
    }

    String run(Thermostat thermostat, BenchRules rules, RuleGroup group) throws Exception {
        double produceSeconds;
        double averageBytes;
        long t0 = System.nanoTime();
        try (TelemetryWriter writer = new TelemetryWriter(bootstrap, "weft.telemetry", 20)) {
            SplittableRandom random = new SplittableRandom(42);
            long base = System.currentTimeMillis() - config.messages();
            for (long n = 0; n < config.messages(); n++) {
                writer.send(thermostat.reading(n + 1, "t" + (n % config.devices()), base + n, random), (m, e) -> {
                    if (e != null) {
                        LOG.error("cannot write telemetry", e);
                    }
                });
            }
            writer.flush();
            averageBytes = writer.averageBytes();
        }
        produceSeconds = (System.nanoTime() - t0) / 1e9;
        LOG.info("wrote {} readings in {} s", config.messages(), String.format(Locale.ROOT, "%.1f", produceSeconds));

        RuleGroupArgs args = new RuleGroupArgs(bootstrap, "weft.", group, config.checkpointMs(), 5000, 10_000,
                "earliest", ZoneId.systemDefault(), null);
        StreamExecutionEnvironment env = flink.environment(config.parallelism(), config.objectReuse());
        RuleGroupJob.build(env, args, RuleGroupJob.telemetry(env, args), RuleGroupJob.sink(args));
        boolean objectReuse = env.getConfig().isObjectReuseEnabled();
        ProcessCpu cpu = new ProcessCpu(ProcessHandle.current().pid(), 100);
        long submitted = System.nanoTime();
        JobClient job = env.executeAsync(RuleGroupJob.name(args));
        List<SteadyRate.Sample> samples = new ArrayList<>();
        List<ProcessCpu.Sample> cpuSamples = new ArrayList<>();
        long deadline = submitted + TimeUnit.MINUTES.toNanos(30);
        try (Admin admin = Admin.create(adminProps())) {
            long committed = 0;
            while (committed < config.messages()) {
                if (System.nanoTime() > deadline || job.getJobStatus().get().isGloballyTerminalState()) {
                    throw new IllegalStateException("the rule job committed " + committed + " of "
                            + config.messages() + " records (status " + job.getJobStatus().get() + ")");
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(SAMPLE_MS));
                committed = committed(admin, args.jobId());
                samples.add(new SteadyRate.Sample(System.nanoTime(), committed));
                cpuSamples.add(cpu.sample());
                if (samples.size() % 25 == 0) {
                    LOG.info("{} of {} committed", committed, config.messages());
                }
            }
            long finished = System.nanoTime();
            SteadyRate.Window window = SteadyRate.of(samples, config.messages(), 0.1, 0.9);
            ProcessCpu.Usage usage = cpu.between(cpuAt(samples, cpuSamples, 0.1), cpuAt(samples, cpuSamples, 0.9));
            long firstCommit = samples.stream().filter(s -> s.committed() > 0).findFirst().orElseThrow().nanos();
            long results = committedRecords(rules.outputTopics());
            long signals = committedRecords(List.of("weft.alert-signals"));
            job.cancel().get(30, TimeUnit.SECONDS);
            return String.format(Locale.ROOT, """
                    Weft rule throughput: %d rules (%d raise alerts), one job, parallelism %d, checkpoints every %d ms, \
                    object reuse %s
                      backlog          %d readings on weft.telemetry (%d partitions), %.0f bytes each on average, \
                    written in %.1f s
                      job              first results committed %.1f s after submission, all %.1f s after
                      msg/s            %.0f (steady: %d records committed in %.1f s, 10%%..90%% of the backlog)
                      msg/s overall    %.0f (backlog / time from submission to the last commit)
                      results          %d on %s, %d alert signals
                      process CPU      %.2f cores in the steady window (Kafka broker, Flink and this generator)
                      task CPU         %.1f µs per record in the source-and-rules task thread, %.1f µs in the sink \
                    task (threads "Source: weft.te…", "rule outputs: …")
                    """, group.rules().size(), rules.alertRules(), config.parallelism(), config.checkpointMs(),
                    objectReuse, config.messages(), config.partitions(), averageBytes, produceSeconds,
                    (firstCommit - submitted) / 1e9, (finished - submitted) / 1e9, window.perSecond(),
                    window.records(), window.seconds(), config.messages() / ((finished - submitted) / 1e9), results,
                    String.join(",", rules.outputTopics()), signals, usage.cores(),
                    microsPerRecord(usage, "Source: weft", window), microsPerRecord(usage, "rule outputs", window));
        }
    }

    /** CPU time of the threads whose names start with {@code prefix}, per record of the window. */
    private static double microsPerRecord(ProcessCpu.Usage usage, String prefix, SteadyRate.Window window) {
        double seconds = usage.secondsByThreadGroup().entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .mapToDouble(e -> e.getValue()).sum();
        return seconds * 1e6 / window.records();
    }

    private static ProcessCpu.Sample cpuAt(List<SteadyRate.Sample> samples, List<ProcessCpu.Sample> cpu,
                                           double fraction) {
        long records = (long) Math.ceil(samples.get(samples.size() - 1).committed() * fraction);
        for (int i = 0; i < samples.size(); i++) {
            if (samples.get(i).committed() >= records) {
                return cpu.get(i);
            }
        }
        throw new IllegalStateException("no sample at " + fraction);
    }

    private Properties adminProps() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return props;
    }

    private static long committed(Admin admin, String groupId) throws Exception {
        return admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS)
                .values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
    }

    /** Records visible to read_committed readers on {@code topics}, counted by reading them. */
    private long committedRecords(List<String> topics) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (Admin admin = Admin.create(adminProps());
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                     new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).values().forEach(d ->
                    d.partitions().forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition()))));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var ends = consumer.endOffsets(partitions);
            long count = 0;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot read " + topics + " to their end");
                }
                count += consumer.poll(Duration.ofMillis(200)).count();
            }
            return count;
        }
    }
}
