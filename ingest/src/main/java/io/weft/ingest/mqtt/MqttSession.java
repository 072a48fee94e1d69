package io.weft.ingest.mqtt;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.weft.core.auth.DeviceIdentity;
import io.weft.core.envelope.Downlink;
import io.weft.core.envelope.Presence;
import io.weft.ingest.acl.TopicFilters;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One connected device. State is changed on the channel's event loop only; other threads hand work over with
 * {@link #deliver}, which first checks an immutable snapshot of the subscriptions so that a downlink nobody
 * subscribed to costs no event-loop wakeup. Subscriptions last for the connection (clean sessions in this version).
 * {@code epoch} is the session epoch of its presence events: the message id drawn when its CONNECT was accepted
 * (see {@link Presence}).
 */
public final class MqttSession {
    private final Channel channel;
    private final DeviceIdentity device;
    private final String clientId;
    private final long epoch;
    private volatile Map<String, MqttQoS> subscriptions = Map.of();
    private final Map<Integer, Downlink> awaitingPuback = new LinkedHashMap<>();
    private int nextPacketId = 1;
    private int uplinksInFlight;

    MqttSession(Channel channel, DeviceIdentity device, String clientId, long epoch) {
        this.channel = channel;
        this.device = device;
        this.clientId = clientId;
        this.epoch = epoch;
    }

    public long epoch() {
        return epoch;
    }

    Presence online(String edge) {
        return Presence.online(device, epoch, edge, clientIp(), System.currentTimeMillis());
    }

    Presence offline(String edge, String reason) {
        return Presence.offline(device, epoch, edge, clientIp(), System.currentTimeMillis(), reason);
    }

    private String clientIp() {
        return channel.remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null
                ? a.getAddress().getHostAddress() : null;
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
        Map<String, MqttQoS> next = new LinkedHashMap<>(subscriptions);
        next.put(filter, qos);
        subscriptions = Map.copyOf(next);
    }

    void unsubscribe(String filter) {
        Map<String, MqttQoS> next = new LinkedHashMap<>(subscriptions);
        next.remove(filter);
        subscriptions = Map.copyOf(next);
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

    /** Publishes the downlink on this session's event loop if a subscription matches its topic; else drops it. */
    public void deliver(Downlink downlink) {
        MqttQoS granted = grantedQos(downlink.topic());
        if (granted != null) {
            channel.eventLoop().execute(() -> publish(downlink, granted));
        }
    }

    /**
     * Publishes, at QoS 0, an answer the edge itself produces (NTP) if a subscription matches its topic; the payload
     * is built only then, right before the write. Runs on the event loop; returns whether it was written.
     */
    boolean answer(String topic, java.util.function.Supplier<byte[]> payload) {
        if (grantedQos(topic) == null || !channel.isActive()) {
            return false;
        }
        channel.writeAndFlush(MqttMessageBuilders.publish().topicName(topic).qos(MqttQoS.AT_MOST_ONCE)
                .retained(false).messageId(0).payload(Unpooled.wrappedBuffer(payload.get())).build());
        return true;
    }

    /** The highest QoS of the subscriptions matching the topic, or null if none does. */
    private MqttQoS grantedQos(String topic) {
        MqttQoS granted = null;
        for (Map.Entry<String, MqttQoS> s : subscriptions.entrySet()) {
            if (TopicFilters.matches(s.getKey(), topic) && (granted == null || s.getValue().value() > granted.value())) {
                granted = s.getValue();
            }
        }
        return granted;
    }

    private void publish(Downlink downlink, MqttQoS granted) {
        if (!channel.isActive()) {
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
