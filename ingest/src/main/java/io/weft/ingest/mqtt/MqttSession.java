package io.weft.ingest.mqtt;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.weft.core.auth.DeviceIdentity;
import io.weft.core.envelope.Downlink;
import io.weft.ingest.acl.TopicFilters;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One connected device. All state is touched on the channel's event loop only; other threads hand work over with
 * {@link #deliver}. Subscriptions are kept for the connection's life (clean sessions in this version).
 */
public final class MqttSession {
    private final Channel channel;
    private final DeviceIdentity device;
    private final String clientId;
    private final Map<String, MqttQoS> subscriptions = new LinkedHashMap<>();
    private final Map<Integer, Downlink> awaitingPuback = new LinkedHashMap<>();
    private int nextPacketId = 1;
    private int uplinksInFlight;

    MqttSession(Channel channel, DeviceIdentity device, String clientId) {
        this.channel = channel;
        this.device = device;
        this.clientId = clientId;
    }

    public DeviceIdentity device() {
        return device;
    }

    public String clientId() {
        return clientId;
    }

    public Channel channel() {
        return channel;
    }

    void subscribe(String filter, MqttQoS qos) {
        subscriptions.put(filter, qos);
    }

    void unsubscribe(String filter) {
        subscriptions.remove(filter);
    }

    int uplinkStarted() {
        return ++uplinksInFlight;
    }

    int uplinkFinished() {
        return --uplinksInFlight;
    }

    void acknowledged(int packetId) {
        awaitingPuback.remove(packetId);
    }

    /** Hands a downlink to this session's event loop; it is published if a subscription matches its topic. */
    public void deliver(Downlink downlink) {
        channel.eventLoop().execute(() -> publish(downlink));
    }

    private void publish(Downlink downlink) {
        if (!channel.isActive()) {
            return;
        }
        MqttQoS granted = null;
        for (Map.Entry<String, MqttQoS> s : subscriptions.entrySet()) {
            if (TopicFilters.matches(s.getKey(), downlink.topic())
                    && (granted == null || s.getValue().value() > granted.value())) {
                granted = s.getValue();
            }
        }
        if (granted == null) {
            return;
        }
        MqttQoS qos = MqttQoS.valueOf(Math.min(granted.value(), Math.min(downlink.qos(), 1)));
        int packetId = 0;
        if (qos == MqttQoS.AT_LEAST_ONCE) {
            packetId = nextPacketId();
            awaitingPuback.put(packetId, downlink);
        }
        channel.writeAndFlush(MqttMessageBuilders.publish().topicName(downlink.topic()).qos(qos).retained(false)
                .messageId(packetId).payload(Unpooled.wrappedBuffer(downlink.payload())).build());
    }

    private int nextPacketId() {
        do {
            int id = nextPacketId;
            nextPacketId = nextPacketId == 0xFFFF ? 1 : nextPacketId + 1;
            if (!awaitingPuback.containsKey(id)) {
                return id;
            }
        } while (true);
    }
}
