package io.weft.ingest.mqtt.limits;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * New connections per address, as a {@link TokenBucket} per address. A bucket that has refilled is the same as no
 * bucket, so idle addresses are forgotten: every {@link #SWEEP_EVERY} connections, and on {@link #expireIdle()}.
 */
final class ConnectRate {
    static final int SWEEP_EVERY = 1024;
    private final int perSecond;
    private final int burst;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<InetAddress, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong calls = new AtomicLong();

    /** @param perSecond refill rate, 0 for no limit (then nothing is tracked) */
    ConnectRate(int perSecond, int burst, LongSupplier nanoTime) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
    }

    /** Takes a token for a new connection from {@code address}; false if its bucket is empty. */
    boolean tryConnect(InetAddress address) {
        if (perSecond == 0) {
            return true;
        }
        long now = nanoTime.getAsLong();
        if (calls.incrementAndGet() % SWEEP_EVERY == 0) {
            expireIdle(now);
        }
        boolean[] taken = {false};
        buckets.compute(address, (a, bucket) -> {
            TokenBucket b = bucket == null ? new TokenBucket(burst, perSecond, now) : bucket;
            taken[0] = b.tryTake(now);
            return b;
        });
        return taken[0];
    }

    /** Forgets every address whose bucket has refilled. */
    void expireIdle() {
        expireIdle(nanoTime.getAsLong());
    }

    private void expireIdle(long now) {
        buckets.forEach((address, ignored) ->
                buckets.computeIfPresent(address, (a, bucket) -> bucket.full(now) ? null : bucket));
    }

    /** How many addresses are in memory. */
    int addresses() {
        return buckets.size();
    }
}
