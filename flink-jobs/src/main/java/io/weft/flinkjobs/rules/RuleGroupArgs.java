package io.weft.flinkjobs.rules;

import io.weft.core.rule.RuleGroup;
import io.weft.flinkjobs.job.JobArguments;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * A rule job's program arguments:
 * <ul>
 *   <li>{@code --bootstrap-servers host:port} (required);</li>
 *   <li>{@code --group <RuleGroup.toArgument()>} (required): the rules to run;</li>
 *   <li>{@code --topic-prefix weft.};</li>
 *   <li>{@code --checkpoint-interval-ms 2000}: also how long results wait before readers with read_committed see
 *       them;</li>
 *   <li>{@code --max-out-of-orderness-ms 5000}: how far behind the newest device time a row may arrive and still
 *       count in an event-time window;</li>
 *   <li>{@code --idle-timeout-ms 10000}: a Kafka partition quiet this long stops holding the watermark back;</li>
 *   <li>{@code --starting-offsets latest}: where a new group starts reading {@code weft.telemetry}
 *       ({@code latest} or {@code earliest}); a restarted group resumes from its checkpoint or committed offsets;</li>
 *   <li>{@code --time-zone} (the JVM's): the platform's time zone, for {@code timestamp('format')};</li>
 *   <li>{@code --questdb host:port}: QuestDB's HTTP endpoint, where store destinations write (a rule with a store
 *       destination is refused without it).</li>
 * </ul>
 */
public record RuleGroupArgs(String bootstrapServers, String topicPrefix, RuleGroup group, long checkpointIntervalMs,
                            long maxOutOfOrdernessMs, long idleTimeoutMs, String startingOffsets, ZoneId timeZone,
                            String questDb) {

    public RuleGroupArgs {
        if (!"latest".equals(startingOffsets) && !"earliest".equals(startingOffsets)) {
            throw new IllegalArgumentException("--starting-offsets is latest or earliest, not " + startingOffsets);
        }
    }

    /** The defaults for everything but the broker and the group. */
    public static RuleGroupArgs of(String bootstrapServers, RuleGroup group) {
        return new RuleGroupArgs(bootstrapServers, "weft.", group, 2000, 5000, 10_000, "latest",
                ZoneId.systemDefault(), null);
    }

    /** The Kafka consumer group and transactional-id prefix of this group's job: {@code weft-rules-<group id>}. */
    public String jobId() {
        return "weft-rules-" + group.id();
    }

    /** The program arguments that {@link #parse} reads back into this. */
    public List<String> toArgs() {
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", bootstrapServers, "--topic-prefix",
                topicPrefix, "--group", group.toArgument(), "--checkpoint-interval-ms",
                Long.toString(checkpointIntervalMs), "--max-out-of-orderness-ms", Long.toString(maxOutOfOrdernessMs),
                "--idle-timeout-ms", Long.toString(idleTimeoutMs), "--starting-offsets", startingOffsets,
                "--time-zone", timeZone.getId()));
        if (questDb != null) {
            args.addAll(List.of("--questdb", questDb));
        }
        return args;
    }

    public static RuleGroupArgs parse(String[] args) {
        JobArguments values = JobArguments.parse(args);
        String timeZone = values.optional("time-zone");
        return new RuleGroupArgs(values.required("bootstrap-servers", ""), values.text("topic-prefix", "weft."),
                RuleGroup.fromArgument(values.required("group", "a RuleGroup's toArgument()")),
                values.number("checkpoint-interval-ms", 2000), values.number("max-out-of-orderness-ms", 5000),
                values.number("idle-timeout-ms", 10000), values.text("starting-offsets", "latest"),
                timeZone == null ? ZoneId.systemDefault() : ZoneId.of(timeZone), values.optional("questdb"));
    }
}
