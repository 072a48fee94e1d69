package io.weft.ingest.presence;

import io.weft.core.envelope.Presence;

/**
 * Where an edge reports that a device's session began or ended. Fire and forget: a lost presence event is
 * corrected by the device's next session (its epoch is larger), so the edge never waits on it.
 */
@FunctionalInterface
public interface PresenceSink {

    void publish(Presence presence);
}
