package io.weft.ingest.mqtt.limits;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Failures per key (an address, a device identity) in a fixed window that starts at the key's first failure:
 * the {@code maxFailures}-th failure within the window locks the key out for {@code lockout}. A key with neither a
 * window nor a lockout running is forgotten: every {@link #SWEEP_EVERY} calls, and on {@link #expireIdle()}.
 *
 * @param <K> what failures are counted by
 */
final class FailureLockout<K> {
    static final int SWEEP_EVERY = 1024;
    private final int maxFailures;
    private final long windowNanos;
    private final long lockoutNanos;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<K, Failures> keys = new ConcurrentHashMap<>();
    private final AtomicLong calls = new AtomicLong();

    /** @param maxFailures failures that lock a key out, 0 for no limit (then nothing is tracked) */
    FailureLockout(int maxFailures, Duration window, Duration lockout, LongSupplier nanoTime) {
        this.maxFailures = maxFailures;
        this.windowNanos = window.toNanos();
        this.lockoutNanos = lockout.toNanos();
        this.nanoTime = nanoTime;
    }

    /** True while {@code key} is locked out. */
    boolean lockedOut(K key) {
        if (maxFailures == 0 || key == null) {
            return false;
        }
        long now = tick();
        Failures f = keys.computeIfPresent(key, (k, failures) -> failures.idle(now) ? null : failures);
        return f != null && f.locked(now);
    }

    /** Counts a failure of {@code key}; returns true if this one locked it out. */
    boolean fail(K key) {
        if (maxFailures == 0 || key == null) {
            return false;
        }
        long now = tick();
        boolean[] locked = {false};
        keys.compute(key, (k, failures) -> {
            Failures f = failures == null || failures.idle(now) ? new Failures(now) : failures;
            locked[0] = f.fail(now);
            return f;
        });
        return locked[0];
    }

    /** Forgets every key with no window and no lockout running. */
    void expireIdle() {
        expireIdle(nanoTime.getAsLong());
    }

    /** How many keys are in memory. */
    int keys() {
        return keys.size();
    }

    private long tick() {
        long now = nanoTime.getAsLong();
        if (calls.incrementAndGet() % SWEEP_EVERY == 0) {
            expireIdle(now);
        }
        return now;
    }

    private void expireIdle(long now) {
        keys.forEach((key, ignored) -> keys.computeIfPresent(key, (k, f) -> f.idle(now) ? null : f));
    }

    /** One key's window and lockout; only touched inside the map's compute, which serializes it. */
    private final class Failures {
        private long windowStart;
        private int count;
        private boolean locked;
        private long lockedUntil;

        Failures(long now) {
            windowStart = now;
        }

        boolean fail(long now) {
            if (now - windowStart >= windowNanos) {
                windowStart = now;
                count = 0;
            }
            count++;
            if (count < maxFailures) {
                return false;
            }
            locked = true;
            lockedUntil = now + lockoutNanos;
            count = 0;
            windowStart = now;
            return true;
        }

        boolean locked(long now) {
            return locked && now - lockedUntil < 0;
        }

        boolean idle(long now) {
            return !locked(now) && now - windowStart >= windowNanos;
        }
    }
}
