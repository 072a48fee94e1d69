package io.weft.flinkjobs.rules.dryrun;

import io.weft.core.envelope.Telemetry;
import io.weft.core.kafka.WeftTopics;
import io.weft.core.registry.DeviceTagsEntry;
import io.weft.core.rule.DeployedRule;
import io.weft.flinkjobs.rules.RuleResult;
import io.weft.flinkjobs.rules.RuleRuntime;
import io.weft.flinkjobs.rules.SideStreams;
import io.weft.flinkjobs.rules.functions.WeftFunctions;
import io.weft.flinkjobs.rules.source.DeviceAttributesTable;
import io.weft.flinkjobs.rules.source.StatusTable;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * Runs one deployed rule over a bounded input with its actions suppressed, and tells what it would have emitted and
 * why each message did or did not match. The rule runs through the same {@link RuleRuntime} code as its live job
 * (same base table, event time, watermarks, views, Weft functions and result JSON), so over the same part of
 * {@code weft.telemetry} it produces the same results. Two differences, both about event-time windows: the end of
 * a dry run's input moves the watermark to the end of time and fires the windows still open, where the live job
 * waits for later messages; and a dry run moves the watermark after every message (the live job every 200 ms), so
 * a message late by the policy is dropped by the dry run even where the live job, reading a burst, still counted it.
 *
 * <p>A rule on device status ({@code /as/mqtt/status/...}) is refused: a dry run reads telemetry only. A rule that
 * reads device attributes joins the device tags in {@code weft.registry} as they are when the run starts (read to
 * the end then), each message getting the tags its device had at the message's event time.
 *
 * <p>Each run is one Flink job in streaming mode over a bounded source, in a Flink environment of its own (by
 * default a local one in this JVM, parallelism 1), bounded by {@link DryRunLimits}. Its results are collected, never
 * written to a destination.
 */
public final class RuleDryRun {
    private static final TypeInformation<DryRunRow> ROWS = TypeInformation.of(DryRunRow.class);
    private final Supplier<StreamExecutionEnvironment> environments;
    private final String bootstrapServers;
    private final WeftTopics topics;
    private final ZoneId zone;
    private final DryRunLimits limits;

    /**
     * @param environments     a new Flink environment per run ({@link #localEnvironments()} in production)
     * @param bootstrapServers the Kafka holding {@code weft.telemetry}, for runs over its history
     * @param zone             the platform's time zone, as the rule jobs' {@code --time-zone}
     */
    public RuleDryRun(Supplier<StreamExecutionEnvironment> environments, String bootstrapServers, WeftTopics topics,
                      ZoneId zone, DryRunLimits limits) {
        this.environments = environments;
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
        this.zone = zone;
        this.limits = limits;
    }

    /** A local Flink environment per run, parallelism 1, its REST endpoint (if any) on a free loopback port. */
    public static Supplier<StreamExecutionEnvironment> localEnvironments() {
        return () -> {
            Configuration conf = new Configuration();
            conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
            conf.set(RestOptions.BIND_PORT, "0");
            return StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        };
    }

    public DryRunLimits limits() {
        return limits;
    }

    /**
     * Runs {@code rule} over {@code messages}, in their order.
     *
     * @param match the rule's conditions as columns (an Alibaba rule), or null (a Flink SQL rule)
     * @throws IllegalArgumentException when there are more messages than the limit, or the rule cannot run
     * @throws DryRunTooLong            when the run did not finish within the limit
     */
    public DryRunReport run(DeployedRule rule, MatchColumns match, List<Telemetry> messages) {
        refuseStatus(rule);
        if (messages.size() > limits.maxMessages()) {
            throw new IllegalArgumentException(messages.size() + " messages; a dry run reads at most "
                    + limits.maxMessages());
        }
        if (messages.isEmpty()) {
            return new DryRunReport(List.of(), List.of(), Map.of(), false);
        }
        StreamExecutionEnvironment env = environments.get();
        DataStream<Telemetry> telemetry = env.fromData(messages, TypeInformation.of(Telemetry.class))
                .assignTimestampsAndWatermarks(watermarks());
        return run(env, rule, match, telemetry, Map.of(), false);
    }

