package io.weft.ingest.mqtt.session;

import io.weft.ingest.mqtt.retained.RetainedMessage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * What the MQTT edge keeps beyond a connection: persistent sessions, their offline queues, and retained messages.
 * {@link KafkaSessionPersistence} keeps them in Kafka; {@link #NONE} keeps nothing (every session is clean, no
 * message is retained), for tests of the protocol alone.
 */
public interface SessionPersistence {

    /** False if every session is clean whatever the client asks, and nothing is retained. */
    default boolean keepsSessions() {
        return true;
    }

    /** The stored session of the key if a reconnect now may resume it. */
    Optional<StoredSession> resumable(String key);

    /** Stores the session; the future completes when it is durable. */
    CompletableFuture<?> save(StoredSession session);

    /** A version greater than every one this edge handed out before (see {@link StoredSession#version()}). */
    long nextVersion();

    /**
     * Where the session keyed {@code key}, registered before this call, starts its queue: per partition of the topic
     * its messages come from ({@code weft.down} for a device, {@code weft.open} for a sandbox client), the first
     * offset live delivery may not have handed it.
     */
    Map<Integer, Long> queueStart(String key);

    /**
     * Reads the queue of the session keyed {@code key} back from {@code from}, keeping at most {@code max} of the
     * wanted messages.
     */
    CompletableFuture<OfflineReplay.Replayed> replay(String key, Map<Integer, Long> from,
                                                     Predicate<PositionedDownlink> wanted, int max);

    /** Retains the message for its topic, or clears it (empty payload); completes when durable. */
    CompletableFuture<?> retain(RetainedMessage message);

    /** The retained messages a new subscription to the filter receives, by topic name. */
    List<RetainedMessage> retained(String filter);

    /** Keeps nothing: sessions are clean, retained messages are refused. */
    SessionPersistence NONE = new SessionPersistence() {
        @Override
        public boolean keepsSessions() {
            return false;
        }

        @Override
        public Optional<StoredSession> resumable(String key) {
            return Optional.empty();
        }

        @Override
        public CompletableFuture<?> save(StoredSession session) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public long nextVersion() {
            return 0;
        }

        @Override
        public Map<Integer, Long> queueStart(String key) {
            return Map.of();
        }

        @Override
        public CompletableFuture<OfflineReplay.Replayed> replay(String key, Map<Integer, Long> from,
                                                                Predicate<PositionedDownlink> wanted, int max) {
            return CompletableFuture.completedFuture(new OfflineReplay.Replayed(List.of(), Map.of(), 0));
        }

        @Override
        public CompletableFuture<?> retain(RetainedMessage message) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("retained messages are off"));
        }

        @Override
        public List<RetainedMessage> retained(String filter) {
            return List.of();
        }
    };
}
