package io.weft.controlplane.presence;

import io.weft.core.envelope.EdgeHeartbeat;
import io.weft.core.envelope.MessageIds;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edges' leases on their sessions, from their {@link EdgeHeartbeat}s: an edge silent for longer than its lease
 * (it crashed, or lost Kafka) has its devices taken offline; an edge whose heartbeat says it started again has the
 * sessions of its previous run taken offline at once (their epochs are older than its start). Silence is measured
 * on this process's clock from when each heartbeat was read, so clock skew between edges and the control plane
 * does not matter. {@link #expire} runs only once the presence follower has caught up, so a heartbeat not yet read
 * on start never makes a live edge look silent.
 */
public final class EdgeLeases {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeLeases.class);

    private final PresenceRepository presence;
    private final LongSupplier clock;
    private final Map<String, Lease> leases = new ConcurrentHashMap<>();

    /** One edge's last heartbeat: its run, when it was read here, its lease, and whether it has run out. */
    private record Lease(long startedAt, long heardAt, long leaseMs, boolean expired) {
    }

    public EdgeLeases(PresenceRepository presence, LongSupplier clock) {
        this.presence = presence;
        this.clock = clock;
    }

    /** A heartbeat was read: the lease is renewed; a new run of the edge ends the sessions of the old one. */
    public void heard(EdgeHeartbeat heartbeat) {
        long now = clock.getAsLong();
        Lease before = leases.put(heartbeat.edge(),
                new Lease(heartbeat.startedAt(), now, heartbeat.leaseMs(), false));
        if (before != null && heartbeat.startedAt() > before.startedAt()) {
            int ended = presence.endSessionsOf(heartbeat.edge(), MessageIds.firstAt(heartbeat.startedAt()),
                    Instant.ofEpochMilli(now));
            if (ended > 0) {
                LOG.info("edge {} restarted: {} devices of its previous run are offline", heartbeat.edge(), ended);
            }
        }
    }

    /** Takes offline the devices of every edge whose lease has run out since the last call. */
    public void expire() {
        long now = clock.getAsLong();
        leases.forEach((edge, lease) -> {
            if (!lease.expired() && now > lease.heardAt() + lease.leaseMs()) {
                leases.computeIfPresent(edge, (e, current) -> current == lease
                        ? new Lease(lease.startedAt(), lease.heardAt(), lease.leaseMs(), true) : current);
                int ended = presence.endSessionsOf(edge, Long.MAX_VALUE, Instant.ofEpochMilli(now));
                LOG.warn("edge {} silent for {} ms (lease {} ms): {} devices are offline", edge,
                        now - lease.heardAt(), lease.leaseMs(), ended);
            }
        });
    }
}
