package io.weft.ingest.mqtt;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.EventExecutor;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands Kafka's acknowledgements of uplinks back to the event loops in batches. Kafka completes a whole produce
 * batch's records one after another on its I/O thread; handing each over as its own event-loop task (and flushing
 * each PUBACK on its own) cost a fifth of the edge's event-loop time. Here a completion is queued on its channel's
 * event loop, and one task per loop runs everything queued so far: the completions write their PUBACK/PUBREC
 * without flushing, and a channel is flushed once after a run of completions for it.
 *
 * <p>Nothing is acknowledged earlier than before: a completion is queued only once Kafka acknowledged the record
 * (see {@code DurableTopicWriter}); it only shares its task and its flush with the completions queued beside it.
 * One instance per edge; thread-safe.
 */
public final class KafkaAcks {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaAcks.class);

    /** Completions run per task at most, so a flood of acknowledgements does not starve the loop's sockets. */
    static final int MAX_PER_TASK = 4096;

    private final Map<EventExecutor, Inbox> inboxes = new ConcurrentHashMap<>();

    /**
     * Runs {@code completion} on the channel's event loop, soon, batched with others; the channel is flushed after
     * it, so the completion should write without flushing ({@link ChannelHandlerContext#write}).
     */
    void completed(ChannelHandlerContext ctx, Runnable completion) {
        EventExecutor loop = ctx.executor();
        Inbox inbox = inboxes.get(loop);
        if (inbox == null) {
            inbox = inboxes.computeIfAbsent(loop, Inbox::new);
        }
        inbox.add(new Completion(ctx, completion));
    }

    private record Completion(ChannelHandlerContext ctx, Runnable action) {
    }

    /** One event loop's queue of completions, drained by at most one scheduled task at a time. */
    private static final class Inbox implements Runnable {
        private final EventExecutor loop;
        private final Queue<Completion> queue = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean scheduled = new AtomicBoolean();

        Inbox(EventExecutor loop) {
            this.loop = loop;
        }

        void add(Completion completion) {
            queue.add(completion);
            if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
                loop.execute(this);
            }
        }

        @Override
        public void run() {
            // Cleared first: a completion queued from now on schedules another task if this one misses it.
            scheduled.set(false);
            Completion c;
            for (int n = 0; n < MAX_PER_TASK && (c = queue.poll()) != null; n++) {
                try {
                    c.action().run();
                } catch (RuntimeException e) {
                    LOG.warn("acknowledgement on {} failed", c.ctx().channel(), e);
                }
                // Flushed at once unless the next completion is for the same channel: while its pipeline is still in
                // the CPU's cache (deferring all flushes to the end of the task measured slower with 1,000 channels)
                Completion next = queue.peek();
                if (next == null || next.ctx() != c.ctx() || n + 1 == MAX_PER_TASK) {
                    c.ctx().flush();
                }
            }
            if (!queue.isEmpty() && scheduled.compareAndSet(false, true)) {
                loop.execute(this);
            }
        }
    }
}
