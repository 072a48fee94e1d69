package io.weft.controlplane.presence;

import io.weft.controlplane.presence.PresenceRepository.EndedSession;
import io.weft.core.envelope.EdgeHeartbeat;
import io.weft.core.envelope.MessageIds;
import io.weft.core.envelope.Presence;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
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
 *
 * <p>Each session ended here is also announced on {@code weft.events} as the OFFLINE its edge never wrote (reason
 * {@link #LEASE_EXPIRED} or {@link #EDGE_RESTARTED}, same epoch, this process's time), so the alert job and
 * device-status rules see the device go offline. An OFFLINE that Kafka refuses is sent again on the next
 * {@link #expire}; reading it back changes nothing here (the device is already offline with that epoch).
 */
public final class EdgeLeases {
    /** The reason of an OFFLINE written because the device's edge went silent beyond its lease. */
    public static final String LEASE_EXPIRED = "EDGE_LEASE_EXPIRED";
    /** The reason of an OFFLINE written because the device's edge started again. */
    public static final String EDGE_RESTARTED = "EDGE_RESTARTED";

    private static final Logger LOG = LoggerFactory.getLogger(EdgeLeases.class);

    private final PresenceRepository presence;
    private final PresenceWriter events;
    private final LongSupplier clock;
    private final Map<String, Lease> leases = new ConcurrentHashMap<>();
    private final Queue<Presence> unsent = new ConcurrentLinkedQueue<>();

    /** One edge's last heartbeat: its run, when it was read here, its lease, and whether it has run out. */
    private record Lease(long startedAt, long heardAt, long leaseMs, boolean expired) {
    }

    public EdgeLeases(PresenceRepository presence, PresenceWriter events, LongSupplier clock) {
        this.presence = presence;
        this.events = events;
        this.clock = clock;
    }

    /** A heartbeat was read: the lease is renewed; a new run of the edge ends the sessions of the old one. */
    public void heard(EdgeHeartbeat heartbeat) {
        long now = clock.getAsLong();
        Lease before = leases.put(heartbeat.edge(),
                new Lease(heartbeat.startedAt(), now, heartbeat.leaseMs(), false));
        if (before != null && heartbeat.startedAt() > before.startedAt()) {
            List<EndedSession> ended = presence.endSessionsOf(heartbeat.edge(),
                    MessageIds.firstAt(heartbeat.startedAt()), Instant.ofEpochMilli(now));
            if (!ended.isEmpty()) {
                LOG.info("edge {} restarted: {} devices of its previous run are offline", heartbeat.edge(),
                        ended.size());
                announce(heartbeat.edge(), ended, EDGE_RESTARTED, now);
            }
        }
    }

    /** Takes offline the devices of every edge whose lease has run out since the last call. */
    public void expire() {
        resendUnsent();
        long now = clock.getAsLong();
        leases.forEach((edge, lease) -> {
            if (!lease.expired() && now > lease.heardAt() + lease.leaseMs()) {
                leases.computeIfPresent(edge, (e, current) -> current == lease
                        ? new Lease(lease.startedAt(), lease.heardAt(), lease.leaseMs(), true) : current);
                List<EndedSession> ended = presence.endSessionsOf(edge, Long.MAX_VALUE, Instant.ofEpochMilli(now));
                LOG.warn("edge {} silent for {} ms (lease {} ms): {} devices are offline", edge,
                        now - lease.heardAt(), lease.leaseMs(), ended.size());
                announce(edge, ended, LEASE_EXPIRED, now);
            }
        });
    }

    private void announce(String edge, List<EndedSession> ended, String reason, long now) {
        for (EndedSession session : ended) {
            send(Presence.offline(session.device(), session.sessionEpoch(), edge, null, now, reason));
        }
    }

    private void resendUnsent() {
        for (int n = unsent.size(); n > 0; n--) {
            Presence event = unsent.poll();
            if (event == null) {
                return;
            }
            send(event);
        }
    }

    private void send(Presence event) {
        events.write(event).whenComplete((ok, error) -> {
            if (error != null) {
                LOG.warn("OFFLINE of {} not written to weft.events, sending it again: {}", event.device().key(),
                        error.toString());
                unsent.add(event);
            }
        });
    }
}
