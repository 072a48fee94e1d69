package io.weft.ingest.mqtt.open;

import java.util.concurrent.CompletableFuture;

/** Where the edge sends sandbox clients' messages; the future completes when they are durable. */
@FunctionalInterface
public interface SandboxSink {

    CompletableFuture<?> publish(long messageId, String topic, byte[] payload, int qos);
}
