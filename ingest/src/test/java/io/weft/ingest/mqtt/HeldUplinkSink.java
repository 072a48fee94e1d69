package io.weft.ingest.mqtt;

import io.weft.core.envelope.Uplink;
import io.weft.ingest.uplink.UplinkSink;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An {@link UplinkSink} that holds every uplink's future until the test completes or fails it by hand: the test
 * plays Kafka's acknowledgement (or its refusal) at the moment it chooses. A test seam, not a mock of Kafka.
 */
final class HeldUplinkSink implements UplinkSink {
    private final List<Held> held = new CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<?> publish(Uplink uplink) {
        Held h = new Held(uplink, new CompletableFuture<>());
        held.add(h);
        return h.future();
    }

    /** The uplinks handed to the sink so far, in order. */
    List<Uplink> uplinks() {
        return held.stream().map(Held::uplink).toList();
    }

    /** Makes the i-th uplink durable, as Kafka's acks=all answer would. */
    void complete(int i) {
        held.get(i).future().complete("stored");
    }

    /** Makes the i-th uplink fail, as a Kafka timeout or fatal error would. */
    void fail(int i) {
        held.get(i).future().completeExceptionally(new IllegalStateException("Kafka did not take the record"));
    }

    private record Held(Uplink uplink, CompletableFuture<Object> future) {
    }
}
