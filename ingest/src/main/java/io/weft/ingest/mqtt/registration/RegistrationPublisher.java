package io.weft.ingest.mqtt.registration;

import io.weft.core.kafka.DurableTopicWriter;
import io.weft.core.registration.RegistrationMessage;
import io.weft.core.registration.RegistrationRequest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Writes registration requests to {@code weft.registrations}, keyed {@code pk/dn}, with {@code acks=all}. */
public final class RegistrationPublisher implements RegistrationSink, AutoCloseable {
    private final DurableTopicWriter writer;

    public RegistrationPublisher(String bootstrapServers, String topic, String clientId) {
        this.writer = new DurableTopicWriter(bootstrapServers, topic, clientId,
                Map.of("linger.ms", "0", "max.block.ms", "2000"));
    }

    @Override
    public CompletableFuture<?> send(RegistrationRequest request) {
        return writer.send(request.key(), (RegistrationMessage) request);
    }

    @Override
    public void close() {
        writer.close(Duration.ofSeconds(2));
    }
}
