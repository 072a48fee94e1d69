package io.weft.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link KafkaAcks} runs Kafka's completions on the channel's event loop, never on the thread that reports them, in
 * one task per batch, and flushes a channel once after its run of completions.
 */
class KafkaAcksTest {
    /** Counts the flushes that reach the head of the pipeline. */
    private static final class FlushCounter extends ChannelOutboundHandlerAdapter {
        final AtomicInteger flushes = new AtomicInteger();

        @Override
        public void flush(ChannelHandlerContext ctx) {
            flushes.incrementAndGet();
            ctx.flush();
        }
    }

    private static ChannelHandlerContext sessionContext(EmbeddedChannel channel) {
        return channel.pipeline().context("session");
    }

    private static EmbeddedChannel channel(FlushCounter counter) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline().addLast("flushes", counter).addLast("session", new ChannelInboundHandlerAdapter());
        return channel;
    }

    @Test
    void completed_whenSeveralForOneChannel_thenRunOnTheLoopInOrderAndFlushedOnce() {
        FlushCounter counter = new FlushCounter();
        EmbeddedChannel channel = channel(counter);
        ChannelHandlerContext ctx = sessionContext(channel);
        KafkaAcks acks = new KafkaAcks();
        List<String> ran = new ArrayList<>();

        for (String ack : List.of("a", "b", "c")) {
            acks.completed(ctx, () -> {
                ran.add(ack);
                ctx.write(ack);
            });
        }
        assertThat(ran).as("nothing runs before the event loop runs its tasks").isEmpty();
        channel.runPendingTasks();

        assertThat(ran).containsExactly("a", "b", "c");
        assertThat(counter.flushes).hasValue(1);
        assertThat((Object) channel.readOutbound()).isEqualTo("a");
        assertThat((Object) channel.readOutbound()).isEqualTo("b");
        assertThat((Object) channel.readOutbound()).isEqualTo("c");
    }

    @Test
    void completed_whenAfterABatchRan_thenAnotherTaskRunsAndFlushesIt() {
        FlushCounter counter = new FlushCounter();
        EmbeddedChannel channel = channel(counter);
        ChannelHandlerContext ctx = sessionContext(channel);
        KafkaAcks acks = new KafkaAcks();

        acks.completed(ctx, () -> ctx.write("first"));
        channel.runPendingTasks();
        acks.completed(ctx, () -> ctx.write("second"));
        channel.runPendingTasks();

        assertThat(counter.flushes).hasValue(2);
        assertThat((Object) channel.readOutbound()).isEqualTo("first");
        assertThat((Object) channel.readOutbound()).isEqualTo("second");
    }

    @Test
    void completed_whenACompletionThrows_thenTheOthersStillRunAndAreFlushed() {
        FlushCounter counter = new FlushCounter();
        EmbeddedChannel channel = channel(counter);
        ChannelHandlerContext ctx = sessionContext(channel);
        KafkaAcks acks = new KafkaAcks();

        acks.completed(ctx, () -> {
            throw new IllegalStateException("boom");
        });
        acks.completed(ctx, () -> ctx.write("after"));
        channel.runPendingTasks();

        assertThat((Object) channel.readOutbound()).isEqualTo("after");
        assertThat(counter.flushes).hasValue(1);
    }
}
