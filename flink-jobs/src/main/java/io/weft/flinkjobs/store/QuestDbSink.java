package io.weft.flinkjobs.store;

import io.weft.core.envelope.Telemetry;
import io.weft.core.store.questdb.QuestDbWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes telemetry to QuestDB. Guarantee: at-least-once delivery made effectively exactly-once by the table's
 * DEDUP UPSERT KEYS(ts, device, msg_id): rows are flushed before every checkpoint completes (and every
 * {@link #FLUSH_INTERVAL_MS} while data flows), and a replay after a failure overwrites the same rows. What breaks
 * it: changing a table's dedup keys by hand.
 */
public final class QuestDbSink implements Sink<Telemetry> {
    static final long FLUSH_INTERVAL_MS = 200;
    private final String httpAddress;

    public QuestDbSink(String httpAddress) {
        this.httpAddress = httpAddress;
    }

    @Override
    public SinkWriter<Telemetry> createWriter(WriterInitContext context) {
        QuestDbWriter writer = new QuestDbWriter(httpAddress);
        return new FlushingWriter<>(writer::write, writer::flush, writer::close, FLUSH_INTERVAL_MS);
    }
}
