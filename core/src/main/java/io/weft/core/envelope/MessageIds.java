package io.weft.core.envelope;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Platform message ids, unique across nodes: 41 bits of milliseconds since 2024-01-01, 10 bits of node id and
 * 12 bits of sequence (like Alibaba's 64-bit message ids). Never goes backwards within a node.
 */
public final class MessageIds {
    private static final long EPOCH = 1_704_067_200_000L;
    private static final long SEQUENCE_MASK = 0xFFF;
    private final long node;
    private final AtomicLong last = new AtomicLong();

    public MessageIds(int node) {
        if (node < 0 || node > 1023) {
            throw new IllegalArgumentException("node id must be 0..1023");
        }
        this.node = node;
    }

    /** The smallest message id any node draws at or after {@code epochMs}: an id drawn earlier is smaller. */
    public static long firstAt(long epochMs) {
        return Math.max(0, epochMs - EPOCH) << 22;
    }

    public long next() {
        while (true) {
            long prev = last.get();
            long now = (System.currentTimeMillis() - EPOCH) << 22 | node << 12;
            long candidate;
            if (now > prev) {
                candidate = now;
            } else if ((prev & SEQUENCE_MASK) == SEQUENCE_MASK) {
                // 4096 ids in this millisecond already: take the next millisecond rather than touch the node bits.
                candidate = ((prev >>> 22) + 1) << 22 | node << 12;
            } else {
                candidate = prev + 1;
            }
            if (last.compareAndSet(prev, candidate)) {
                return candidate;
            }
        }
    }
}
