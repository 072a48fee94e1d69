package io.weft.bench.mqtt;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Closed loop: each device keeps {@code inflight} messages outstanding, sending the next as soon as one is
 * acknowledged, until the end time. Throughput is then whatever the server sustains; latency is measured from
 * the moment each message is sent. After a failure a device pauses {@value #PAUSE_AFTER_FAILURE_MILLIS} ms
 * rather than spinning on a dead connection.
 */
public final class ClosedLoop {
    private static final long PAUSE_AFTER_FAILURE_MILLIS = 100;

    private final MessagePublisher publisher;
    private final ScheduledExecutorService pauses;
    private final int inflight;

    public ClosedLoop(MessagePublisher publisher, ScheduledExecutorService pauses, int inflight) {
        this.publisher = publisher;
        this.pauses = pauses;
        this.inflight = inflight;
    }

    /**
     * Starts every device's loops and returns at once; the future completes when the last loop has stopped,
     * i.e. every message sent before {@code endNanos} has its outcome.
     */
    public CompletableFuture<Void> start(List<DeviceConnection> connections, long endNanos) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicInteger running = new AtomicInteger(connections.size() * inflight);
        for (DeviceConnection connection : connections) {
            for (int i = 0; i < inflight; i++) {
                next(connection, endNanos, running, done);
            }
        }
        return done;
    }

    private void next(DeviceConnection connection, long endNanos, AtomicInteger running,
                      CompletableFuture<Void> done) {
        long now = System.nanoTime();
        if (now - endNanos >= 0) {
            if (running.decrementAndGet() == 0) {
                done.complete(null);
            }
            return;
        }
        publisher.publish(connection, now).whenComplete((result, error) -> {
            if (error == null) {
                next(connection, endNanos, running, done);
            } else {
                pauses.schedule(() -> next(connection, endNanos, running, done), PAUSE_AFTER_FAILURE_MILLIS,
                        TimeUnit.MILLISECONDS);
            }
        });
    }
}
