package io.weft.ingest.presence;

import io.weft.core.envelope.EdgeHeartbeat;
import io.weft.core.envelope.Presence;
import io.weft.core.kafka.DurableTopicWriter;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes presence events to {@code weft.events}, keyed {@code pk/dn}: one device's events stay in order on one
 * partition, and one edge's ONLINE of a session always precedes its OFFLINE (both are sent from the session's
 * event loop through this one producer). A failed send is logged, never retried by hand (the idempotent producer
 * retries). {@link #close} waits for what is in flight, so call it after the sessions are closed. Thread-safe.
 */
public final class PresencePublisher implements PresenceSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PresencePublisher.class);
    private final DurableTopicWriter writer;

    public PresencePublisher(String bootstrapServers, String topic, String clientId) {
        this.writer = new DurableTopicWriter(bootstrapServers, topic, clientId, Map.of("linger.ms", "0"));
    }

    @Override
    public void publish(Presence presence) {
        writer.send(presence.device().key(), presence).whenComplete((metadata, error) -> {
            if (error != null) {
                LOG.warn("presence {} of {} not written: {}", presence.state(), presence.device(), error.toString());
            }
        });
    }

    /** This edge is alive; see {@link EdgeLease}. A failed send is logged: the next heartbeat follows soon. */
    public void heartbeat(EdgeHeartbeat heartbeat) {
        writer.send(heartbeat.key(), heartbeat).whenComplete((metadata, error) -> {
            if (error != null) {
                LOG.warn("heartbeat of edge {} not written: {}", heartbeat.edge(), error.toString());
            }
        });
    }

    @Override
    public void close() {
        writer.close();
    }
}