    /**
     * Runs {@code rule} over a range of {@code weft.telemetry}, read with read_committed. Offsets past a partition's
     * end are read up to its end (what is committed now); a range of more messages than the limit is cut, and the
     * report says where.
     *
     * @param match the rule's conditions as columns (an Alibaba rule), or null (a Flink SQL rule)
     * @throws IllegalArgumentException when a partition named does not exist, or the rule cannot run
     * @throws DryRunTooLong            when the run did not finish within the limit
     */
    public DryRunReport run(DeployedRule rule, MatchColumns match, TelemetryRange range) {
        refuseStatus(rule);
        TelemetryOffsets.Resolved offsets = new TelemetryOffsets(bootstrapServers, topics.telemetry())
                .resolve(range, limits.maxMessages());
        if (offsets.partitions().isEmpty()) {
            return new DryRunReport(List.of(), List.of(), offsets.read(), false);
        }
        StreamExecutionEnvironment env = environments.get();
        DataStream<Telemetry> telemetry = env.fromSource(offsets.source(bootstrapServers, topics.telemetry()),
                watermarks(), topics.telemetry());
        return run(env, rule, match, telemetry, offsets.read(), offsets.truncated());
    }

    /** A dry run replays telemetry only: a rule on device status has nothing to read in it. */
    private static void refuseStatus(DeployedRule rule) {
        if (StatusTable.readBy(rule)) {
            throw new IllegalArgumentException("rule " + rule.id() + " reads device status (/as/mqtt/status/...), "
                    + "and a dry run replays property and event posts only (sample posts or weft.telemetry history), "
                    + "not devices going online or offline; start the rule with a Kafka destination to see its "
                    + "results");
        }
    }

    /** As the rule job's, moved with every message (see {@link EveryMessageWatermarks}). */
    private WatermarkStrategy<Telemetry> watermarks() {
        return EveryMessageWatermarks.strategy(limits.maxOutOfOrderness());
    }

    private DryRunReport run(StreamExecutionEnvironment env, DeployedRule rule, MatchColumns match,
                             DataStream<Telemetry> telemetry, Map<Integer, TelemetryRange.Range> read,
                             boolean truncated) {
        StreamTableEnvironment tables = StreamTableEnvironment.create(env);
        tables.getConfig().setLocalTimeZone(zone);
        RuleRuntime runtime = new RuleRuntime(tables, topics, new WeftFunctions(zone));
        SideStreams side = SideStreams.none().withAttributes(() -> attributes(env));
        DataStream<DryRunRow> rows = telemetry.map(DryRunRow::read).returns(ROWS).name("messages read")
                .union(runtime.results(telemetry, side, rule).map(DryRunRow::result).returns(ROWS).name("results"));
        if (match != null) {
            Table conditions = tables.sqlQuery(match.query());
            rows = rows.union(tables.toDataStream(conditions).map(new MatchRows(match, conditions.getResolvedSchema()))
                    .returns(ROWS).name("conditions"));
        }
        List<DryRunRow> collected = collect(env, rows, rule.id());
        return report(rule, match, collected, read, truncated);
    }

    /**
     * The device tags on {@code weft.registry} as it is at the start of the run, for a rule that reads attributes:
     * each message joins the tags its device had at its event time, as in the live job.
     */
    private DataStream<DeviceTagsEntry> attributes(StreamExecutionEnvironment env) {
        return env.fromSource(DeviceAttributesTable.boundedRegistrySource(bootstrapServers, topics.registry(),
                "weft-dry-run-registry"), DeviceAttributesTable.watermarks(limits.maxDuration()), topics.registry())
                .setParallelism(1);
    }

