package io.weft.controlplane.registration;

import io.weft.controlplane.config.WeftProperties;
import io.weft.controlplane.registry.RegistryPublisher;
import io.weft.core.kafka.DurableTopicWriter;
import io.weft.core.kafka.JsonSerde;
import io.weft.core.kafka.TopicFollower;
import io.weft.core.kafka.WeftTopics;
import io.weft.core.registration.RegistrationAnswer;
import io.weft.core.registration.RegistrationMessage;
import io.weft.core.registration.RegistrationRequest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Follows {@code weft.registrations} from the end (a request is worth answering only while its edge waits, 5 s)
 * and answers every request on the same topic, keyed {@code pk/dn}: decide in one transaction
 * ({@link RegistrationService}), then wait until the registry change is in Kafka (so edges know a created device
 * before it gets its token), then write the answer. Every replica answers every request; the decision is
 * idempotent per request, and the edge takes the first answer. A request that arrives while no control plane runs
 * is never answered: its device gets CONNACK 0x03 and tries again.
 */
@Component
public class RegistrationFollower implements DisposableBean {
    private static final Logger LOG = LoggerFactory.getLogger(RegistrationFollower.class);

    private final RegistrationService registrations;
    private final RegistryPublisher registry;
    private final DurableTopicWriter answers;
    private final TopicFollower<RegistrationMessage> follower;

    public RegistrationFollower(RegistrationService registrations, RegistryPublisher registry,
                                WeftProperties properties) {
        this.registrations = registrations;
        this.registry = registry;
        String topic = new WeftTopics(properties.topicPrefix()).registrations();
        this.answers = new DurableTopicWriter(properties.kafkaBootstrapServers(), topic,
                "weft-control-plane-registration-answers", Map.of("linger.ms", "0", "max.block.ms", "5000"));
        this.follower = new TopicFollower<>(properties.kafkaBootstrapServers(), topic,
                "weft-control-plane-registrations", JsonSerde.deserializer(RegistrationMessage.class),
                TopicFollower.Start.END, this::handle).start();
    }

    private void handle(ConsumerRecord<String, RegistrationMessage> record) {
        if (!(record.value() instanceof RegistrationRequest request) || request.mode() == null
                || request.productKey() == null || request.deviceName() == null) {
            return;
        }
        RegistrationAnswer answer = registrations.decide(request);
        if (!registry.awaitPublished()) {
            LOG.warn("registration {} of {}: registry change not in Kafka yet, answering anyway", request.requestId(),
                    request.key());
        }
        LOG.info("registration {} ({}) of {} from {}: {}", request.requestId(), request.mode(), request.key(),
                request.edge(), answer.outcome());
        try {
            answers.send(answer.key(), (RegistrationMessage) answer).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("registration {} of {}: answer not written ({}); the device gets CONNACK 0x03 and retries",
                    request.requestId(), request.key(), e.toString());
        }
    }

    /** True once requests written from now on will be answered; waits up to {@code timeout} for that. */
    public boolean awaitReady(Duration timeout) {
        try {
            return follower.awaitReady(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        follower.close();
        answers.close(Duration.ofSeconds(5));
    }
}
