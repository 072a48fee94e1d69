package io.weft.ingest.mqtt;

import io.netty.channel.ChannelHandlerContext;
import io.weft.ingest.acl.TopicFilters;
import io.weft.ingest.mqtt.open.OpenMode;
import io.weft.ingest.mqtt.session.OfflineReplay;
import io.weft.ingest.mqtt.session.PositionedDownlink;
import io.weft.ingest.mqtt.session.SessionPolicy;
import io.weft.ingest.mqtt.session.StoredSession;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a CONNECT does with sessions (see {@link io.weft.ingest.mqtt.session.SessionPersistence}): whether it discards
 * a stored session and whether its own outlives the connection ({@link #decide}), and, for a persistent one, its
 * subscriptions and offline queue back ({@link #resume}).
 */
final class SessionResumer {
    private static final Logger LOG = LoggerFactory.getLogger(SessionResumer.class);

    private final MqttEdgeContext edge;

    SessionResumer(MqttEdgeContext edge) {
        this.edge = edge;
    }

    /**
     * What the CONNECT asks for. MQTT 3.1.1: clean session 1 discards the stored session and keeps none; 0 resumes
     * it and keeps it for the policy's expiry. MQTT 5: Clean Start discards; a Session Expiry Interval above 0 keeps
     * the session that long. Without persistence every session is clean.
     *
     * @param discard       a stored session of the client is ended, not resumed
     * @param persistent    the new session outlives its connection
     * @param expirySeconds for how long
     */
    record Decision(boolean discard, boolean persistent, long expirySeconds) {
    }

    static Decision decide(ClientOptions options, SessionPolicy policy, boolean keepsSessions) {
        if (!keepsSessions) {
            return new Decision(true, false, 0);
        }
        if (options.mqtt5()) {
            return new Decision(options.cleanStart(), options.sessionExpirySeconds() > 0,
                    options.sessionExpirySeconds());
        }
        return options.cleanStart() ? new Decision(true, false, 0)
                : new Decision(false, true, policy.expirySeconds());
    }

    /** The stored session to resume, if the decision keeps one; one it discards is ended in the store. */
    Optional<StoredSession> take(String key, Decision decision, long now) {
        Optional<StoredSession> stored = edge.persistence().resumable(key);
        if (stored.isPresent() && decision.discard()) {
            edge.persistence().save(stored.get().end(edge.persistence().nextVersion(), now, edge.config().edgeId()));
            return Optional.empty();
        }
        return stored;
    }

    /**
     * A persistent session, on its event loop after CONNACK: a new one starts its queue where live delivery is now;
     * a stored one gets its subscriptions back and its queue replayed from where it stopped. The session is stored as
     * connected either way, so a crash of this edge leaves it resumable.
     */
    void resume(ChannelHandlerContext ctx, MqttSession session, Optional<StoredSession> stored, long now) {
        String key = session.device().key();
        Map<Integer, Long> queueStart = edge.persistence().queueStart(key);
        if (stored.isEmpty()) {
            session.startQueue(queueStart);
        } else {
            StoredSession s = stored.get();
            Map<Integer, Long> resumeOffsets = s.resumeOffsets().isEmpty() ? queueStart : s.resumeOffsets();
            session.restore(s, resumeOffsets);
            Map<Integer, Long> from = new HashMap<>(resumeOffsets);
            Set<Long> inflight = new HashSet<>();
            for (StoredSession.Inflight i : s.inflight()) {
                from.merge(i.partition(), i.offset(), Math::min);
                inflight.add(i.offset());
            }
            Map<String, Integer> filters = new HashMap<>();
            s.subscriptions().forEach(sub -> filters.put(sub.filter(), sub.qos()));
            session.beginReplay();
            edge.persistence().replay(key, from, p -> inflight.contains(p.offset()) || queued(p, session, filters),
                            edge.config().sessions().maxQueued())
                    .whenComplete((replayed, error) -> ctx.executor().execute(() -> {
                        if (error != null) {
                            LOG.warn("{}: offline queue not replayed", session.clientId(), error);
                            session.finishReplay(new OfflineReplay.Replayed(List.of(), Map.of(), 0), resumeOffsets);
                            return;
                        }
                        if (replayed.dropped() > 0) {
                            LOG.info("{}: {} queued downlinks dropped beyond the queue limit", session.clientId(),
                                    replayed.dropped());
                        }
                        session.finishReplay(replayed, resumeOffsets);
                    }));
        }
        edge.persistence().save(session.snapshot(edge.config().edgeId(), true, edge.persistence().nextVersion(), now));
    }

    /**
     * A downlink the offline queue keeps: for this device (for a sandbox client: any sandbox message), on a
     * subscribed topic, at QoS 1 or more.
     */
    private static boolean queued(PositionedDownlink p, MqttSession session, Map<String, Integer> filters) {
        boolean mine = OpenMode.contains(session.device())
                ? p.downlink().broadcast() && OpenMode.NAMESPACE.equals(p.downlink().productKey())
                : !p.downlink().broadcast() && p.downlink().device().equals(session.device());
        if (!mine || p.downlink().qos() < 1) {
            return false;
        }
        for (Map.Entry<String, Integer> f : filters.entrySet()) {
            if (f.getValue() >= 1 && TopicFilters.matches(f.getKey(), p.downlink().topic())) {
                return true;
            }
        }
        return false;
    }
}
