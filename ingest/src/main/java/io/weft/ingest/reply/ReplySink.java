package io.weft.ingest.reply;

import io.weft.core.envelope.Reply;
import java.util.concurrent.CompletableFuture;

/**
 * Where an edge sends what devices answer to the platform's requests (RRPC responses). The future completes when
 * the reply is durable (for Kafka: acks=all); the edge acknowledges the device only then, and never when it fails.
 */
@FunctionalInterface
public interface ReplySink {

    CompletableFuture<?> publish(Reply reply);
}
