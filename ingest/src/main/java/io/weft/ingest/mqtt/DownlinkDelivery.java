package io.weft.ingest.mqtt;

import io.weft.core.envelope.Downlink;
import io.weft.core.envelope.Reply;
import io.weft.core.topic.DeviceTopic;
import io.weft.core.topic.TopicKind;
import io.weft.ingest.reply.ReplySink;
import io.weft.ingest.mqtt.session.PositionedDownlink;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each downlink to the session of its device if this edge holds one; every other edge drops it. A broadcast
 * ({@link Downlink#broadcast()}) goes to every session of its product that subscribed to a matching filter. For an RRPC
 * request it also writes a {@link Reply.Kind#DEVICE_ONLINE} reply, so the caller waiting in the control plane can
 * tell a device that did not answer (timeout) from one no edge holds (offline). That reply is best effort: if
 * Kafka refuses it, the caller reports the device offline instead of timed out.
 */
final class DownlinkDelivery implements Consumer<PositionedDownlink> {
    private static final Logger LOG = LoggerFactory.getLogger(DownlinkDelivery.class);

    private final SessionRegistry sessions;
    private final ReplySink replies;

    DownlinkDelivery(SessionRegistry sessions, ReplySink replies) {
        this.sessions = sessions;
        this.replies = replies;
    }

    /** A downlink without a position on {@code weft.down} (tests hand them over this way). */
    void accept(Downlink downlink) {
        accept(new PositionedDownlink(downlink, -1, -1));
    }

    @Override
    public void accept(PositionedDownlink positioned) {
        Downlink downlink = positioned.downlink();
        if (downlink.broadcast()) {
            broadcast(downlink);
            return;
        }
        Optional<MqttSession> session = sessions.find(downlink.device());
        if (session.isEmpty()) {
            return;
        }
        if (positioned.partition() < 0) {
            session.get().deliver(downlink);
        } else {
            session.get().deliver(positioned);
        }
        DeviceTopic.parse(downlink.topic())
                .filter(t -> t.kind() == TopicKind.RRPC_REQUEST && t.belongsTo(downlink.productKey(),
                        downlink.deviceName()))
                .ifPresent(request -> replies.publish(new Reply(Reply.Kind.DEVICE_ONLINE, request.id(),
                                downlink.productKey(), downlink.deviceName(), downlink.topic(), new byte[0],
                                System.currentTimeMillis()))
                        .exceptionally(error -> {
                            LOG.warn("RRPC {} for {}: could not report the device online: {}", request.id(),
                                    downlink.device(), error.toString());
                            return null;
                        }));
    }

    /** A product-wide downlink: to every session of the product whose subscriptions match its broadcast topic. */
    private void broadcast(Downlink downlink) {
        boolean broadcastTopic = DeviceTopic.parse(downlink.topic())
                .filter(t -> t.kind() == TopicKind.BROADCAST && t.productKey().equals(downlink.productKey()))
                .isPresent();
        if (!broadcastTopic) {
            LOG.warn("dropping product-wide downlink {} for {}: {} is not a broadcast topic of the product",
                    downlink.messageId(), downlink.productKey(), downlink.topic());
            return;
        }
        sessions.ofProduct(downlink.productKey()).forEach(session -> session.deliver(downlink));
    }
}
