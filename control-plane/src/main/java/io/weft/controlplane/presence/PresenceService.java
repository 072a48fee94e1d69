package io.weft.controlplane.presence;

import io.weft.core.envelope.Presence;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies a presence event to the device's stored state if it supersedes it ({@link Presence#supersedes}): the
 * newest session wins whatever order events arrive in, and applying an event twice changes nothing, so replicas
 * and replays may apply the same events. Events of unknown (e.g. deleted) devices are ignored.
 */
@Service
public class PresenceService {
    private final PresenceRepository presence;

    public PresenceService(PresenceRepository presence) {
        this.presence = presence;
    }

    /** True if the event changed the device's state. */
    @Transactional
    public boolean apply(Presence event) {
        return presence.lock(event.productKey(), event.deviceName())
                .filter(stored -> event.supersedes(stored.sessionEpoch(), stored.online()))
                .map(stored -> {
                    presence.store(event);
                    return true;
                })
                .orElse(false);
    }
}
