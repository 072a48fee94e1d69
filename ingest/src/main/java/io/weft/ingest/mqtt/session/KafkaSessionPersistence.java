package io.weft.ingest.mqtt.session;

import io.weft.core.envelope.MessageIds;
import io.weft.core.kafka.WeftTopics;
import io.weft.ingest.downlink.DownlinkConsumer;
import io.weft.ingest.mqtt.open.OpenMode;
import io.weft.ingest.mqtt.retained.RetainedMessage;
import io.weft.ingest.mqtt.retained.RetainedStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions on {@code weft.sessions}, retained messages on {@code weft.retained}, offline queues replayed from
 * {@code weft.down} (devices) or {@code weft.open} (sandbox clients). Once a minute it tombstones sessions that ended or expired more than a minute ago.
 */
public final class KafkaSessionPersistence implements SessionPersistence, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSessionPersistence.class);
    private static final Duration SWEEP_GRACE = Duration.ofMinutes(1);

    private final SessionStore sessions;
    private final RetainedStore retained;
    private final OfflineReplay replay;
    private final OfflineReplay sandboxReplay;
    private final DownlinkConsumer downlinks;
    private final DownlinkConsumer sandboxMessages;
    private final MessageIds versions;
    private final ScheduledExecutorService sweeper;

    /**
     * {@code downlinks} and {@code sandboxMessages} are the edge's live consumers of {@code weft.down} and
     * {@code weft.open}: a queue starts where they are.
     */
    public KafkaSessionPersistence(String bootstrapServers, WeftTopics topics, String clientId, int maxRetained,
                                   DownlinkConsumer downlinks, DownlinkConsumer sandboxMessages, MessageIds versions) {
        this.sessions = new SessionStore(bootstrapServers, topics.sessions(), clientId);
        this.retained = new RetainedStore(bootstrapServers, topics.retained(), clientId, maxRetained);
        this.replay = new OfflineReplay(bootstrapServers, topics.down(), clientId);
        this.sandboxReplay = new OfflineReplay(bootstrapServers, topics.open(), clientId + "-open");
        this.downlinks = downlinks;
        this.sandboxMessages = sandboxMessages;
        this.versions = versions;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, clientId + "-session-sweeper");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts reading sessions and retained messages; returns once both are loaded, or throws after the timeout. */
    public KafkaSessionPersistence start(Duration timeout) throws InterruptedException {
        sessions.start();
        retained.start();
        replay.start();
        sandboxReplay.start();
        if (!sessions.awaitReady(timeout) || !retained.awaitReady(timeout)) {
            throw new IllegalStateException("sessions and retained messages not loaded within " + timeout);
        }
        sweeper.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.MINUTES);
        return this;
    }

    private void sweep() {
        int swept = sessions.sweep(System.currentTimeMillis(), SWEEP_GRACE);
        if (swept > 0) {
            LOG.info("forgot {} ended or expired MQTT sessions", swept);
        }
    }

    @Override
    public Optional<StoredSession> resumable(String key) {
        return sessions.resumable(key, System.currentTimeMillis());
    }

    @Override
    public CompletableFuture<?> save(StoredSession session) {
        return sessions.save(session);
    }

    @Override
    public long nextVersion() {
        return versions.next();
    }

    @Override
    public Map<Integer, Long> queueStart(String key) {
        if (sandbox(key)) {
            // A sandbox client's messages are keyed by topic: any partition of weft.open may hold one for it.
            Map<Integer, Long> start = new HashMap<>();
            for (int p = 0; p < sandboxMessages.partitions(); p++) {
                start.put(p, sandboxMessages.dispatchFrom(p));
            }
            return start;
        }
        int partition = downlinks.partitionOf(key);
        return Map.of(partition, downlinks.dispatchFrom(partition));
    }

    @Override
    public CompletableFuture<OfflineReplay.Replayed> replay(String key, Map<Integer, Long> from,
                                                            Predicate<PositionedDownlink> wanted, int max) {
        return (sandbox(key) ? sandboxReplay : replay).replay(from, wanted, max);
    }

    private static boolean sandbox(String key) {
        return key.startsWith(OpenMode.NAMESPACE + "/");
    }

    @Override
    public CompletableFuture<?> retain(RetainedMessage message) {
        return retained.retain(message);
    }

    @Override
    public List<RetainedMessage> retained(String filter) {
        return retained.matching(filter, System.currentTimeMillis());
    }

    @Override
    public void close() throws InterruptedException {
        sweeper.shutdownNow();
        replay.close();
        sandboxReplay.close();
        retained.close();
        sessions.close();
    }
}
