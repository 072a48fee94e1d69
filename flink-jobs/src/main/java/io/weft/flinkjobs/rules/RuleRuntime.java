package io.weft.flinkjobs.rules;

import io.weft.core.envelope.Telemetry;
import io.weft.core.kafka.WeftTopics;
import io.weft.core.registry.DeviceTagsEntry;
import io.weft.core.rule.DeployedRule;
import io.weft.core.rule.Destination;
import io.weft.core.rule.RuleGroup;
import io.weft.flinkjobs.rules.functions.WeftFunctions;
import io.weft.flinkjobs.rules.sink.DestinationRecords;
import io.weft.flinkjobs.rules.sink.Outbound;
import io.weft.flinkjobs.rules.sink.WebhookCall;
import io.weft.flinkjobs.rules.source.DeviceAttributesTable;
import io.weft.flinkjobs.rules.source.TelemetryTable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

/**
 * Runs a group of deployed rules as Flink SQL over one stream of telemetry: declares the base table, registers the
 * Weft functions, creates each distinct view once (rules of one product share it), plans each rule's query, and
 * turns its rows into the Kafka records of its destinations. All rules read the same source operator, so the
 * telemetry is read once per group whatever the number of rules.
 *
 * <p>When a rule of the group reads device attributes (a join with {@code product_<pk>_attributes}, or Alibaba's
 * {@code attribute(key)}), the runtime also declares {@code weft_device_attributes} ({@link DeviceAttributesTable})
 * over the stream of device-tag changes it is given; a group that reads none never asks for that stream.
 */
public final class RuleRuntime {
    /** Results of one webhook destination in flight at once, per subtask. */
    private static final int WEBHOOK_CAPACITY = 100;
    private final StreamTableEnvironment tables;
    private final WeftTopics topics;
    private final WeftFunctions functions;

    public RuleRuntime(StreamTableEnvironment tables, WeftTopics topics, WeftFunctions functions) {
        this.tables = tables;
        this.topics = topics;
        this.functions = functions;
    }

    /**
     * Wires one group; call it once per table environment (it declares the base table and the views).
     *
     * @param telemetry validated telemetry with event timestamps and watermarks (see
     *                  {@link TelemetryTable#watermarks})
     * @return every rule's destination records, for one exactly-once Kafka sink
     * @throws IllegalArgumentException when the group is empty, a rule calls an unknown Weft function, names an
     *                                  output its query does not have, has a destination not run yet, or calls a
     *                                  webhook without a Kafka error destination
     */
    public DataStream<Outbound> wire(DataStream<Telemetry> telemetry, RuleGroup group) {
        return wire(telemetry, NO_ATTRIBUTES, group);
    }

    /**
     * Wires one group as {@link #wire(DataStream, RuleGroup)} does, declaring the device-attribute table over
     * {@code attributes} (device-tag changes with event timestamps and watermarks, see
     * {@link DeviceAttributesTable#watermarks}) when one of its rules reads it; only then is {@code attributes} called.
     */
    public DataStream<Outbound> wire(DataStream<Telemetry> telemetry,
                                     Supplier<DataStream<DeviceTagsEntry>> attributes, RuleGroup group) {
        if (group.rules().isEmpty()) {
            throw new IllegalArgumentException("rule group " + group.id() + " has no rules");
        }
        declare(telemetry, attributes, group.rules());
        Set<String> views = new HashSet<>();
        DataStream<Outbound> out = null;
        for (DeployedRule rule : group.rules()) {
            createViews(rule, views);
            DataStream<Outbound> records = wire(rule);
            out = out == null ? records : out.union(records);
        }
        return out;
    }

    /**
     * Wires one rule as {@link #wire(DataStream, RuleGroup)} does, up to its results, and sends them nowhere: what a
     * dry run collects (actions suppressed). Call it once per table environment; the environment then has the rule's
     * views too, for more queries over them.
     *
     * @throws IllegalArgumentException when the rule calls an unknown Weft function or names an output its query
     *                                  does not have
     */
    public DataStream<RuleResult> results(DataStream<Telemetry> telemetry, DeployedRule rule) {
        return results(telemetry, NO_ATTRIBUTES, rule);
    }

