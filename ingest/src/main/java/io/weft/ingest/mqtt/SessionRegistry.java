package io.weft.ingest.mqtt;

import io.weft.core.auth.DeviceIdentity;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The sessions connected to this edge, one per device: a new connection takes over the device's old one. */
public final class SessionRegistry {
    private final ConcurrentMap<DeviceIdentity, MqttSession> sessions = new ConcurrentHashMap<>();

    /** Registers the session and returns the one it replaces, if any. */
    Optional<MqttSession> register(MqttSession session) {
        return Optional.ofNullable(sessions.put(session.device(), session));
    }

    void unregister(MqttSession session) {
        sessions.remove(session.device(), session);
    }

    public Optional<MqttSession> find(DeviceIdentity device) {
        return Optional.ofNullable(sessions.get(device));
    }

    /** A snapshot of every session. */
    public List<MqttSession> all() {
        return List.copyOf(sessions.values());
    }

    public int size() {
        return sessions.size();
    }
}
