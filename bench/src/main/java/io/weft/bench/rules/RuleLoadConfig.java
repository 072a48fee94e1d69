package io.weft.bench.rules;

import static io.weft.bench.options.BenchOptions.longIn;

import io.weft.bench.options.BenchOptions;
import java.nio.file.Path;
import java.util.Map;

/**
 * What one rule bench run does, from {@code --name value} options.
 *
 * @param mode             {@code throughput}: a backlog on {@code weft.telemetry} through the rule job;
 *                         {@code latency}: an open loop through the rule job and the alert job
 * @param rules            rules in the one group
 * @param outputTopics     Kafka topics the rules that do not raise alerts share
 * @param messages         throughput: telemetry records produced before the job starts
 * @param devices          devices the readings cycle through
 * @param partitions       partitions of every topic
 * @param parallelism      of each Flink job
 * @param checkpointMs     checkpoint interval of each job (results are visible to read_committed after it)
 * @param objectReuse      Flink's {@code pipeline.object-reuse}; the rule job turns it on whatever this says
 * @param rate             latency: readings per second, open loop
 * @param alertEvery       latency: one reading in this many is hot (raises the alert rules), from a device of its own
 * @param durationSeconds  latency: measured seconds, after the warm-up
 * @param warmupSeconds    latency: unmeasured seconds first
 * @param data             folder for Kafka's log and Flink's checkpoints; null for a fresh temporary folder
 */
public record RuleLoadConfig(String mode, int rules, int outputTopics, long messages, int devices, int partitions,
                             int parallelism, long checkpointMs, boolean objectReuse, int rate, int alertEvery,
                             int durationSeconds, int warmupSeconds, Path data) {

    private static final BenchOptions OPTIONS = BenchOptions.of("RuleLoad", 16)
            .option("mode", "throughput", "throughput (a backlog through the rule job) or latency "
                    + "(telemetry -> rule job -> alert job -> weft.alerts)")
            .option("rules", "10", "rules in the group")
            .option("output-topics", "10", "Kafka topics the non-alert rules share")
            .option("messages", "1000000", "throughput: telemetry records produced before the job")
            .option("devices", "1000", "devices the readings cycle through")
            .option("partitions", "4", "partitions of every topic (standalone: 4)")
            .option("parallelism", "1", "of each Flink job (standalone: 1)")
            .option("checkpoint-ms", "2000", "checkpoint interval of each job (the jobs' default)")
            .option("object-reuse", "false", "Flink's pipeline.object-reuse for the alert job (the rule "
                    + "job turns it on itself)")
            .option("rate", "1000", "latency: readings per second, open loop")
            .option("alert-every", "100", "latency: one reading in this many raises the alert rules")
            .option("duration", "60", "latency: measured seconds")
            .option("warmup", "15", "latency: unmeasured seconds first")
            .option("data", null, "folder for Kafka's log and checkpoints (default: a fresh temporary "
                    + "folder)");

    /**
     * Parses {@code --name value} pairs.
     *
     * @throws IllegalArgumentException on an unknown option, a missing value or a value out of range
     */
    public static RuleLoadConfig parse(String[] args) {
        Map<String, String> values = OPTIONS.parse(args);
        String mode = values.get("mode");
        if (!mode.equals("throughput") && !mode.equals("latency")) {
            throw new IllegalArgumentException("--mode must be throughput or latency, not " + mode);
        }
        String reuse = values.get("object-reuse");
        if (!reuse.equals("true") && !reuse.equals("false")) {
            throw new IllegalArgumentException("--object-reuse must be true or false, not " + reuse);
        }
        return new RuleLoadConfig(mode, (int) longIn(values, "rules", 1, 1_000),
                (int) longIn(values, "output-topics", 1, 100), longIn(values, "messages", 1, 100_000_000),
                (int) longIn(values, "devices", 1, 1_000_000), (int) longIn(values, "partitions", 1, 1_000),
                (int) longIn(values, "parallelism", 1, 64), longIn(values, "checkpoint-ms", 10, 600_000),
                reuse.equals("true"), (int) longIn(values, "rate", 1, 1_000_000),
                (int) longIn(values, "alert-every", 1, 1_000_000), (int) longIn(values, "duration", 1, 3_600),
                (int) longIn(values, "warmup", 0, 3_600),
                values.get("data") == null ? null : Path.of(values.get("data")));
    }

    public boolean latency() {
        return mode.equals("latency");
    }

    public static String usage() {
        return OPTIONS.usage();
    }

}
