package io.weft.flinkjobs.store;

import java.util.function.Consumer;
import org.apache.flink.api.connector.sink2.SinkWriter;

/**
 * A sink writer over a store's buffering writer: each record is handed to {@code write}; {@code flush} makes what
 * was written durable, and runs before every checkpoint completes (Flink calls {@link #flush(boolean)} then) and
 * every {@code intervalMs} while records flow, so rows show up promptly between checkpoints too.
 */
public final class FlushingWriter<T> implements SinkWriter<T> {
    private final Consumer<T> write;
    private final Runnable flush;
    private final Runnable close;
    private final long intervalMs;
    private long lastFlush = System.currentTimeMillis();
    private boolean dirty;

    public FlushingWriter(Consumer<T> write, Runnable flush, Runnable close, long intervalMs) {
        this.write = write;
        this.flush = flush;
        this.close = close;
        this.intervalMs = intervalMs;
    }

    @Override
    public void write(T record, Context context) {
        write.accept(record);
        dirty = true;
        long now = System.currentTimeMillis();
        if (now - lastFlush >= intervalMs) {
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
        flush.run();
        dirty = false;
        lastFlush = now;
    }

    @Override
    public void close() {
        close.run();
    }
}
