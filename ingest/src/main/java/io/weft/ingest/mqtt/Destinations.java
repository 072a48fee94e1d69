package io.weft.ingest.mqtt;

import io.weft.core.envelope.Uplink;
import io.weft.ingest.mqtt.open.OpenMode;
import io.weft.ingest.mqtt.retained.RetainedMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where one session's messages go: a device's PUBLISH to {@code weft.up}, a sandbox client's to {@code weft.open};
 * a retained PUBLISH also to the retained messages (a sandbox client's apart from devices', see {@link OpenMode});
 * and the will, published for the client when its connection ends without DISCONNECT.
 */
final class Destinations {
    private static final Logger LOG = LoggerFactory.getLogger(Destinations.class);

    private final MqttEdgeContext edge;
    private final MqttSession session;

    Destinations(MqttEdgeContext edge, MqttSession session) {
        this.edge = edge;
        this.session = session;
    }

    /** The client's PUBLISH; the future completes when it is durable. */
    CompletableFuture<?> publish(String topic, byte[] payload, int qos, long receivedAt) {
        long messageId = edge.messageIds().next();
        return session.sandbox()
                ? edge.sandbox().publish(messageId, topic, payload, qos)
                : edge.uplinks().publish(new Uplink(messageId, session.device().productKey(),
                        session.device().deviceName(), topic, payload, qos, "mqtt", edge.config().edgeId(), receivedAt));
    }

    /** Keeps the topic's retained message, or clears it (empty payload); completes when durable. */
    CompletableFuture<?> retain(String topic, byte[] payload, int qos, long receivedAt) {
        String key = session.sandbox() ? OpenMode.retainedKey(topic) : topic;
        return edge.persistence().retain(new RetainedMessage(key, payload, qos, receivedAt, 0));
    }

    /** The retained messages a new subscription to the filter receives, with their topics as the client sees them. */
    List<RetainedMessage> retained(String filter) {
        if (!session.sandbox()) {
            return edge.persistence().retained(filter);
        }
        List<RetainedMessage> found = new ArrayList<>();
        for (RetainedMessage m : edge.persistence().retained(OpenMode.retainedKey(filter))) {
            found.add(new RetainedMessage(OpenMode.topicOf(m.topic()), m.payload(), m.qos(), m.publishedAt(),
                    m.expiresAt()));
        }
        return found;
    }

    /**
     * The will goes where the client's own PUBLISH on its topic would (and, if retained, to the retained messages).
     * Nobody waits for it; a failure is logged.
     */
    void publishWill(MqttSession.Will will) {
        long now = System.currentTimeMillis();
        CompletableFuture<?> sent = publish(will.topic(), will.payload(), will.qos(), now);
        if (will.retain()) {
            sent = CompletableFuture.allOf(sent, retain(will.topic(), will.payload(), will.qos(), now));
        }
        sent.whenComplete((ok, error) -> {
            if (error != null) {
                LOG.warn("{}: will on {} not published: {}", session.clientId(), will.topic(), error.toString());
            }
        });
    }
}
