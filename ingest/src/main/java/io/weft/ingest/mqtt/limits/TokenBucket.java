package io.weft.ingest.mqtt.limits;

/**
 * A token bucket: holds up to {@code capacity} tokens, refills {@code perSecond} tokens a second, and each take
 * needs one. Not thread-safe: its owner serializes access (see {@link ConnectRate}).
 */
final class TokenBucket {
    private static final double NANOS_PER_SECOND = 1e9;
    private final int capacity;
    private final double perNano;
    private double tokens;
    private long refilledAt;

    /** A full bucket at {@code nowNanos}. */
    TokenBucket(int capacity, int perSecond, long nowNanos) {
        this.capacity = capacity;
        this.perNano = perSecond / NANOS_PER_SECOND;
        this.tokens = capacity;
        this.refilledAt = nowNanos;
    }

    /** Takes a token if there is one. */
    boolean tryTake(long nowNanos) {
        refill(nowNanos);
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }

    /** True once the bucket has refilled completely: it then behaves like a new one and can be forgotten. */
    boolean full(long nowNanos) {
        refill(nowNanos);
        return tokens >= capacity;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - refilledAt;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * perNano);
            refilledAt = nowNanos;
        }
    }
}
