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
 *
 * <p>The session's protocol state lives here, as plain data a later pass can persist: what the client asked for in
 * CONNECT ({@link ClientOptions}: MQTT version, Receive Maximum, Maximum Packet Size, the Session Expiry Interval it
 * requested), the client's QoS 1/2 PUBLISHes not yet acknowledged and its QoS 2 packet ids awaiting PUBREL
 * ({@link InboundFlow}), and the downlinks awaiting PUBACK, PUBREC or PUBCOMP plus those queued behind the client's
 * Receive Maximum ({@link OutboundFlow}).
 */
public final class MqttSession {
    private final Channel channel;
    private final DeviceIdentity device;
    private final String clientId;
    private final long epoch;
    private final ClientOptions options;
    private final Disconnector disconnector;
    private volatile Map<String, MqttQoS> subscriptions = Map.of();
    private final InboundFlow inbound = new InboundFlow();
    private final OutboundFlow outbound;
    private int uplinksInFlight;

    MqttSession(Channel channel, DeviceIdentity device, String clientId, long epoch, ClientOptions options,
                int downlinkQueue, Disconnector disconnector) {
        this.channel = channel;
        this.device = device;
        this.clientId = clientId;
        this.epoch = epoch;
        this.options = options;
        this.disconnector = disconnector;
        this.outbound = new OutboundFlow(options.receiveMaximum(), downlinkQueue);
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

    /** What the client asked for in CONNECT. */
    ClientOptions options() {
        return options;
    }

    /** The Session Expiry Interval the client requested (MQTT 5; 0 otherwise). Sessions end with the connection. */
    public long requestedSessionExpirySeconds() {
        return options.sessionExpirySeconds();
    }

    InboundFlow inbound() {
        return inbound;
    }

    OutboundFlow outbound() {
        return outbound;
    }

    void subscribe(String filter, MqttQoS qos) {
        Map<String, MqttQoS> next = new LinkedHashMap<>(subscriptions);
        next.put(filter, qos);
        subscriptions = Map.copyOf(next);
    }

    /** Ends the subscription; true if there was one. */
    boolean unsubscribe(String filter) {
        Map<String, MqttQoS> next = new LinkedHashMap<>(subscriptions);
        boolean existed = next.remove(filter) != null;
        subscriptions = Map.copyOf(next);
        return existed;
    }

    int uplinkStarted() {
        return ++uplinksInFlight;
    }

    int uplinkFinished() {
        return --uplinksInFlight;
    }

    /** PUBACK for a QoS 1 downlink: its flow ends, and a queued downlink may go out. */
    void pubAck(int packetId) {
        if (outbound.finished(packetId, OutboundFlow.Phase.AWAITING_PUBACK)) {
            sendQueued();
        }
    }

    /**
     * PUBREC for a QoS 2 downlink: PUBREL goes out (again, for a repeated PUBREC); with a failure reason code
     * (MQTT 5, 0x80 and above) the flow ends instead. PUBREC for an id not in flight gets PUBREL 0x92 (MQTT 5).
     */
    void pubRec(int packetId, int reasonCode) {
        if (reasonCode >= 0x80) {
            if (outbound.finished(packetId, OutboundFlow.Phase.AWAITING_PUBREC)) {
                sendQueued();
            }
            return;
        }
        boolean known = outbound.received(packetId);
        channel.writeAndFlush(QosPackets.pubRel(packetId, known ? 0 : 0x92, options.mqtt5()));
    }

    /** PUBCOMP for a QoS 2 downlink: its flow ends, and a queued downlink may go out. */
    void pubComp(int packetId) {
        if (outbound.finished(packetId, OutboundFlow.Phase.AWAITING_PUBCOMP)) {
            sendQueued();
        }
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

    /**
     * Sends the downlink at the lower of the granted and its own QoS: QoS 0 at once; QoS 1 and 2 if fewer than the
     * client's Receive Maximum are unacknowledged, else queued. A downlink larger than the client's Maximum Packet
     * Size is not sent (counted as {@link Refusal#DOWNLINK_TOO_LARGE}).
     */
    private void publish(Downlink downlink, MqttQoS granted) {
        if (!channel.isActive()) {
            return;
        }
        MqttQoS qos = MqttQoS.valueOf(Math.min(granted.value(), Math.min(Math.max(downlink.qos(), 0), 2)));
        if (QosPackets.publishSize(downlink, qos, options.mqtt5()) > options.maximumPacketSize()) {
            disconnector.answered(channel, Refusal.DOWNLINK_TOO_LARGE, clientId);
            return;
        }
        if (qos == MqttQoS.AT_MOST_ONCE) {
            write(downlink, qos, 0);
        } else if (outbound.hasRoom()) {
            write(downlink, qos, outbound.send(downlink, qos));
        } else if (outbound.enqueue(downlink, qos) != null) {
            disconnector.answered(channel, Refusal.DOWNLINK_QUEUE_OVERFLOW, clientId);
        }
    }

    private void sendQueued() {
        for (OutboundFlow.Queued q; channel.isActive() && (q = outbound.nextQueued()) != null; ) {
            if (q.downlink().deadline() > 0 && q.downlink().deadline() < System.currentTimeMillis()) {
                continue;
            }
            write(q.downlink(), q.qos(), outbound.send(q.downlink(), q.qos()));
        }
    }

    private void write(Downlink downlink, MqttQoS qos, int packetId) {
        channel.writeAndFlush(QosPackets.publish(downlink, qos, packetId, options.mqtt5(),
                System.currentTimeMillis()));
    }
}
