package io.weft.controlplane.alert;

import io.weft.core.alert.Alert;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.springframework.stereotype.Component;

/**
 * Requests waiting for an alert to change in this control plane's table: registered before the signal that causes
 * the change is sent, completed by the follower once it has stored a record of that alert that satisfies them.
 */
@Component
public class AlertWaiters {
    private final Map<String, Set<Waiter>> byId = new ConcurrentHashMap<>();

    private record Waiter(Predicate<Alert> until, CompletableFuture<Alert> done) {
    }

    /** A future completed with the first stored record of alert {@code id} that satisfies {@code until}. */
    public CompletableFuture<Alert> await(String id, Predicate<Alert> until) {
        Waiter waiter = new Waiter(until, new CompletableFuture<>());
        byId.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(waiter);
        waiter.done().whenComplete((alert, error) -> byId.computeIfPresent(id, (k, set) -> {
            set.remove(waiter);
            return set.isEmpty() ? null : set;
        }));
        return waiter.done();
    }

    /** The follower stored {@code alert}. */
    void stored(Alert alert) {
        Set<Waiter> waiters = byId.get(alert.id());
        if (waiters != null) {
            waiters.stream().filter(w -> w.until().test(alert)).forEach(w -> w.done().complete(alert));
        }
    }
}
