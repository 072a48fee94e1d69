package io.weft.flinkjobs.rules;

import io.weft.core.envelope.Telemetry;
import io.weft.core.kafka.WeftTopics;
import io.weft.core.rule.DeployedRule;
import io.weft.core.rule.Destination;
import io.weft.core.rule.RuleGroup;
import io.weft.flinkjobs.rules.functions.WeftFunctions;
import io.weft.flinkjobs.rules.sink.DestinationRecords;
import io.weft.flinkjobs.rules.sink.Outbound;
import io.weft.flinkjobs.rules.sink.ResultStore;
import io.weft.flinkjobs.rules.sink.ResultStoreSink;
import io.weft.flinkjobs.rules.sink.StoreAdmission;
import io.weft.flinkjobs.rules.sink.StoreRow;
import io.weft.flinkjobs.rules.sink.WebhookCall;
import io.weft.flinkjobs.rules.source.DeviceAttributesTable;
import io.weft.flinkjobs.rules.source.StatusTable;
import io.weft.flinkjobs.rules.source.TelemetryTable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

/**
 * Runs a group of deployed rules as Flink SQL over one stream of telemetry: declares the base table, registers the
 * Weft functions, creates each distinct view once (rules of one product share it), plans each rule's query, and
 * turns its rows into the Kafka records of its destinations. All rules read the same source operator, so the
 * telemetry is read once per group whatever the number of rules. Store destinations are written by a
 * {@link ResultStoreSink} per destination, after {@link StoreAdmission} (rejected rows become dead letters).
 *
 * <p>A group with a rule on device status ({@link StatusTable#readBy}) also declares the status table, and a group
 * with a rule that reads device attributes (a join with {@code product_<pk>_attributes}, or Alibaba's
 * {@code attribute(key)}) declares {@code weft_device_attributes} ({@link DeviceAttributesTable}), each over its
 * stream of {@link SideStreams}, asked for only then.
 */
public final class RuleRuntime {
    /** Results of one webhook destination in flight at once, per subtask. */
    private static final int WEBHOOK_CAPACITY = 100;
    private final StreamTableEnvironment tables;
    private final WeftTopics topics;
    private final WeftFunctions functions;
    private final ResultStore store;

    /** A runtime without a result store: rules with store destinations are refused. */
    public RuleRuntime(StreamTableEnvironment tables, WeftTopics topics, WeftFunctions functions) {
        this(tables, topics, functions, null);
    }

    /** @param store where store destinations write, or null when the job has none */
    public RuleRuntime(StreamTableEnvironment tables, WeftTopics topics, WeftFunctions functions, ResultStore store) {
        this.tables = tables;
        this.topics = topics;
        this.functions = functions;
        this.store = store;
    }

    /**
     * Wires one group; call it once per table environment (it declares the base table and the views).
     *
     * @param telemetry validated telemetry with event timestamps and watermarks (see
     *                  {@link TelemetryTable#watermarks})
     * @return every rule's destination records, for one exactly-once Kafka sink (store destinations are sunk here)
     * @throws IllegalArgumentException when the group is empty, a rule calls an unknown Weft function, names an
     *                                  output its query does not have, has a destination not run yet, calls a
     *                                  webhook or writes to the store without a Kafka error destination, or writes
     *                                  to the store when the runtime has none
     */
    public DataStream<Outbound> wire(DataStream<Telemetry> telemetry, RuleGroup group) {
        return wire(telemetry, SideStreams.none(), group);
    }

    /**
     * Wires one group as {@link #wire(DataStream, RuleGroup)} does, declaring the status and device-attribute tables
     * over {@code side}'s streams when, and only when, a rule of the group reads them.
     */
    public DataStream<Outbound> wire(DataStream<Telemetry> telemetry, SideStreams side, RuleGroup group) {
        if (group.rules().isEmpty()) {
            throw new IllegalArgumentException("rule group " + group.id() + " has no rules");
        }
        declare(telemetry, side, group.rules());
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
        return results(telemetry, SideStreams.none(), rule);
    }

    /** {@link #results(DataStream, DeployedRule)} with the side streams the rule may read. */
    public DataStream<RuleResult> results(DataStream<Telemetry> telemetry, SideStreams side, DeployedRule rule) {
        declare(telemetry, side, List.of(rule));
        createViews(rule, new HashSet<>());
        return results(rule);
    }

    private void declare(DataStream<Telemetry> telemetry, SideStreams side, List<DeployedRule> rules) {
        TelemetryTable.register(tables, telemetry);
        if (rules.stream().anyMatch(StatusTable::readBy)) {
            StatusTable.register(tables, side.status().get(), tables.getConfig().getLocalTimeZone());
        }
        if (DeviceAttributesTable.usedBy(rules)) {
            DeviceAttributesTable.register(tables, side.attributes().get());
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
        List<Destination.Store> stores = new ArrayList<>();
        for (Destination d : rule.destinations()) {
            if (d instanceof Destination.Webhook hook) {
                webhooks.add(hook);
            } else if (d instanceof Destination.Store table) {
                // One table twice would write the same rows twice (same keys): once is enough.
                if (stores.stream().noneMatch(t -> t.table().equalsIgnoreCase(table.table()))) {
                    stores.add(table);
                }
            } else {
                records.add(d);
            }
        }
        if (!stores.isEmpty() && store == null) {
            throw new IllegalArgumentException("rule " + rule.id() + " writes to the store, but this rule job has no"
                    + " store (--questdb)");
        }
        String errorTopic = webhooks.isEmpty() && stores.isEmpty() ? null
                : errorTopic(rule, webhooks.isEmpty() ? "writes to the store" : "calls a webhook");
        DestinationRecords destinations = new DestinationRecords(records, rule.errorDestination(), topics);
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
        for (Destination.Store table : stores) {
            SingleOutputStreamOperator<StoreRow> rows = results
                    .process(new StoreAdmission(store, table.table(), rule.outputs(), errorTopic))
                    .name("rule " + rule.id() + " store " + table.table())
                    .uid("rule-" + rule.id() + "-store-" + table.table());
            rows.sinkTo(new ResultStoreSink(store))
                    .name("rule " + rule.id() + " store " + table.table() + " sink")
                    .uid("rule-" + rule.id() + "-store-" + table.table() + "-sink");
            out = out.union(rows.getSideOutput(StoreAdmission.REJECTED));
        }
        return out;
    }

    /**
     * Where a rule's dead letters go: its error destination, which must be a Kafka topic when it has webhooks (for
     * the results no call delivered) or store destinations (for the results the store cannot hold).
     */
    private static String errorTopic(DeployedRule rule, String does) {
        if (rule.errorDestination() instanceof Destination.KafkaTopic topic) {
            return topic.topic();
        }
        throw new IllegalArgumentException("rule " + rule.id() + " " + does + ", so it needs an error destination"
                + " for the results it could not deliver, and that must be a Kafka topic (it is "
                + rule.errorDestination() + ")");
    }
}
