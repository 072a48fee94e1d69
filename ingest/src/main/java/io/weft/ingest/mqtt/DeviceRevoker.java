package io.weft.ingest.mqtt;

import io.weft.core.auth.DeviceIdentity;
import io.weft.core.registry.DeviceEntry;
import io.weft.core.registry.RegistryEntry;
import java.util.function.BiConsumer;

/**
 * Listens to registry changes and ends, at once, the live session of a device that was disabled
 * ({@link Refusal#DEVICE_DISABLED_WHILE_CONNECTED}) or deleted ({@link Refusal#DEVICE_DELETED}); its
 * subscriptions end with it, and its OFFLINE presence event names the reason. Called on the registry follower's
 * thread; the refusal runs on the session's event loop.
 */
public final class DeviceRevoker implements BiConsumer<String, RegistryEntry> {
    private final SessionRegistry sessions;
    private final Disconnector disconnector;

    public DeviceRevoker(SessionRegistry sessions, Disconnector disconnector) {
        this.sessions = sessions;
        this.disconnector = disconnector;
    }

    @Override
    public void accept(String key, RegistryEntry entry) {
        if (entry instanceof DeviceEntry device && !device.enabled()) {
            end(device.identity(), Refusal.DEVICE_DISABLED_WHILE_CONNECTED);
        } else if (entry == null) {
            RegistryEntry.deviceOf(key).ifPresent(device -> end(device, Refusal.DEVICE_DELETED));
        }
    }

    private void end(DeviceIdentity device, Refusal refusal) {
        sessions.find(device).ifPresent(session -> session.channel().eventLoop().execute(() ->
                disconnector.refuse(session.channel(), refusal, session.clientId())));
    }
}
