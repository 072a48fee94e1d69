package io.weft.ingest.mqtt;

import io.weft.core.envelope.Reply;
import io.weft.ingest.reply.ReplySink;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** The {@link HeldUplinkSink} of replies: the test plays Kafka's acknowledgement of each reply by hand. */
final class HeldReplySink implements ReplySink {
    private final List<Held> held = new CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<?> publish(Reply reply) {
        Held h = new Held(reply, new CompletableFuture<>());
        held.add(h);
        return h.future();
    }

    List<Reply> replies() {
        return held.stream().map(Held::reply).toList();
    }

    void complete(int i) {
        held.get(i).future().complete("stored");
    }

    void fail(int i) {
        held.get(i).future().completeExceptionally(new IllegalStateException("Kafka did not take the record"));
    }

    private record Held(Reply reply, CompletableFuture<Object> future) {
    }
}
