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
        return new Writer(new QuestDbWriter(httpAddress));
    }

    private static final class Writer implements SinkWriter<Telemetry> {
        private final QuestDbWriter writer;
        private long lastFlush = System.currentTimeMillis();
        private boolean dirty;

        Writer(QuestDbWriter writer) {
            this.writer = writer;
        }

        @Override
        public void write(Telemetry telemetry, Context context) {
            writer.write(telemetry);
            dirty = true;
            long now = System.currentTimeMillis();
            if (now - lastFlush >= FLUSH_INTERVAL_MS) {
                flushNow(now);
            }
        }

        @Override
        public void flush(boolean endOfInput) {
            if (dirty) {
                flushNow(System.currentTimeMillis());
            }
        }

        private void flushNow(long now) {
            writer.flush();
            dirty = false;
            lastFlush = now;
        }

        @Override
        public void close() {
            writer.close();
        }
    }
}
