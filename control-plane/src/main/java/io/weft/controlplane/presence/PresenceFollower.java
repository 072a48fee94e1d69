package io.weft.controlplane.presence;

import io.weft.controlplane.config.WeftProperties;
import io.weft.core.envelope.Presence;
import io.weft.core.kafka.JsonSerde;
import io.weft.core.kafka.TopicFollower;
import io.weft.core.kafka.WeftTopics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Follows {@code weft.events} from its beginning and applies every presence event to PostgreSQL, on the
 * follower's thread, in partition order. Reading from the beginning on every start catches up on what happened
 * while the control plane was down; the epoch rule makes the replay harmless. Records that are not presence events
 * are skipped.
 */
@Component
public class PresenceFollower implements DisposableBean {
    private final PresenceService presence;
    private final TopicFollower<Presence> follower;

    public PresenceFollower(PresenceService presence, WeftProperties properties) {
        this.presence = presence;
        this.follower = new TopicFollower<>(properties.kafkaBootstrapServers(),
                new WeftTopics(properties.topicPrefix()).events(), "weft-control-plane-presence",
                JsonSerde.deserializer(Presence.class), TopicFollower.Start.BEGINNING, this::handle).start();
    }

    private void handle(ConsumerRecord<String, Presence> record) {
        Presence event = record.value();
        if (event != null && event.state() != null && event.productKey() != null && event.deviceName() != null) {
            presence.apply(event);
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        follower.close();
    }
}
