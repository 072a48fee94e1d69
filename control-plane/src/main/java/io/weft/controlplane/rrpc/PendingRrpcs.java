package io.weft.controlplane.rrpc;

import io.weft.core.auth.DeviceIdentity;
import io.weft.core.envelope.Reply;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.stereotype.Component;

/**
 * The RRPC requests this process is waiting on, by message id. A reply completes a request only if it comes from
 * the device the request was sent to, so a device cannot answer for another even if it guesses the id.
 */
@Component
public class PendingRrpcs {
    private final ConcurrentMap<String, Pending> pending = new ConcurrentHashMap<>();

    /** Starts waiting for replies to {@code messageId} from {@code device}; {@link #close} it when done. */
    Pending open(String messageId, DeviceIdentity device) {
        Pending p = new Pending(device, new CompletableFuture<>(), new CompletableFuture<>());
        if (pending.putIfAbsent(messageId, p) != null) {
            throw new IllegalStateException("RRPC message id " + messageId + " is already waiting");
        }
        return p;
    }

    void close(String messageId) {
        pending.remove(messageId);
    }

    /** Hands a reply read from {@code weft.replies} to the request it answers; replies nobody waits for are dropped. */
    public void accept(Reply reply) {
        Pending p = pending.get(reply.messageId());
        if (p == null || !p.device().equals(reply.device())) {
            return;
        }
        switch (reply.kind()) {
            case RESPONSE -> p.response().complete(reply.payload());
            case DEVICE_ONLINE -> p.online().complete(null);
        }
    }

    int size() {
        return pending.size();
    }

    /** One waiting request: completes {@code response} with the device's bytes, {@code online} once an edge has it. */
    record Pending(DeviceIdentity device, CompletableFuture<byte[]> response, CompletableFuture<Void> online) {
    }
}
