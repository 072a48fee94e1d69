package io.weft.ingest.mqtt.session;

import io.weft.core.envelope.Downlink;

/** A downlink and where it is on {@code weft.down}: what a persistent session needs to resume its queue there. */
public record PositionedDownlink(Downlink downlink, int partition, long offset) {
}
