package io.weft.ingest.mqtt;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.weft.core.envelope.Reply;
import io.weft.core.envelope.Uplink;
import io.weft.core.topic.DeviceTopic;
import io.weft.core.topic.TopicKind;
import io.weft.ingest.acl.TopicAcl;
import io.weft.ingest.acl.TopicFilters;
import io.weft.ingest.mqtt.open.OpenMode;
import io.weft.ingest.mqtt.retained.RetainedMessage;
import io.weft.ingest.mqtt.session.StoredSession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Packets of an authenticated device: PUBLISH (ACL-checked, written to Kafka, PUBACK only once Kafka has it: RRPC
 * responses to {@code weft.replies}, everything else to {@code weft.up}; NTP requests are answered here by the
 * {@link NtpResponder} and acknowledged at once, since nothing needs to be durable),
 * PUBACK for downlinks, SUBSCRIBE/UNSUBSCRIBE (ACL-checked), PINGREQ, DISCONNECT. Anything a client may not send
 * ends the connection through the {@link Disconnector}. When the connection closes, for whatever reason, the
 * session is reported OFFLINE with the refusal that ended it, or {@value #CONNECTION_LOST} if the client went away.
 */
final class MqttSessionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(MqttSessionHandler.class);
    private static final int SUBACK_FAILURE = 0x80;
    static final String CONNECTION_LOST = "CONNECTION_LOST";

    private final MqttEdgeContext edge;
    private final MqttSession session;

    MqttSessionHandler(MqttEdgeContext edge, MqttSession session) {
        this.edge = edge;
        this.session = session;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (!(msg instanceof MqttMessage message) || message.decoderResult().isFailure()) {
                refuse(ctx, Refusal.MALFORMED_PACKET);
                return;
            }
            MqttMessageType type = message.fixedHeader().messageType();
            switch (type) {
                case PUBLISH -> publish(ctx, (MqttPublishMessage) message);
                case PUBACK -> session.acknowledged(((MqttMessageIdVariableHeader) message.variableHeader()).messageId());
                case SUBSCRIBE -> subscribe(ctx, (MqttSubscribeMessage) message);
                case UNSUBSCRIBE -> unsubscribe(ctx, (MqttUnsubscribeMessage) message);
                case PINGREQ -> ctx.writeAndFlush(new MqttMessage(
                        new MqttFixedHeader(MqttMessageType.PINGRESP, false, MqttQoS.AT_MOST_ONCE, false, 0)));
                case DISCONNECT -> refuse(ctx, Refusal.CLIENT_DISCONNECT);
                case CONNECT -> refuse(ctx, Refusal.SECOND_CONNECT);
                default -> refuse(ctx, Refusal.MALFORMED_PACKET);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void publish(ChannelHandlerContext ctx, MqttPublishMessage publish) {
        String topic = publish.variableHeader().topicName();
        MqttQoS qos = publish.fixedHeader().qosLevel();
        if (!TopicFilters.validTopicName(topic)) {
            refuse(ctx, Refusal.INVALID_TOPIC);
            return;
        }
        if (qos == MqttQoS.EXACTLY_ONCE || qos == MqttQoS.FAILURE) {
            refuse(ctx, Refusal.QOS_NOT_SUPPORTED);
            return;
        }
        int packetId = publish.variableHeader().packetId();
        long receivedAt = System.currentTimeMillis();
        CompletableFuture<?> stored;
        if (session.sandbox()) {
            if (!OpenMode.publishable(topic)) {
                refuse(ctx, Refusal.PUBLISH_NOT_AUTHORIZED);
                return;
            }
            stored = send(topic, ByteBufUtil.getBytes(publish.payload()), qos.value(), receivedAt);
        } else {
            Optional<DeviceTopic> deviceTopic = TopicAcl.mayPublish(session.device(), topic);
            if (deviceTopic.isEmpty()) {
                refuse(ctx, Refusal.PUBLISH_NOT_AUTHORIZED);
                return;
            }
            byte[] payload = ByteBufUtil.getBytes(publish.payload());
            if (deviceTopic.get().kind() == TopicKind.NTP_REQUEST) {
                NtpResponder.answer(session, deviceTopic.get(), payload, receivedAt);
                if (qos == MqttQoS.AT_LEAST_ONCE) {
                    ctx.writeAndFlush(pubAck(packetId));
                }
                return;
            }
            stored = deviceTopic.get().kind() == TopicKind.RRPC_RESPONSE
                    ? edge.replies().publish(new Reply(Reply.Kind.RESPONSE, deviceTopic.get().id(),
                            session.device().productKey(), session.device().deviceName(), topic, payload, receivedAt))
                    : send(topic, payload, qos.value(), receivedAt);
        }
        CompletableFuture<?> durable = !publish.fixedHeader().isRetain() ? stored
                : CompletableFuture.allOf(stored, retain(topic, ByteBufUtil.getBytes(publish.payload()), qos.value(),
                        receivedAt));
        if (session.uplinkStarted() >= edge.config().maxInFlightPerConnection()) {
            ctx.channel().config().setAutoRead(false);
        }
        durable.whenComplete((metadata, error) -> ctx.executor().execute(() -> {
            int inFlight = session.uplinkFinished();
            if (!ctx.channel().config().isAutoRead() && inFlight < edge.config().maxInFlightPerConnection() / 2) {
                ctx.channel().config().setAutoRead(true);
            }
            if (error != null) {
                refuse(ctx, stored.isCompletedExceptionally() ? Refusal.KAFKA_UNAVAILABLE : Refusal.RETAINED_NOT_STORED);
            } else if (qos == MqttQoS.AT_LEAST_ONCE) {
                ctx.writeAndFlush(pubAck(packetId));
            }
        }));
    }

    /**
     * The will goes where the device's own PUBLISH on its topic would: to {@code weft.up} (and, if retained, to the
     * retained messages). Nobody waits for it; a failure is logged.
     */
    private void publishWill(MqttSession.Will will) {
        long now = System.currentTimeMillis();
        CompletableFuture<?> sent = send(will.topic(), will.payload(), will.qos(), now);
        if (will.retain()) {
            sent = CompletableFuture.allOf(sent, retain(will.topic(), will.payload(), will.qos(), now));
        }
        sent.whenComplete((ok, error) -> {
            if (error != null) {
                LOG.warn("{}: will on {} not published: {}", session.clientId(), will.topic(), error.toString());
            }
        });
    }

    /** A PUBLISH of the client: a device's to {@code weft.up}, a sandbox client's to {@code weft.open}. */
    private CompletableFuture<?> send(String topic, byte[] payload, int qos, long receivedAt) {
        long messageId = edge.messageIds().next();
        return session.sandbox()
                ? edge.sandbox().publish(messageId, topic, payload, qos)
                : edge.uplinks().publish(new Uplink(messageId, session.device().productKey(),
                        session.device().deviceName(), topic, payload, qos, "mqtt", edge.config().edgeId(), receivedAt));
    }

    /** Keeps the topic's retained message (a sandbox client's apart from devices', see {@link OpenMode}). */
    private CompletableFuture<?> retain(String topic, byte[] payload, int qos, long receivedAt) {
        String key = session.sandbox() ? OpenMode.retainedKey(topic) : topic;
        return edge.persistence().retain(new RetainedMessage(key, payload, qos, receivedAt, 0));
    }

    /** The retained messages a new subscription to the filter receives, with their topics as the client sees them. */
    private List<RetainedMessage> retained(String filter) {
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

    private static MqttMessage pubAck(int packetId) {
        return MqttMessageBuilders.pubAck().packetId(packetId).build();
    }

    private void subscribe(ChannelHandlerContext ctx, MqttSubscribeMessage subscribe) {
        List<Integer> granted = new ArrayList<>();
        Map<String, MqttQoS> added = new LinkedHashMap<>();
        for (MqttTopicSubscription s : subscribe.payload().topicSubscriptions()) {
            boolean allowed = session.sandbox() ? TopicFilters.valid(s.topicName())
                    : TopicAcl.maySubscribe(session.device(), s.topicName());
            if (allowed) {
                MqttQoS qos = MqttQoS.valueOf(Math.min(s.qualityOfService().value(), 1));
                session.subscribe(s.topicName(), qos);
                added.put(s.topicName(), qos);
                granted.add(qos.value());
            } else {
                granted.add(SUBACK_FAILURE);
            }
        }
        int packetId = subscribe.variableHeader().messageId();
        afterStored(ctx, () -> {
            ctx.writeAndFlush(new MqttSubAckMessage(
                    new MqttFixedHeader(MqttMessageType.SUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                    MqttMessageIdVariableHeader.from(packetId), new MqttSubAckPayload(granted)));
            added.forEach((filter, qos) -> session.sendRetained(retained(filter), qos));
        });
    }

    private void unsubscribe(ChannelHandlerContext ctx, MqttUnsubscribeMessage unsubscribe) {
        unsubscribe.payload().topics().forEach(session::unsubscribe);
        int packetId = unsubscribe.variableHeader().messageId();
        afterStored(ctx, () -> ctx.writeAndFlush(MqttMessageBuilders.unsubAck().packetId(packetId).build()));
    }

    /**
     * Runs the acknowledgement at once for a clean session; for a persistent one, once Kafka has the changed
     * subscriptions, so an acknowledged (un)subscription survives this edge.
     */
    private void afterStored(ChannelHandlerContext ctx, Runnable acknowledge) {
        if (!session.persistent()) {
            acknowledge.run();
            return;
        }
        edge.persistence().save(session.snapshot(edge.config().edgeId(), true, edge.persistence().nextVersion(),
                        System.currentTimeMillis()))
                .whenComplete((ok, error) -> ctx.executor().execute(() -> {
                    if (error != null) {
                        refuse(ctx, Refusal.KAFKA_UNAVAILABLE);
                    } else {
                        acknowledge.run();
                    }
                }));
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
            publishWill(session.will());
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
