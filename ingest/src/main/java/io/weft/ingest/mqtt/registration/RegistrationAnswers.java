package io.weft.ingest.mqtt.registration;

import io.weft.core.kafka.JsonSerde;
import io.weft.core.kafka.TopicFollower;
import io.weft.core.registration.RegistrationAnswer;
import io.weft.core.registration.RegistrationMessage;
import java.time.Duration;

/**
 * Follows every partition of {@code weft.registrations} from the end, without a consumer group (the answer to a
 * request may come on any partition's reader, and only the edge that asked waits for it), and hands every answer to
 * the {@link PendingRegistrations}. Requests on the same topic are skipped.
 */
public final class RegistrationAnswers implements AutoCloseable {
    private final TopicFollower<RegistrationMessage> follower;

    public RegistrationAnswers(String bootstrapServers, String topic, String clientId, PendingRegistrations pending) {
        this.follower = new TopicFollower<>(bootstrapServers, topic, clientId,
                JsonSerde.deserializer(RegistrationMessage.class), TopicFollower.Start.END, record -> {
                    if (record.value() instanceof RegistrationAnswer answer) {
                        pending.accept(answer);
                    }
                });
    }

    public RegistrationAnswers start() {
        follower.start();
        return this;
    }

    /** True once answers written from now on will be seen. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return follower.awaitReady(timeout);
    }

    @Override
    public void close() throws InterruptedException {
        follower.close();
    }
}
