package io.weft.ingest.mqtt;

import io.weft.core.registration.RegistrationRequest;
import io.weft.ingest.mqtt.registration.RegistrationSink;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link RegistrationSink} that records every request and holds its future until the test completes or fails it,
 * playing Kafka. The control plane's answer is played separately, through the edge's pending registrations.
 */
final class HeldRegistrationSink implements RegistrationSink {
    private final List<RegistrationRequest> requests = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<Object>> futures = new CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<?> send(RegistrationRequest request) {
        CompletableFuture<Object> future = new CompletableFuture<>();
        requests.add(request);
        futures.add(future);
        return future;
    }

    List<RegistrationRequest> requests() {
        return List.copyOf(requests);
    }

    void fail(int i) {
        futures.get(i).completeExceptionally(new IllegalStateException("Kafka did not take the request"));
    }
}
