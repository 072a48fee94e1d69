package io.weft.ingest.mqtt.session;

import io.weft.core.kafka.DurableTopicWriter;
import io.weft.core.kafka.JsonSerde;
import io.weft.core.kafka.TopicFollower;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The persistent sessions of every edge, read from the compacted {@code weft.sessions} topic (from its beginning, so
 * an edge that restarts knows every session before it accepts a connection) and written to it durably. The newest
 * {@link StoredSession#version()} of a key wins, whether it came from this edge or from another one, so the echo of
 * an older write never replaces a newer one. A tombstone only removes a session that can no longer be resumed.
 * {@link #sweep} writes tombstones for ended and expired sessions so compaction forgets them.
 */
public final class SessionStore implements AutoCloseable {
    private final ConcurrentMap<String, StoredSession> sessions = new ConcurrentHashMap<>();
    private final TopicFollower<StoredSession> follower;
    private final DurableTopicWriter writer;

    public SessionStore(String bootstrapServers, String topic, String clientId) {
        this.follower = new TopicFollower<>(bootstrapServers, topic, clientId + "-sessions-in",
                JsonSerde.deserializer(StoredSession.class), TopicFollower.Start.BEGINNING, this::apply);
        this.writer = new DurableTopicWriter(bootstrapServers, topic, clientId + "-sessions-out", Map.of());
    }

    public SessionStore start() {
        follower.start();
        return this;
    }

    /** True once every session the topic held at start has been read. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return follower.awaitReady(timeout);
    }

    /** The session of this key if a reconnect at {@code now} may resume it. */
    public Optional<StoredSession> resumable(String key, long now) {
        return Optional.ofNullable(sessions.get(key)).filter(s -> s.resumableAt(now));
    }

    /**
     * Keeps the session here at once (so a reconnect to this edge finds it) and writes it to Kafka; the future
     * completes when Kafka has it.
     */
    public CompletableFuture<?> save(StoredSession session) {
        keepIfNewer(session);
        return writer.send(session.key(), session);
    }

    /**
     * Tombstones every session that ended, or expired, before {@code now - grace} (the grace keeps a tombstone from
     * racing a reconnect that is resuming it); returns how many.
     */
    public int sweep(long now, Duration grace) {
        List<String> gone = new ArrayList<>();
        long before = now - grace.toMillis();
        sessions.forEach((key, s) -> {
            if (!s.resumableAt(before) && s.updatedAt() < before) {
                gone.add(key);
            }
        });
        gone.forEach(key -> {
            sessions.computeIfPresent(key, (k, s) -> s.resumableAt(now) ? s : null);
            writer.sendTombstone(key);
        });
        return gone.size();
    }

    public int size() {
        return sessions.size();
    }

    private void apply(ConsumerRecord<String, StoredSession> record) {
        if (record.value() == null) {
            sessions.computeIfPresent(record.key(), (k, s) -> s.resumableAt(System.currentTimeMillis()) ? s : null);
        } else {
            keepIfNewer(record.value());
        }
    }

    private void keepIfNewer(StoredSession session) {
        sessions.merge(session.key(), session, (old, fresh) -> fresh.version() >= old.version() ? fresh : old);
    }

    @Override
    public void close() throws InterruptedException {
        follower.close();
        writer.close(Duration.ofSeconds(5));
    }
}
