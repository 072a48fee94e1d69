package io.weft.bench.mqtt;

import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Open loop: one thread sends every message at its due time on an {@link OpenLoopSchedule}, whatever the server
 * does, catching up at once when it wakes late. Sending never waits for acknowledgements, so a slow server shows
 * up as latency (measured from the due time) and outstanding messages, not as a lower send rate.
 */
public final class OpenLoop {
    private final MessagePublisher publisher;
    private final double rate;

    public OpenLoop(MessagePublisher publisher, double rate) {
        this.publisher = publisher;
        this.rate = rate;
    }

    /** Sends on the calling thread from {@code startNanos} until {@code endNanos}; returns when all are sent. */
    public void run(List<DeviceConnection> connections, long startNanos, long endNanos) {
        OpenLoopSchedule schedule = new OpenLoopSchedule(rate, connections.size());
        long n = 0;
        while (true) {
            long due = startNanos + schedule.dueOffsetNanos(n);
            if (due - endNanos >= 0) {
                return;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else {
                publisher.publish(connections.get(schedule.device(n)), due);
                n++;
            }
        }
    }
}
