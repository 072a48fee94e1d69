package io.weft.ingest.mqtt;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * At most one log line per interval, however many events: a flood of refusals (a client hammering a limit) must
 * not flood the log. The line that is let through says how many were left out before it.
 */
final class LogThrottle {
    static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private final LongSupplier nanoTime;
    private final AtomicLong nextAt;
    private final LongAdder suppressed = new LongAdder();

    LogThrottle(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.nextAt = new AtomicLong(nanoTime.getAsLong());
    }

    /** The number of events left out since the last line if this event may be logged, else -1 (and it is counted). */
    long tryLog() {
        long now = nanoTime.getAsLong();
        long next = nextAt.get();
        if (now - next >= 0 && nextAt.compareAndSet(next, now + INTERVAL_NANOS)) {
            return suppressed.sumThenReset();
        }
        suppressed.increment();
        return -1;
    }
}
