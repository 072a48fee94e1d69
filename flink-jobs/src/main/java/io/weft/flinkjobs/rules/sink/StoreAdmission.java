package io.weft.flinkjobs.rules.sink;

import io.weft.core.json.Json;
import io.weft.core.store.ResultRow;
import io.weft.core.store.ResultTables;
import io.weft.flinkjobs.rules.RuleResult;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import tools.jackson.databind.node.ObjectNode;

/**
 * Admits each result of a rule to its store destination's table (see {@link ResultTables#admit}): the row, typed to
 * the table's columns, goes on to {@link ResultStoreSink}; a result the table cannot hold (an output whose type
 * changed, a name that clashes) becomes a dead letter on the rule's error topic, on the side output
 * {@link #REJECTED}. Never a silent drop. A store that cannot be reached fails the task, so the job restarts from
 * its last checkpoint and admits the result again.
 */
public final class StoreAdmission extends ProcessFunction<RuleResult, StoreRow> {
    /** Dead letters of rejected results, for the job's exactly-once Kafka sink. */
    public static final OutputTag<Outbound> REJECTED = new OutputTag<>("store-rejected") {
    };

    private final ResultStore store;
    private final String table;
    private final List<String> outputs;
    private final String errorTopic;
    private transient ResultTables tables;
    private transient Counter rejected;

    public StoreAdmission(ResultStore store, String table, List<String> outputs, String errorTopic) {
        this.store = store;
        this.table = table;
        this.outputs = List.copyOf(outputs);
        this.errorTopic = errorTopic;
    }

    @Override
    public void open(OpenContext context) {
        tables = store.tables();
        rejected = getRuntimeContext().getMetricGroup().counter("storeRejected");
    }

    @Override
    public void processElement(RuleResult result, Context ctx, Collector<StoreRow> out) {
        ResultRow row = ResultRow.of(table, result.ruleId(), result.productKey(), result.deviceName(),
                result.eventTime(), Json.tree(result.json()), outputs);
        try {
            out.collect(StoreRow.of(tables.admit(row)));
        } catch (ResultTables.RejectedResult e) {
            rejected.inc();
            ctx.output(REJECTED, deadLetter(result, e.getMessage()));
        }
    }

    /**
     * {@code {"ruleId", "destination": "store", "table", "error", "result": {...}}} on the error topic, keyed like the
     * result ({@code pk/dn}, or the rule's id).
     */
    Outbound deadLetter(RuleResult result, String error) {
        ObjectNode letter = Json.object();
        letter.put("ruleId", result.ruleId());
        letter.put("destination", "store");
        letter.put("table", table);
        letter.put("error", error);
        letter.set("result", Json.tree(result.json()));
        String key = result.deviceName() == null ? result.ruleId() : result.productKey() + "/" + result.deviceName();
        return new Outbound(errorTopic, key, Json.MAPPER.writeValueAsBytes(letter));
    }
}
