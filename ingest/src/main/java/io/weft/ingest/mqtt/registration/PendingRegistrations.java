package io.weft.ingest.mqtt.registration;

import io.weft.core.registration.RegistrationAnswer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The registrations this edge is waiting on, by request id. An answer is handed to its waiter once and only once
 * (a second answer to the same request, from a second control-plane replica, is dropped); answers to other edges'
 * requests find no waiter and are ignored. Thread-safe.
 */
public final class PendingRegistrations implements Consumer<RegistrationAnswer> {
    private final Map<Long, Consumer<RegistrationAnswer>> waiting = new ConcurrentHashMap<>();

    void expect(long requestId, Consumer<RegistrationAnswer> waiter) {
        waiting.put(requestId, waiter);
    }

    /** Stops waiting (timeout, or the device went away). */
    void cancel(long requestId) {
        waiting.remove(requestId);
    }

    @Override
    public void accept(RegistrationAnswer answer) {
        Consumer<RegistrationAnswer> waiter = waiting.remove(answer.requestId());
        if (waiter != null) {
            waiter.accept(answer);
        }
    }

    public int size() {
        return waiting.size();
    }
}