    private List<DryRunRow> collect(StreamExecutionEnvironment env, DataStream<DryRunRow> rows, String ruleId) {
        CloseableIterator<DryRunRow> iterator = rows.collectAsync();
        AtomicBoolean cancelled = new AtomicBoolean();
        CompletableFuture<Void> deadline = null;
        List<DryRunRow> out = new ArrayList<>();
        try (iterator) {
            JobClient job = env.executeAsync("weft dry run of rule " + ruleId);
            deadline = CompletableFuture.runAsync(() -> {
                cancelled.set(true);
                job.cancel();
            }, CompletableFuture.delayedExecutor(limits.maxDuration().toMillis(), TimeUnit.MILLISECONDS));
            while (iterator.hasNext()) {
                out.add(iterator.next());
            }
        } catch (RuntimeException e) {
            if (cancelled.get()) {
                throw new DryRunTooLong(limits.maxDuration());
            }
            throw e;
        } catch (Exception e) {
            if (cancelled.get()) {
                throw new DryRunTooLong(limits.maxDuration());
            }
            throw new IllegalStateException("the dry run of rule " + ruleId + " failed: " + e.getMessage(), e);
        } finally {
            if (deadline != null) {
                deadline.cancel(false);
            }
        }
        if (cancelled.get()) {
            throw new DryRunTooLong(limits.maxDuration());
        }
        return out;
    }

    private static DryRunReport report(DeployedRule rule, MatchColumns match, List<DryRunRow> rows,
                                       Map<Integer, TelemetryRange.Range> read, boolean truncated) {
        List<RuleResult> results = new ArrayList<>();
        Map<Long, Queue<DryRunRow>> matches = new HashMap<>();
        for (DryRunRow row : rows) {
            if (row.kind() == DryRunRow.Kind.RESULT) {
                results.add(row.result());
            } else if (row.kind() == DryRunRow.Kind.MATCH) {
                matches.computeIfAbsent(row.messageId(), id -> new ArrayDeque<>()).add(row);
            }
        }
        Map<String, String> conditionText = new HashMap<>();
        if (match != null) {
            match.conditions().forEach(c -> conditionText.put(c.column(), c.sql()));
        }
        List<MessageVerdict> verdicts = new ArrayList<>();
        for (DryRunRow message : rows) {
            if (message.kind() != DryRunRow.Kind.READ) {
                continue;
            }
            Queue<DryRunRow> found = matches.get(message.messageId());
            DryRunRow conditions = found == null ? null : found.poll();
            verdicts.add(verdict(rule, match, message, conditions, conditionText));
        }
        return new DryRunReport(results, verdicts, read, truncated);
    }

    private static MessageVerdict verdict(DeployedRule rule, MatchColumns match, DryRunRow message,
                                          DryRunRow conditions, Map<String, String> text) {
        if (match == null) {
            return new MessageVerdict(message.messageId(), message.productKey(), message.deviceName(),
                    message.eventTime(), null, List.of(), List.of(), "a Flink SQL rule: its results come from"
                    + " windows, aggregates or joins over many messages, not from one message's conditions");
        }
        if (conditions == null) {
            String why = rule.productKey().equals(message.productKey())
                    ? "not read by this rule: it reads another kind of post of product " + rule.productKey()
                    : "not read by this rule: a message of product " + message.productKey() + ", not "
                    + rule.productKey();
            return new MessageVerdict(message.messageId(), message.productKey(), message.deviceName(),
                    message.eventTime(), false, List.of(), List.of(), why);
        }
        List<String> falseConditions = conditions.falseColumns().stream().map(text::get).toList();
        List<String> unknownConditions = conditions.unknownColumns().stream().map(text::get).toList();
        String reason;
        if (conditions.matched()) {
            reason = "matched";
        } else {
            List<String> parts = new ArrayList<>();
            falseConditions.forEach(c -> parts.add(c + " is false"));
            unknownConditions.forEach(c -> parts.add(c + " is unknown (NULL: a value it reads is absent)"));
            reason = parts.isEmpty() ? "the WHERE is not true" : String.join("; ", parts);
        }
        return new MessageVerdict(message.messageId(), message.productKey(), message.deviceName(),
                message.eventTime(), conditions.matched(), falseConditions, unknownConditions, reason);
    }
}
