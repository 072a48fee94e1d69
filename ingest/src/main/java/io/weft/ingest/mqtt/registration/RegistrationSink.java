package io.weft.ingest.mqtt.registration;

import io.weft.core.registration.RegistrationRequest;
import java.util.concurrent.CompletableFuture;

/** Where an edge sends registration requests: {@code weft.registrations}, or a held list in tests. */
@FunctionalInterface
public interface RegistrationSink {

    /** Completes when the request is durable; fails (never throws) if it could not be written. */
    CompletableFuture<?> send(RegistrationRequest request);
}
