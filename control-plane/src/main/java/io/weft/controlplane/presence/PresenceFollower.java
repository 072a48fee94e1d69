package io.weft.controlplane.presence;

import io.weft.controlplane.config.WeftProperties;
import io.weft.core.envelope.EdgeHeartbeat;
import io.weft.core.envelope.Presence;
import io.weft.core.json.Json;
import io.weft.core.kafka.TopicFollower;
import io.weft.core.kafka.WeftTopics;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Follows {@code weft.events} from its beginning and applies every presence event to PostgreSQL, on the
 * follower's thread, in partition order. Reading from the beginning on every start catches up on what happened
 * while the control plane was down; the epoch rule makes the replay harmless. Edges' heartbeats (keys
 * {@code edge/...}) renew their leases ({@link EdgeLeases}), checked once a second after the follower has caught
 * up. Records that are neither are skipped.
 */
@Component
public class PresenceFollower implements DisposableBean {
    private static final long LEASE_CHECK_MS = 1000;

    private final PresenceService presence;
    private final EdgeLeases leases;
    private final TopicFollower<byte[]> follower;
    private final ScheduledExecutorService leaseCheck = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "weft-control-plane-edge-leases");
        t.setDaemon(true);
        return t;
    });

    public PresenceFollower(PresenceService presence, PresenceRepository repository, PresenceWriter writer,
                            WeftProperties properties) {
        this.presence = presence;
        this.leases = new EdgeLeases(repository, writer, System::currentTimeMillis);
        this.follower = new TopicFollower<>(properties.kafkaBootstrapServers(),
                new WeftTopics(properties.topicPrefix()).events(), "weft-control-plane-presence",
                new ByteArrayDeserializer(), TopicFollower.Start.BEGINNING, this::handle).start();
        leaseCheck.scheduleWithFixedDelay(() -> {
            if (follower.ready()) {
                leases.expire();
            }
        }, LEASE_CHECK_MS, LEASE_CHECK_MS, TimeUnit.MILLISECONDS);
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        if (record.key() != null && record.key().startsWith(EdgeHeartbeat.KEY_PREFIX)) {
            EdgeHeartbeat heartbeat = Json.read(record.value(), EdgeHeartbeat.class);
            if (heartbeat.edge() != null && heartbeat.leaseMs() > 0) {
                leases.heard(heartbeat);
            }
            return;
        }
        Presence event = Json.read(record.value(), Presence.class);
        if (event.state() != null && event.productKey() != null && event.deviceName() != null) {
            presence.apply(event);
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        leaseCheck.shutdownNow();
        follower.close();
    }
}
