package io.weft.ingest.presence;

import io.weft.core.envelope.EdgeHeartbeat;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps this edge's lease on its sessions: an {@link EdgeHeartbeat} on {@code weft.events} four times per lease, from
 * start until {@link #close}. If the edge dies, the heartbeats stop and the control plane takes its devices as
 * offline once the lease has run out; when it restarts, the new {@code startedAt} ends the old run's sessions at
 * once.
 */
public final class EdgeLease implements AutoCloseable {
    /** How long the edge counts as alive after a heartbeat: three missed heartbeats and a margin. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(20);

    private final PresencePublisher publisher;
    private final String edge;
    private final long startedAt;
    private final Duration lease;
    private final ScheduledExecutorService timer;

    public EdgeLease(PresencePublisher publisher, String edge, long startedAt, Duration lease) {
        this.publisher = publisher;
        this.edge = edge;
        this.startedAt = startedAt;
        this.lease = lease;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "weft-edge-lease-" + edge);
            t.setDaemon(true);
            return t;
        });
    }

    public EdgeLease start() {
        long every = Math.max(1, lease.toMillis() / 4);
        timer.scheduleAtFixedRate(() -> publisher.heartbeat(
                new EdgeHeartbeat(edge, startedAt, System.currentTimeMillis(), lease.toMillis())),
                0, every, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Stops the heartbeats (the edge's sessions are reported OFFLINE one by one as it shuts down). */
    @Override
    public void close() {
        timer.shutdownNow();
    }
}
