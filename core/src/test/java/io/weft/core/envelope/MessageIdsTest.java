package io.weft.core.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Verifies platform message ids: 41 bits of milliseconds since 2024-01-01, 10 bits of node id, 12 bits of
 * sequence; strictly increasing within a node and unique across nodes.
 */
class MessageIdsTest {
    private static final long EPOCH_2024 = 1_704_067_200_000L;
    /** Far more than 4096 per millisecond on any machine that runs this loop in well under a second. */
    private static final int MANY = 1_000_000;

    private static long nodeBits(long id) {
        return (id >>> 12) & 0x3FF;
    }

    private static long millis(long id) {
        return (id >>> 22) + EPOCH_2024;
    }

    @Test
    void next_acrossManyCalls_thenStrictlyIncreasing() {
        MessageIds ids = new MessageIds(7);
        long previous = ids.next();
        for (int i = 0; i < MANY; i++) {
            long id = ids.next();
            assertThat(id).isGreaterThan(previous);
            previous = id;
        }
    }

    @Test
    void next_thenPositiveAndMillisecondsAreNow() {
        long before = System.currentTimeMillis();
        long id = new MessageIds(1).next();
        long after = System.currentTimeMillis();

        assertThat(id).isPositive();
        assertThat(millis(id)).isBetween(before, after);
    }

    @Test
    void next_thenNodeBitsHoldTheNodeId() {
        assertThat(nodeBits(new MessageIds(0).next())).isZero();
        assertThat(nodeBits(new MessageIds(5).next())).isEqualTo(5);
        assertThat(nodeBits(new MessageIds(1023).next())).isEqualTo(1023);
    }

    /**
     * The sequence has 12 bits: when more than 4096 ids are drawn in one millisecond the sequence must not
     * carry into the node bits, or a node hands out ids that belong to the next node.
     */
    @Test
    void next_whenManyIdsInTheSameMillisecond_thenNodeBitsNeverChange() {
        MessageIds ids = new MessageIds(5);
        for (int i = 0; i < MANY; i++) {
            long id = ids.next();
            assertThat(nodeBits(id)).as("node bits of id #%d (%d)", i, id).isEqualTo(5);
        }
    }

    @Test
    void next_whenCalledFromManyThreads_thenEveryIdUnique() throws Exception {
        MessageIds ids = new MessageIds(3);
        int threads = 4;
        int perThread = 20_000;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<long[]>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    long[] drawn = new long[perThread];
                    for (int i = 0; i < perThread; i++) {
                        drawn[i] = ids.next();
                    }
                    return drawn;
                }));
            }
            start.countDown();
            Set<Long> all = new HashSet<>();
            for (Future<long[]> f : futures) {
                long[] drawn = f.get(30, TimeUnit.SECONDS);
                for (int i = 0; i < drawn.length; i++) {
                    if (i > 0) {
                        assertThat(drawn[i]).as("increasing within a thread").isGreaterThan(drawn[i - 1]);
                    }
                    all.add(drawn[i]);
                }
            }
            assertThat(all).hasSize(threads * perThread);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void constructor_whenNodeOutside0To1023_thenRejected() {
        assertThatThrownBy(() -> new MessageIds(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MessageIds(1024)).isInstanceOf(IllegalArgumentException.class);
    }

    /** An edge that started at T takes a session as its own only if the session's epoch is at least firstAt(T). */
    @Test
    void firstAt_isBelowEveryIdDrawnFromThatMillisecondOnAndAboveEveryEarlierOne() {
        MessageIds ids = new MessageIds(1023);
        long before = ids.next();
        long cut = millis(before) + 1;
        long after;
        do {
            after = ids.next();
        } while (millis(after) < cut);

        assertThat(MessageIds.firstAt(cut)).isGreaterThan(before).isLessThanOrEqualTo(after);
        assertThat(millis(MessageIds.firstAt(cut))).isEqualTo(cut);
        assertThat(MessageIds.firstAt(0)).isZero();
    }
}
