package io.weft.ingest.mqtt;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.weft.core.envelope.Reply;
import io.weft.core.topic.DeviceTopic;
import io.weft.core.topic.TopicKind;
import io.weft.ingest.acl.TopicAcl;
import io.weft.ingest.acl.TopicFilters;
import io.weft.ingest.mqtt.open.OpenMode;
import io.weft.ingest.mqtt.session.StoredSession;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Packets of an authenticated device (or sandbox client): PUBLISH (ACL-checked, written to Kafka, PUBACK at QoS 1
 * and PUBREC at QoS 2 only once Kafka has it: RRPC responses to {@code weft.replies}, a sandbox client's messages to
 * {@code weft.open}, everything else to {@code weft.up}, see {@link Destinations}; NTP requests are answered here by
 * the {@link NtpResponder} and acknowledged at once, since nothing needs to be durable), PUBREL (PUBCOMP), the
 * acknowledgements of downlinks (PUBACK, PUBREC, PUBCOMP), SUBSCRIBE/UNSUBSCRIBE ({@link SubscriptionRequests}),
 * PINGREQ, DISCONNECT. Anything a client may not send ends the connection through the {@link Disconnector}. When
 * the connection closes, for whatever reason, the will is published unless the client sent DISCONNECT (other than
 * MQTT 5's reason 0x04, which asks for it), a persistent
 * session is stored, and a device's session is reported OFFLINE with the refusal that ended it, or
 * {@value #CONNECTION_LOST} if the client went away.
 *
 * <p>QoS 2 is exactly once into Kafka: a PUBLISH whose packet id is still awaiting PUBREL (see {@link InboundFlow})
 * is the same message again, DUP flag or not, and is answered with PUBREC without being written again. MQTT 5 adds:
 * topic aliases ({@link TopicAliases}); Receive Maximum (more unacknowledged QoS 1 and 2 PUBLISHes than the edge
 * offered ends the connection with DISCONNECT 0x93; MQTT 3.1.1 clients are held to the same bound for QoS 2 packet
 * ids awaiting PUBREL); and an unauthorised PUBLISH is answered (PUBACK/PUBREC 0x87, or dropped at QoS 0) instead of
 * ending the connection, which MQTT 3.1.1 does.
 */
final class MqttSessionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(MqttSessionHandler.class);
    static final String CONNECTION_LOST = "CONNECTION_LOST";
    /** MQTT 5 DISCONNECT reason 0x04: Disconnect with Will Message. */
    private static final int DISCONNECT_WITH_WILL = 0x04;

    private final MqttEdgeContext edge;
    private final MqttSession session;
    private final boolean mqtt5;
    private final TopicAliases aliases;
    private final Destinations destinations;
    private final SubscriptionRequests subscriptions;
    /** The last topic the device was allowed to publish on, parsed, if that answer lasts (see TopicAcl#lasting). */
    private String lastTopic;
    private DeviceTopic lastAllowed;

    MqttSessionHandler(MqttEdgeContext edge, MqttSession session) {
        this.edge = edge;
        this.session = session;
        this.mqtt5 = session.options().mqtt5();
        this.aliases = new TopicAliases(edge.config().topicAliasMaximum());
        this.destinations = new Destinations(edge, session);
        this.subscriptions = new SubscriptionRequests(edge, session, destinations);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (!(msg instanceof MqttMessage message)) {
                refuse(ctx, Refusal.MALFORMED_PACKET);
                return;
            }
            if (message.decoderResult().isFailure()) {
                refuse(ctx, Refusal.ofDecoderFailure(message.decoderResult().cause(), mqtt5));
                return;
            }
            MqttMessageType type = message.fixedHeader().messageType();
            switch (type) {
                case PUBLISH -> publish(ctx, (MqttPublishMessage) message);
                case PUBACK -> session.pubAck(packetId(message));
                case PUBREC -> session.pubRec(packetId(message), reasonCode(message));
                case PUBREL -> pubRel(ctx, packetId(message));
                case PUBCOMP -> session.pubComp(packetId(message));
                case SUBSCRIBE -> subscriptions.subscribe(ctx, (MqttSubscribeMessage) message);
                case UNSUBSCRIBE -> subscriptions.unsubscribe(ctx, (MqttUnsubscribeMessage) message);
                case PINGREQ -> ctx.writeAndFlush(new MqttMessage(
                        new MqttFixedHeader(MqttMessageType.PINGRESP, false, MqttQoS.AT_MOST_ONCE, false, 0)));
                case DISCONNECT -> refuse(ctx, mqtt5 && reasonCode(message) == DISCONNECT_WITH_WILL
                        ? Refusal.CLIENT_DISCONNECT_WITH_WILL : Refusal.CLIENT_DISCONNECT);
                case CONNECT -> refuse(ctx, Refusal.SECOND_CONNECT);
                case AUTH -> refuse(ctx, mqtt5 ? Refusal.PROTOCOL_ERROR : Refusal.MALFORMED_PACKET);
                default -> refuse(ctx, Refusal.MALFORMED_PACKET);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private static int packetId(MqttMessage message) {
        return ((MqttMessageIdVariableHeader) message.variableHeader()).messageId();
    }

    /** The reason code of a PUBACK/PUBREC/PUBREL/PUBCOMP or DISCONNECT (0 when absent, as in MQTT 3.1.1). */
    private static int reasonCode(MqttMessage message) {
        if (message.variableHeader() instanceof MqttPubReplyMessageVariableHeader h) {
            return h.reasonCode() & 0xFF;
        }
        return message.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader h
                ? h.reasonCode() & 0xFF : 0;
    }

    private void publish(ChannelHandlerContext ctx, MqttPublishMessage publish) {
        MqttQoS qos = publish.fixedHeader().qosLevel();
        int packetId = publish.variableHeader().packetId();
        String topic = mqtt5 ? aliases.resolve(publish.variableHeader()) : publish.variableHeader().topicName();
        if (topic == null) {
            refuse(ctx, Refusal.TOPIC_ALIAS_INVALID);
            return;
        }
        if (!TopicFilters.validTopicName(topic)) {
            refuse(ctx, Refusal.INVALID_TOPIC);
            return;
        }
        InboundFlow inbound = session.inbound();
        if (qos == MqttQoS.EXACTLY_ONCE && inbound.qos2(packetId) != null) {
            // The same message again (packet id reused before PUBREL, DUP or not): never written twice.
            if (inbound.qos2(packetId) == InboundFlow.Qos2.STORED) {
                ctx.writeAndFlush(QosPackets.pubRec(packetId));
            }
            return;
        }
        if (qos != MqttQoS.AT_MOST_ONCE && receiveMaximumExceeded(qos)) {
            refuse(ctx, Refusal.RECEIVE_MAXIMUM_EXCEEDED);
            return;
        }
        long receivedAt = System.currentTimeMillis();
        byte[] payload = ByteBufUtil.getBytes(publish.payload());
        CompletableFuture<?> stored;
        if (session.sandbox()) {
            if (!OpenMode.publishable(topic)) {
                notAuthorized(ctx, qos, packetId);
                return;
            }
            started(qos, packetId);
            stored = destinations.publish(topic, payload, qos.value(), receivedAt);
        } else {
            Optional<DeviceTopic> deviceTopic = allowedTopic(topic);
            if (deviceTopic.isEmpty()) {
                notAuthorized(ctx, qos, packetId);
                return;
            }
            if (deviceTopic.get().kind() == TopicKind.NTP_REQUEST) {
                NtpResponder.answer(session, deviceTopic.get(), payload, receivedAt);
                if (qos == MqttQoS.AT_LEAST_ONCE) {
                    ctx.writeAndFlush(QosPackets.pubAck(packetId));
                } else if (qos == MqttQoS.EXACTLY_ONCE) {
                    inbound.qos2Storing(packetId);
                    inbound.qos2Stored(packetId);
                    ctx.writeAndFlush(QosPackets.pubRec(packetId));
                }
                return;
            }
            started(qos, packetId);
            stored = deviceTopic.get().kind() == TopicKind.RRPC_RESPONSE
                    ? edge.replies().publish(new Reply(Reply.Kind.RESPONSE, deviceTopic.get().id(),
                            session.device().productKey(), session.device().deviceName(), topic, payload, receivedAt))
                    : destinations.publish(topic, payload, qos.value(), receivedAt);
        }
        CompletableFuture<?> durable = !publish.fixedHeader().isRetain() ? stored
                : CompletableFuture.allOf(stored, destinations.retain(topic, payload, qos.value(), receivedAt));
        if (session.uplinkStarted() >= edge.config().maxInFlightPerConnection()) {
            ctx.channel().config().setAutoRead(false);
        }
        // Back on the event loop in a batch with other acknowledgements (see KafkaAcks), which flushes the channel
        durable.whenComplete((metadata, error) -> edge.acks().completed(ctx, () -> stored(ctx, qos, packetId,
                error == null ? null : stored.isCompletedExceptionally() ? Refusal.KAFKA_UNAVAILABLE
                        : Refusal.RETAINED_NOT_STORED)));
    }

    /**
     * On the event loop, once Kafka acknowledged the PUBLISH ({@code failure} null) or failed it: PUBACK or PUBREC,
     * written but not flushed ({@link KafkaAcks} flushes), or the connection ends.
     */
    private void stored(ChannelHandlerContext ctx, MqttQoS qos, int packetId, Refusal failure) {
        int inFlight = session.uplinkFinished();
        if (!ctx.channel().config().isAutoRead() && inFlight < edge.config().maxInFlightPerConnection() / 2) {
            ctx.channel().config().setAutoRead(true);
        }
        if (failure != null) {
            refuse(ctx, failure);
        } else if (qos == MqttQoS.AT_LEAST_ONCE) {
            session.inbound().qos1Finished();
            ctx.write(QosPackets.pubAck(packetId));
        } else if (qos == MqttQoS.EXACTLY_ONCE && session.inbound().qos2Stored(packetId)) {
            ctx.write(QosPackets.pubRec(packetId));
        }
    }

    /**
     * The ACL's answer for the device's PUBLISH on {@code topic}; a device mostly publishes on the same topic again,
     * so the last lasting yes is kept (custom topics are asked every time: their classes can change).
     */
    private Optional<DeviceTopic> allowedTopic(String topic) {
        if (topic.equals(lastTopic)) {
            return Optional.of(lastAllowed);
        }
        Optional<DeviceTopic> allowed = edge.acl().mayPublish(session.device(), topic);
        if (allowed.isPresent() && TopicAcl.lasting(topic, allowed.get())) {
            lastTopic = topic;
            lastAllowed = allowed.get();
        }
        return allowed;
    }

    /** A QoS 1 or 2 PUBLISH taken: it counts towards Receive Maximum until acknowledged. */
    private void started(MqttQoS qos, int packetId) {
        if (qos == MqttQoS.AT_LEAST_ONCE) {
            session.inbound().qos1Started();
        } else if (qos == MqttQoS.EXACTLY_ONCE) {
            session.inbound().qos2Storing(packetId);
        }
    }

    /**
     * MQTT 5: more unacknowledged QoS 1 and 2 PUBLISHes than the Receive Maximum the edge offered in CONNACK.
     * MQTT 3.1.1 has no Receive Maximum: its QoS 1 uplinks are bounded by back-pressure (the edge stops reading), and
     * its QoS 2 packet ids awaiting PUBREL by the same number, so a client that never sends PUBREL cannot grow them.
     */
    private boolean receiveMaximumExceeded(MqttQoS qos) {
        int maximum = edge.config().receiveMaximum();
        if (mqtt5) {
            return session.inbound().unacknowledged() >= maximum;
        }
        return qos == MqttQoS.EXACTLY_ONCE && session.inbound().awaitingPubrel().size() >= maximum;
    }

    /**
     * MQTT 3.1.1: the connection is closed (the documented policy: 3.1.1 has no way to refuse one PUBLISH). MQTT 5:
     * PUBACK or PUBREC 0x87 at QoS 1 or 2, dropped at QoS 0; counted either way, and the connection stays open.
     */
    private void notAuthorized(ChannelHandlerContext ctx, MqttQoS qos, int packetId) {
        if (!mqtt5) {
            refuse(ctx, Refusal.PUBLISH_NOT_AUTHORIZED);
            return;
        }
        edge.disconnector().answered(ctx.channel(), Refusal.PUBLISH_NOT_AUTHORIZED, session.clientId());
        if (qos != MqttQoS.AT_MOST_ONCE) {
            ctx.writeAndFlush(QosPackets.refused(qos, packetId, Refusal.PUBLISH_NOT_AUTHORIZED,
                    session.options().wantsReasonString(Refusal.PUBLISH_NOT_AUTHORIZED.reason(), 0)));
        }
    }

    /** PUBREL: PUBCOMP for a stored QoS 2 message; for an unknown id PUBCOMP too (MQTT 5: reason 0x92). */
    private void pubRel(ChannelHandlerContext ctx, int packetId) {
        InboundFlow.Qos2 state = session.inbound().qos2(packetId);
        if (state == InboundFlow.Qos2.STORING) {
            // PUBREL before the edge sent PUBREC: the message is not durable yet, so it cannot be released.
            refuse(ctx, Refusal.PROTOCOL_ERROR);
            return;
        }
        if (state == InboundFlow.Qos2.STORED) {
            session.inbound().released(packetId);
            ctx.writeAndFlush(QosPackets.pubComp(packetId, 0, mqtt5));
            return;
        }
        edge.disconnector().answered(ctx.channel(), Refusal.PACKET_ID_NOT_FOUND, session.clientId());
        ctx.writeAndFlush(QosPackets.pubComp(packetId, Refusal.PACKET_ID_NOT_FOUND.reasonCode(), mqtt5));
    }

    private void refuse(ChannelHandlerContext ctx, Refusal refusal) {
        edge.disconnector().refuse(ctx.channel(), refusal, session.clientId());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            refuse(ctx, Refusal.KEEPALIVE_TIMEOUT);
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        edge.sessions().unregister(session);
        Refusal reason = Disconnector.reasonOf(ctx.channel());
        if (reason != Refusal.CLIENT_DISCONNECT && session.will() != null) {
            destinations.publishWill(session.will());
        }
        StoredSession stored = null;
        if (session.persistent()) {
            stored = session.snapshot(edge.config().edgeId(), false, edge.persistence().nextVersion(),
                    System.currentTimeMillis());
            edge.persistence().save(stored).exceptionally(error -> {
                LOG.warn("{}: session not stored on disconnect: {}", session.clientId(), error.toString());
                return null;
            });
        }
        session.end(stored);
        if (!session.sandbox()) {
            edge.presence().publish(session.offline(edge.config().edgeId(),
                    reason == null ? CONNECTION_LOST : reason.name()));
        }
        ctx.fireChannelInactive();
    }
}
