package io.weft.ingest.uplink;

import io.weft.core.envelope.Uplink;
import java.util.concurrent.CompletableFuture;

/**
 * Where an edge sends uplinks. The future completes when the uplink is durable (for Kafka: acks=all); the edge
 * acknowledges the device only then, and never when the future fails.
 */
@FunctionalInterface
public interface UplinkSink {

    CompletableFuture<?> publish(Uplink uplink);
}
