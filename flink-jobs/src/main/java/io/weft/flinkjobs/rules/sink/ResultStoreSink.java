package io.weft.flinkjobs.rules.sink;

import io.weft.core.store.ResultWriter;
import io.weft.flinkjobs.store.FlushingWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes a rule's admitted result rows to the store. Guarantee: at-least-once delivery made effectively exactly-once
 * by the result table's keys (QuestDB: {@code DEDUP UPSERT KEYS(ts, rule_id, device)}): rows are flushed before every
 * checkpoint completes (and every {@link #FLUSH_INTERVAL_MS} while results flow), and the results replayed after a
 * failure overwrite the same rows. What breaks it: results whose event time is the time the rule ran (a query that
 * keeps no event time; see docs/rules.md) differ on replay, so they add rows; changing a table's dedup keys by hand.
 */
public final class ResultStoreSink implements Sink<StoreRow> {
    static final long FLUSH_INTERVAL_MS = 200;
    private final ResultStore store;

    public ResultStoreSink(ResultStore store) {
        this.store = store;
    }

    @Override
    public SinkWriter<StoreRow> createWriter(WriterInitContext context) {
        ResultWriter writer = store.writer();
        return new FlushingWriter<>(row -> writer.write(row.row()), writer::flush, writer::close, FLUSH_INTERVAL_MS);
    }
}