    /** {@link #results(DataStream, DeployedRule)} with the device-tag changes the rule's attributes come from. */
    public DataStream<RuleResult> results(DataStream<Telemetry> telemetry,
                                          Supplier<DataStream<DeviceTagsEntry>> attributes, DeployedRule rule) {
        declare(telemetry, attributes, List.of(rule));
        createViews(rule, new HashSet<>());
        return results(rule);
    }

    /** For runtimes given no device-tag stream: a rule that reads attributes cannot run there. */
    private static final Supplier<DataStream<DeviceTagsEntry>> NO_ATTRIBUTES = () -> {
        throw new IllegalArgumentException("a rule reads device attributes, and this rule runtime was given no "
                + "stream of device tags");
    };

    private void declare(DataStream<Telemetry> telemetry, Supplier<DataStream<DeviceTagsEntry>> attributes,
                         List<DeployedRule> rules) {
        TelemetryTable.register(tables, telemetry);
        if (DeviceAttributesTable.usedBy(rules)) {
            DeviceAttributesTable.register(tables, attributes.get());
        }
        functions.registerAll(tables);
    }

    /** Creates the rule's views not in {@code created} yet, and adds them to it. */
    private void createViews(DeployedRule rule, Set<String> created) {
        functions.checkKnown(rule.id(), rule.functions());
        for (String view : rule.views()) {
            if (created.add(view.strip())) {
                try {
                    tables.executeSql(view);
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("rule " + rule.id() + ": cannot create its view ("
                            + e.getMessage() + "); two rules of a group may share a view only with the same text", e);
                }
            }
        }
    }

    private DataStream<RuleResult> results(DeployedRule rule) {
        Table result = tables.sqlQuery(rule.query());
        return tables.toChangelogStream(result)
                .process(new ResultRows(rule.id(), rule.productKey(), rule.outputs(), result.getResolvedSchema(),
                        tables.getConfig().getLocalTimeZone()))
                .name("rule " + rule.id() + " results").uid("rule-" + rule.id() + "-results");
    }

    private DataStream<Outbound> wire(DeployedRule rule) {
        List<Destination> records = new ArrayList<>();
        List<Destination.Webhook> webhooks = new ArrayList<>();
        for (Destination d : rule.destinations()) {
            if (d instanceof Destination.Webhook hook) {
                webhooks.add(hook);
            } else {
                records.add(d);
            }
        }
        String errorTopic = webhooks.isEmpty() ? null : errorTopic(rule);
        DestinationRecords destinations = new DestinationRecords(records, topics);
        DataStream<RuleResult> results = results(rule);
        DataStream<Outbound> out = results.flatMap(destinations)
                .name("rule " + rule.id() + " destinations").uid("rule-" + rule.id() + "-destinations");
        for (int i = 0; i < webhooks.size(); i++) {
            Destination.Webhook hook = webhooks.get(i);
            out = out.union(AsyncDataStream.unorderedWait(results, new WebhookCall(hook, errorTopic),
                            WebhookCall.totalTimeoutMs(hook), TimeUnit.MILLISECONDS, WEBHOOK_CAPACITY)
                    .name("rule " + rule.id() + " webhook " + hook.url())
                    .uid("rule-" + rule.id() + "-webhook-" + i));
        }
        return out;
    }

    /** Where a rule's dead letters go: its error destination, which must be a Kafka topic when it has webhooks. */
    private static String errorTopic(DeployedRule rule) {
        if (rule.errorDestination() instanceof Destination.KafkaTopic topic) {
            return topic.topic();
        }
        throw new IllegalArgumentException("rule " + rule.id() + " calls a webhook, so it needs an error destination"
                + " for the results no call delivered, and that must be a Kafka topic (it is "
                + rule.errorDestination() + ")");
    }
}
