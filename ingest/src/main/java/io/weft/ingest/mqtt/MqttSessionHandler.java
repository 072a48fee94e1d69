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
import io.weft.ingest.acl.TopicFilters;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Packets of an authenticated device: PUBLISH (ACL-checked, written to Kafka, PUBACK only once Kafka has it: RRPC
 * responses to {@code weft.replies}, everything else to {@code weft.up}; NTP requests are answered here by the
 * {@link NtpResponder} and acknowledged at once, since nothing needs to be durable),
 * PUBACK for downlinks, SUBSCRIBE/UNSUBSCRIBE (ACL-checked), PINGREQ, DISCONNECT. Anything a client may not send
 * ends the connection through the {@link Disconnector}. When the connection closes, for whatever reason, the
 * session is reported OFFLINE with the refusal that ended it, or {@value #CONNECTION_LOST} if the client went away.
 */
final class MqttSessionHandler extends ChannelInboundHandlerAdapter {
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
        Optional<DeviceTopic> deviceTopic = edge.acl().mayPublish(session.device(), topic);
        if (deviceTopic.isEmpty()) {
            refuse(ctx, Refusal.PUBLISH_NOT_AUTHORIZED);
            return;
        }
        int packetId = publish.variableHeader().packetId();
        long receivedAt = System.currentTimeMillis();
        byte[] payload = ByteBufUtil.getBytes(publish.payload());
        if (deviceTopic.get().kind() == TopicKind.NTP_REQUEST) {
            NtpResponder.answer(session, deviceTopic.get(), payload, receivedAt);
            if (qos == MqttQoS.AT_LEAST_ONCE) {
                ctx.writeAndFlush(pubAck(packetId));
            }
            return;
        }
        CompletableFuture<?> durable = deviceTopic.get().kind() == TopicKind.RRPC_RESPONSE
                ? edge.replies().publish(new Reply(Reply.Kind.RESPONSE, deviceTopic.get().id(),
                        session.device().productKey(), session.device().deviceName(), topic, payload, receivedAt))
                : edge.uplinks().publish(new Uplink(edge.messageIds().next(), session.device().productKey(),
                        session.device().deviceName(), topic, payload, qos.value(), "mqtt", edge.config().edgeId(),
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
                refuse(ctx, Refusal.KAFKA_UNAVAILABLE);
            } else if (qos == MqttQoS.AT_LEAST_ONCE) {
                ctx.writeAndFlush(pubAck(packetId));
            }
        }));
    }

    private static MqttMessage pubAck(int packetId) {
        return MqttMessageBuilders.pubAck().packetId(packetId).build();
    }

    private void subscribe(ChannelHandlerContext ctx, MqttSubscribeMessage subscribe) {
        List<Integer> granted = new ArrayList<>();
        for (MqttTopicSubscription s : subscribe.payload().topicSubscriptions()) {
            if (edge.acl().maySubscribe(session.device(), s.topicName())) {
                MqttQoS qos = MqttQoS.valueOf(Math.min(s.qualityOfService().value(), 1));
                session.subscribe(s.topicName(), qos);
                granted.add(qos.value());
            } else {
                granted.add(SUBACK_FAILURE);
            }
        }
        ctx.writeAndFlush(new MqttSubAckMessage(
                new MqttFixedHeader(MqttMessageType.SUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                MqttMessageIdVariableHeader.from(subscribe.variableHeader().messageId()),
                new MqttSubAckPayload(granted)));
    }

    private void unsubscribe(ChannelHandlerContext ctx, MqttUnsubscribeMessage unsubscribe) {
        unsubscribe.payload().topics().forEach(session::unsubscribe);
        ctx.writeAndFlush(MqttMessageBuilders.unsubAck().packetId(unsubscribe.variableHeader().messageId()).build());
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
        edge.presence().publish(session.offline(edge.config().edgeId(),
                reason == null ? CONNECTION_LOST : reason.name()));
        ctx.fireChannelInactive();
    }
}
