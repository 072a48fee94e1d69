package io.weft.flinkjobs.rules;

import static org.awaitility.Awaitility.await;

import io.weft.core.envelope.Telemetry;
import io.weft.core.json.Json;
import io.weft.core.kafka.TopicSetup;
import io.weft.core.kafka.WeftTopics;
import io.weft.core.rule.DeployedRule;
import io.weft.core.rule.Destination;
import io.weft.core.rule.RuleGroup;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.core.ConditionFactory;

/**
 * One test's rule job on a class's MiniCluster and Kafka broker: Weft's topics under a prefix of its own (2
 * partitions each), a product key of its own, the group's {@link RuleGroupJob} as built for a cluster (Kafka source
 * and exactly-once sink, 300 ms checkpoints, 5 s out-of-orderness, from the earliest offsets, UTC), and read_committed
 * readers of its outputs. Close it after the test: the readers close and a job still running is cancelled.
 */
final class RuleJobRun implements AutoCloseable {
    private final String bootstrapServers;
    private final KafkaProducer<String, byte[]> producer;
    private final MiniCluster flink;
    private final int parallelism;
    private final WeftTopics topics;
    private final String pk;
    private final String tag;
    private final List<CommittedRecords> readers = new ArrayList<>();
    private JobClient job;

    /** {@code prefix}: the first letter of the topic prefix, telling apart the test classes' topics in logs. */
    RuleJobRun(String bootstrapServers, KafkaProducer<String, byte[]> producer, MiniCluster flink, int parallelism,
               String prefix) {
        this.bootstrapServers = bootstrapServers;
        this.producer = producer;
        this.flink = flink;
        this.parallelism = parallelism;
        this.tag = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 45), 36);
        this.topics = new WeftTopics(prefix + tag + ".");
        this.pk = "a1" + tag;
        TopicSetup.ensure(bootstrapServers, topics, 2, (short) 1);
    }

    WeftTopics topics() {
        return topics;
    }

    /** The test's product key. */
    String pk() {
        return pk;
    }

    /** The random part of the topic prefix and the product key, for other names of the test's own. */
    String tag() {
        return tag;
    }

    RuleGroup group(DeployedRule... rules) {
        return new RuleGroup("g-" + topics.prefix().replace(".", ""), List.of(rules));
    }

    /** Starts the group's job: idle timeout 500 ms, no store. */
    void start(RuleGroup group) throws Exception {
        start(group, UnaryOperator.identity());
    }

    /** Starts the group's job with {@code between} put between the telemetry source and the rules. */
    void start(RuleGroup group, UnaryOperator<DataStream<Telemetry>> between) throws Exception {
        start(group, between, 500, null);
    }

    /**
     * Starts the group's job with {@code between} put between the telemetry source and the rules, partitions quiet
     * for {@code idleTimeoutMs} released, and store destinations written to QuestDB at {@code questDb} (null: none).
     */
    void start(RuleGroup group, UnaryOperator<DataStream<Telemetry>> between, long idleTimeoutMs, String questDb)
            throws Exception {
        RuleGroupArgs args = new RuleGroupArgs(bootstrapServers, topics.prefix(), group, 300, 5_000, idleTimeoutMs,
                "earliest", ZoneOffset.UTC, questDb);
        StreamExecutionEnvironment env = new TestStreamEnvironment(flink, parallelism);
        RuleGroupJob.build(env, args, between.apply(RuleGroupJob.telemetry(env, args)), RuleGroupJob.sink(args));
        job = env.executeAsync(RuleGroupJob.name(args));
    }

    /** The name under the test's prefix. */
    String topic(String name) {
        return topics.prefix() + name;
    }

    /** A rule's output topic, created (2 partitions) before the job writes to it or a test reads it. */
    Destination kafkaTopic(String name) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic(name), 2, (short) 1))).all().get();
        }
        return new Destination.KafkaTopic(topic(name));
    }

    /** A read_committed reader of {@code topic}, closed with this run. */
    CommittedRecords read(String topic) {
        CommittedRecords reader = new CommittedRecords(bootstrapServers, topic);
        readers.add(reader);
        return reader;
    }

    /** A result's JSON: the outputs (an unclosed object) then the metadata Weft adds. */
    String result(String outputs, String ruleId, String device) {
        return outputs + ",\"ruleId\":\"" + ruleId + "\",\"productKey\":\"" + pk + "\",\"deviceName\":\"" + device
                + "\"}";
    }

    /** Writes a reading to the test's {@code weft.telemetry}, keyed pk/dn, as the device pipeline does. */
    void send(Telemetry t) throws Exception {
        producer.send(new ProducerRecord<>(topics.telemetry(), t.productKey() + "/" + t.deviceName(),
                Json.write(t))).get();
    }

    /** Awaitility for up to {@code wait}, failing at once if the job has stopped. */
    ConditionFactory eventually(Duration wait) {
        return await().atMost(wait).pollInterval(Duration.ofMillis(100))
                .failFast("the rule job stopped", this::jobStopped);
    }

    /** Whether the job failed and was restarted (by its restart strategy) at least once. */
    boolean restarted() throws Exception {
        return flink.getExecutionGraph(job.getJobID()).get().getStatusTimestamp(JobStatus.RESTARTING) > 0;
    }

    private boolean jobStopped() throws Exception {
        JobStatus status = job.getJobStatus().get();
        if (status.isGloballyTerminalState()) {
            try {
                job.getJobExecutionResult().get();
            } catch (Exception e) {
                throw new AssertionError("the rule job is " + status, e);
            }
            return true;
        }
        return false;
    }

    @Override
    public void close() throws Exception {
        readers.forEach(CommittedRecords::close);
        if (job != null && !job.getJobStatus().get().isGloballyTerminalState()) {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }
}
