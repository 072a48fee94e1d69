package io.weft.ingest.mqtt;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.weft.ingest.acl.TopicFilters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SUBSCRIBE and UNSUBSCRIBE of one session: each filter ACL-checked (a sandbox client may use any valid filter),
 * granted up to QoS 2; SUBACK 0x80 for a refused filter (MQTT 5: with a reason string). A persistent session's
 * changed subscriptions are in Kafka before SUBACK / UNSUBACK goes out. After SUBACK come the retained messages the
 * new subscriptions match.
 */
final class SubscriptionRequests {
    private static final int SUBACK_FAILURE = 0x80;
    private static final short UNSUBACK_SUCCESS = 0x00;
    private static final short UNSUBACK_NO_SUBSCRIPTION = 0x11;

    private final MqttEdgeContext edge;
    private final MqttSession session;
    private final Destinations destinations;
    private final boolean mqtt5;

    SubscriptionRequests(MqttEdgeContext edge, MqttSession session, Destinations destinations) {
        this.edge = edge;
        this.session = session;
        this.destinations = destinations;
        this.mqtt5 = session.options().mqtt5();
    }

    void subscribe(ChannelHandlerContext ctx, MqttSubscribeMessage subscribe) {
        MqttProperties properties = subscribe.idAndPropertiesVariableHeader().properties();
        if (mqtt5 && properties.getProperty(MqttProperties.MqttPropertyType.SUBSCRIPTION_IDENTIFIER.value()) != null) {
            // CONNACK said Subscription Identifiers Available = 0 [MQTT 5.0, 3.2.2.3.12]
            refuse(ctx, Refusal.PROTOCOL_ERROR);
            return;
        }
        List<Integer> granted = new ArrayList<>();
        Map<String, MqttQoS> added = new LinkedHashMap<>();
        boolean refused = false;
        for (MqttTopicSubscription s : subscribe.payload().topicSubscriptions()) {
            boolean allowed = session.sandbox() ? TopicFilters.valid(s.topicName())
                    : edge.acl().maySubscribe(session.device(), s.topicName());
            if (allowed) {
                MqttQoS qos = MqttQoS.valueOf(Math.min(s.qualityOfService().value(), 2));
                session.subscribe(s.topicName(), qos);
                added.put(s.topicName(), qos);
                granted.add(qos.value());
            } else {
                edge.disconnector().answered(ctx.channel(), Refusal.SUBSCRIBE_NOT_AUTHORIZED, session.clientId());
                granted.add(SUBACK_FAILURE);
                refused = true;
            }
        }
        MqttProperties answer = mqtt5 && refused
                ? Refusal.SUBSCRIBE_NOT_AUTHORIZED.reasonProperties(session.options().wantsReasonString(
                        Refusal.SUBSCRIBE_NOT_AUTHORIZED.reason(), granted.size()))
                : MqttProperties.NO_PROPERTIES;
        int packetId = subscribe.variableHeader().messageId();
        afterStored(ctx, () -> {
            ctx.writeAndFlush(new MqttSubAckMessage(
                    new MqttFixedHeader(MqttMessageType.SUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                    new MqttMessageIdAndPropertiesVariableHeader(packetId, answer),
                    new MqttSubAckPayload(granted)));
            added.forEach((filter, qos) -> session.sendRetained(destinations.retained(filter), qos));
        });
    }

    void unsubscribe(ChannelHandlerContext ctx, MqttUnsubscribeMessage unsubscribe) {
        MqttMessageBuilders.UnsubAckBuilder ack = MqttMessageBuilders.unsubAck()
                .packetId(unsubscribe.variableHeader().messageId());
        for (String filter : unsubscribe.payload().topics()) {
            boolean existed = session.unsubscribe(filter);
            if (mqtt5) {
                ack.addReasonCode(existed ? UNSUBACK_SUCCESS : UNSUBACK_NO_SUBSCRIPTION);
            }
        }
        afterStored(ctx, () -> ctx.writeAndFlush(ack.build()));
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
}
