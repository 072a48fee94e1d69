package io.weft.ingest.mqtt;

import io.weft.core.auth.DeviceIdentity;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The sessions connected to this edge, one per device: a new connection takes over the device's old one. Sessions
 * are also indexed by product key, so a broadcast reaches a product's sessions without scanning the others.
 */
public final class SessionRegistry {
    private final ConcurrentMap<DeviceIdentity, MqttSession> sessions = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Set<MqttSession>> byProduct = new ConcurrentHashMap<>();

    /** Registers the session and returns the one it replaces, if any. */
    Optional<MqttSession> register(MqttSession session) {
        MqttSession replaced = sessions.put(session.device(), session);
        byProduct.compute(session.device().productKey(), (pk, set) -> {
            Set<MqttSession> next = set == null ? ConcurrentHashMap.newKeySet() : set;
            if (replaced != null) {
                next.remove(replaced);
            }
            next.add(session);
            return next;
        });
        return Optional.ofNullable(replaced);
    }

    void unregister(MqttSession session) {
        sessions.remove(session.device(), session);
        byProduct.computeIfPresent(session.device().productKey(), (pk, set) -> {
            set.remove(session);
            return set.isEmpty() ? null : set;
        });
    }

    public Optional<MqttSession> find(DeviceIdentity device) {
        return Optional.ofNullable(sessions.get(device));
    }

    /** A snapshot of the sessions of one product. */
    public List<MqttSession> ofProduct(String productKey) {
        Set<MqttSession> set = byProduct.get(productKey);
        return set == null ? List.of() : List.copyOf(set);
    }

    /** A snapshot of every session. */
    public List<MqttSession> all() {
        return List.copyOf(sessions.values());
    }

    public int size() {
        return sessions.size();
    }
}
