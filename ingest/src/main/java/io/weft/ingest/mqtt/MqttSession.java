package io.weft.ingest.mqtt;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.weft.core.auth.DeviceIdentity;
import io.weft.core.envelope.Downlink;
import io.weft.core.envelope.Presence;
import io.weft.ingest.acl.TopicFilters;
import io.weft.ingest.mqtt.open.OpenMode;
import io.weft.ingest.mqtt.retained.RetainedMessage;
import io.weft.ingest.mqtt.session.OfflineReplay;
import io.weft.ingest.mqtt.session.PositionedDownlink;
import io.weft.ingest.mqtt.session.StoredSession;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One connected device (or sandbox client). State is changed on the channel's event loop only; other threads hand
 * work over with {@link #deliver}, which first checks an immutable snapshot of the subscriptions so that a downlink
 * nobody subscribed to costs no event-loop wakeup. {@code epoch} is the session epoch of its presence events: the
 * message id drawn when its CONNECT was accepted (see {@link Presence}).
 *
 * <p>The protocol state: what the client asked for in CONNECT ({@link ClientOptions}), the client's QoS 1/2
 * PUBLISHes not yet acknowledged and its QoS 2 packet ids awaiting PUBREL ({@link InboundFlow}), and the downlinks
 * awaiting PUBACK, PUBREC or PUBCOMP plus those queued behind the client's Receive Maximum ({@link OutboundFlow}).
 *
 * <p>A persistent session also tracks where it stands in the topic its messages come from ({@link QueuePosition}),
 * so a later connection resumes there ({@link #snapshot}); while its queue is replayed ({@link #beginReplay} to
 * {@link #finishReplay}) live messages wait, and every queued or live message is delivered once, in order.
 */
public final class MqttSession {
    private final Channel channel;
    private final DeviceIdentity device;
    private final String clientId;
    private final long epoch;
    private final ClientOptions options;
    private final Disconnector disconnector;
    private final boolean persistent;
    private final long expirySeconds;
    private final Will will;
    private volatile Map<String, MqttQoS> subscriptions = Map.of();
    private final InboundFlow inbound = new InboundFlow();
    private final OutboundFlow outbound;
    private final QueuePosition queue = new QueuePosition();
    private final CompletableFuture<StoredSession> ended = new CompletableFuture<>();
    private int uplinksInFlight;

    /**
     * The client's last will (MQTT 3.1.1 section 3.1.2.5): published for it when the connection ends without
     * DISCONNECT.
     */
    record Will(String topic, byte[] payload, int qos, boolean retain) {
    }

    MqttSession(Channel channel, DeviceIdentity device, String clientId, long epoch, ClientOptions options,
                int downlinkQueue, Disconnector disconnector) {
        this(channel, device, clientId, epoch, options, downlinkQueue, disconnector, false, 0, null);
    }

    MqttSession(Channel channel, DeviceIdentity device, String clientId, long epoch, ClientOptions options,
                int downlinkQueue, Disconnector disconnector, boolean persistent, long expirySeconds, Will will) {
        this.channel = channel;
        this.device = device;
        this.clientId = clientId;
        this.epoch = epoch;
        this.options = options;
        this.disconnector = disconnector;
        this.persistent = persistent;
        this.expirySeconds = expirySeconds;
        this.will = will;
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

    /** The Session Expiry Interval the client requested (MQTT 5; 0 otherwise). */
    public long requestedSessionExpirySeconds() {
        return options.sessionExpirySeconds();
    }

    boolean persistent() {
        return persistent;
    }

    /** True for a client of an open-mode listener (see {@link OpenMode}), false for a device. */
    boolean sandbox() {
        return OpenMode.contains(device);
    }

    Will will() {
        return will;
    }

    /** Completes when the connection has ended, with what a persistent session stored (null for a clean one). */
    CompletableFuture<StoredSession> ended() {
        return ended;
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

    /**
     * A downlink not from the session's queue (a broadcast, or one handed over without a position): published on
     * the event loop if a subscription matches its topic; else dropped.
     */
    public void deliver(Downlink downlink) {
        MqttQoS granted = grantedQos(downlink.topic());
        if (granted != null) {
            channel.eventLoop().execute(() -> publish(downlink, granted, -1, -1));
        }
    }

    /**
     * A message for this session from its topic ({@code weft.down}, or {@code weft.open} for a sandbox client). A
     * clean session takes it only if it subscribed to its topic; a persistent one also records that it was handled,
     * so a reconnect does not replay it.
     */
    public void deliver(PositionedDownlink positioned) {
        if (!persistent) {
            deliver(positioned.downlink());
            return;
        }
        channel.eventLoop().execute(() -> {
            if (!channel.isActive()) {
                return;
            }
            if (queue.takeLive(positioned)) {
                handle(positioned);
            }
        });
    }

    /** Sends the retained messages a new subscription matches, as MQTT requires, with the RETAIN flag set. */
    void sendRetained(List<RetainedMessage> messages, MqttQoS granted) {
        for (RetainedMessage m : messages) {
            Downlink downlink = new Downlink(0, device.productKey(), device.deviceName(), m.topic(), m.payload(),
                    m.qos(), m.expiresAt());
            MqttQoS qos = MqttQoS.valueOf(Math.min(granted.value(), m.qos()));
            send(downlink, qos, -1, -1, true);
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

    /**
     * Resumes a stored session (on the event loop, before its replay): its subscriptions and its QoS 2 packet ids
     * awaiting PUBREL come back, and the packet ids of what it had in flight stay reserved until the replay resends
     * them.
     */
    void restore(StoredSession stored, Map<Integer, Long> queueStart) {
        Map<String, MqttQoS> restored = new LinkedHashMap<>();
        stored.subscriptions().forEach(s -> restored.put(s.filter(), MqttQoS.valueOf(s.qos())));
        subscriptions = Map.copyOf(restored);
        queue.startAt(queueStart);
        for (StoredSession.Inflight i : stored.inflight()) {
            if (i.packetId() > 0) {
                outbound.restore(i.packetId(), MqttQoS.valueOf(i.qos()), i.released(), i.partition(), i.offset());
            } else {
                queue.requeue(i.offset());
            }
        }
        stored.awaitingRelease().forEach(inbound::restoreStored);
    }

    /** A new persistent session: its queue starts where live delivery may not have reached it yet. */
    void startQueue(Map<Integer, Long> queueStart) {
        queue.startAt(queueStart);
    }

    /** Live messages are held from now until {@link #finishReplay}. */
    void beginReplay() {
        queue.beginReplay();
    }

    /**
     * Delivers the replayed queue in order: what was in flight is resent with its packet id and DUP set (or, for a
     * QoS 2 message the device had received, PUBREL again), what was queued behind Receive Maximum is sent, what the
     * device had already handled (below the resume offsets) is skipped, the rest is published; then the held live
     * messages the replay did not already cover.
     */
    void finishReplay(OfflineReplay.Replayed replayed, Map<Integer, Long> resumeOffsets) {
        Map<Long, OutboundFlow.InFlight> restored = new HashMap<>();
        for (OutboundFlow.InFlight f : outbound.inFlight()) {
            if (f.downlink() == null) {
                restored.put(f.offset(), f);
            }
        }
        for (PositionedDownlink p : replayed.downlinks()) {
            OutboundFlow.InFlight f = restored.remove(p.offset());
            if (f != null) {
                resend(f, p);
            } else if (queue.due(p, resumeOffsets)) {
                handle(p);
            }
        }
        restored.values().forEach(f -> outbound.forget(f.packetId()));
        queue.endReplay(replayed.until()).forEach(this::handle);
        sendQueued();
    }

    /** What outlives the connection (on the event loop). */
    StoredSession snapshot(String edgeId, boolean connected, long version, long now) {
        List<StoredSession.Subscription> subs = new ArrayList<>();
        subscriptions.forEach((filter, qos) -> subs.add(new StoredSession.Subscription(filter, qos.value())));
        return new StoredSession(device.key(), clientId, subs, expirySeconds, edgeId, connected, false, version, now,
                queue.resumeOffsets(), outbound.stored(), inbound.stored());
    }

    /** Marks the connection ended, with what was stored of it. */
    void end(StoredSession stored) {
        ended.complete(stored);
    }

    private void handle(PositionedDownlink p) {
        queue.handled(p);
        MqttQoS granted = grantedQos(p.downlink().topic());
        if (granted != null) {
            publish(p.downlink(), granted, p.partition(), p.offset());
        }
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

    /** Publishes at the lower of the granted and the downlink's own QoS. */
    private void publish(Downlink downlink, MqttQoS granted, int partition, long offset) {
        MqttQoS qos = MqttQoS.valueOf(Math.min(granted.value(), Math.min(Math.max(downlink.qos(), 0), 2)));
        send(downlink, qos, partition, offset, false);
    }

    /**
     * Sends the downlink at {@code qos}: QoS 0 at once; QoS 1 and 2 if fewer than the client's Receive Maximum are
     * unacknowledged, else queued. A downlink larger than the client's Maximum Packet Size is not sent (counted as
     * {@link Refusal#DOWNLINK_TOO_LARGE}).
     */
    private void send(Downlink downlink, MqttQoS qos, int partition, long offset, boolean retain) {
        if (!channel.isActive()) {
            return;
        }
        if (QosPackets.publishSize(downlink, qos, options.mqtt5()) > options.maximumPacketSize()) {
            disconnector.answered(channel, Refusal.DOWNLINK_TOO_LARGE, clientId);
            return;
        }
        if (qos == MqttQoS.AT_MOST_ONCE) {
            write(downlink, qos, 0, retain, false);
        } else if (outbound.hasRoom()) {
            write(downlink, qos, outbound.send(downlink, qos, partition, offset, 0), retain, false);
        } else if (outbound.enqueue(downlink, qos, partition, offset) != null) {
            disconnector.answered(channel, Refusal.DOWNLINK_QUEUE_OVERFLOW, clientId);
        }
    }

    /** A downlink in flight when the last connection ended: the same packet id, DUP set; PUBREL if it was received. */
    private void resend(OutboundFlow.InFlight f, PositionedDownlink p) {
        int packetId = outbound.send(p.downlink(), f.qos(), p.partition(), p.offset(), f.packetId());
        if (f.phase() == OutboundFlow.Phase.AWAITING_PUBCOMP) {
            channel.writeAndFlush(QosPackets.pubRel(packetId, 0, options.mqtt5()));
        } else {
            write(p.downlink(), f.qos(), packetId, false, true);
        }
    }

    private void sendQueued() {
        for (OutboundFlow.Queued q; channel.isActive() && (q = outbound.nextQueued()) != null; ) {
            if (q.downlink().deadline() > 0 && q.downlink().deadline() < System.currentTimeMillis()) {
                continue;
            }
            write(q.downlink(), q.qos(), outbound.send(q.downlink(), q.qos(), q.partition(), q.offset(), 0), false,
                    false);
        }
    }

    private void write(Downlink downlink, MqttQoS qos, int packetId, boolean retain, boolean dup) {
        channel.writeAndFlush(QosPackets.publish(downlink, qos, packetId, options.mqtt5(),
                System.currentTimeMillis(), retain, dup));
    }
}
