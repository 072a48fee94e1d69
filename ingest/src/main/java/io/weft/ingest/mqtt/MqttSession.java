package io.weft.ingest.mqtt;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
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
 * One connected device. State is changed on the channel's event loop only; other threads hand work over with
 * {@link #deliver}, which first checks an immutable snapshot of the subscriptions so that a downlink nobody
 * subscribed to costs no event-loop wakeup. {@code epoch} is the session epoch of its presence events: the message
 * id drawn when its CONNECT was accepted (see {@link Presence}).
 *
 * <p>A persistent session (clean session 0) also tracks, per partition of {@code weft.down}, how far its device's
 * downlinks have been handled ({@link #snapshot}), so a later connection resumes there. While its queue is replayed
 * ({@link #beginReplay} to {@link #finishReplay}) live downlinks are held; afterwards those the replay already
 * delivered are skipped, so every queued or live downlink is delivered once, in order.
 */
public final class MqttSession {
    private final Channel channel;
    private final DeviceIdentity device;
    private final String clientId;
    private final long epoch;
    private final boolean persistent;
    private final long expirySeconds;
    private final Will will;
    private volatile Map<String, MqttQoS> subscriptions = Map.of();
    private final Map<Integer, Outgoing> awaitingPuback = new LinkedHashMap<>();
    private final Map<Integer, Long> handledUpTo = new HashMap<>();
    private final Map<Integer, Long> liveFrom = new HashMap<>();
    private final List<PositionedDownlink> held = new ArrayList<>();
    private final CompletableFuture<StoredSession> ended = new CompletableFuture<>();
    private boolean replaying;
    private int nextPacketId = 1;
    private int uplinksInFlight;

    /**
     * The device's last will (MQTT 3.1.1 section 3.1.2.5): published for it when the connection ends without
     * DISCONNECT.
     */
    record Will(String topic, byte[] payload, int qos, boolean retain) {
    }

    /** A downlink sent and not yet acknowledged; {@code partition} is -1 for one not from the session's queue. */
    private record Outgoing(Downlink downlink, int partition, long offset, int qos) {
    }

    MqttSession(Channel channel, DeviceIdentity device, String clientId, long epoch) {
        this(channel, device, clientId, epoch, false, 0, null);
    }

    MqttSession(Channel channel, DeviceIdentity device, String clientId, long epoch, boolean persistent,
                long expirySeconds, Will will) {
        this.channel = channel;
        this.device = device;
        this.clientId = clientId;
        this.epoch = epoch;
        this.persistent = persistent;
        this.expirySeconds = expirySeconds;
        this.will = will;
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

    /**
     * A downlink not from the session's queue (a broadcast, or one handed over without a position): published on
     * the event loop if a subscription matches its topic; else dropped.
     */
    public void deliver(Downlink downlink) {
        MqttQoS granted = grantedQos(downlink.topic());
        if (granted != null) {
            channel.eventLoop().execute(() -> publish(new Outgoing(downlink, -1, -1, downlink.qos()), granted,
                    false, false, 0));
        }
    }

    /**
     * A downlink for this device from {@code weft.down}. A clean session takes it only if it subscribed to its topic;
     * a persistent one also records that it was handled, so a reconnect does not replay it.
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
            if (replaying) {
                held.add(positioned);
                return;
            }
            Long from = liveFrom.get(positioned.partition());
            if (from == null || positioned.offset() >= from) {
                handle(positioned);
            }
        });
    }

    /** Sends the retained messages a new subscription matches, as MQTT requires, with the RETAIN flag set. */
    void sendRetained(List<RetainedMessage> messages, MqttQoS granted) {
        for (RetainedMessage m : messages) {
            Downlink downlink = new Downlink(0, device.productKey(), device.deviceName(), m.topic(), m.payload(),
                    m.qos(), 0);
            publish(new Outgoing(downlink, -1, -1, m.qos()), granted, true, false, 0);
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
     * Resumes a stored session (on the event loop, before CONNACK): its subscriptions come back, and the packet ids
     * of what it had in flight stay reserved until the replay resends them.
     */
    void restore(StoredSession stored, Map<Integer, Long> queueStart) {
        Map<String, MqttQoS> restored = new LinkedHashMap<>();
        stored.subscriptions().forEach(s -> restored.put(s.filter(), MqttQoS.valueOf(s.qos())));
        subscriptions = Map.copyOf(restored);
        handledUpTo.putAll(queueStart);
        for (StoredSession.Inflight i : stored.inflight()) {
            awaitingPuback.put(i.packetId(), new Outgoing(null, i.partition(), i.offset(), i.qos()));
        }
    }

    /** A new persistent session: its queue starts where live delivery may not have reached it yet. */
    void startQueue(Map<Integer, Long> queueStart) {
        handledUpTo.putAll(queueStart);
    }

    /** Live downlinks are held from now until {@link #finishReplay}. */
    void beginReplay() {
        replaying = true;
    }

    /**
     * Delivers the replayed queue in order: what was in flight is resent with its packet id and DUP set, what the
     * device had already acknowledged (below the resume offsets) is skipped, the rest is published; then the held
     * live downlinks the replay did not already cover.
     */
    void finishReplay(OfflineReplay.Replayed replayed, Map<Integer, Long> resumeOffsets) {
        Map<Long, Integer> inflightByOffset = new HashMap<>();
        awaitingPuback.forEach((packetId, o) -> {
            if (o.downlink() == null) {
                inflightByOffset.put(o.offset(), packetId);
            }
        });
        for (PositionedDownlink p : replayed.downlinks()) {
            Integer packetId = inflightByOffset.remove(p.offset());
            if (packetId != null) {
                MqttQoS qos = MqttQoS.valueOf(awaitingPuback.get(packetId).qos());
                publish(new Outgoing(p.downlink(), p.partition(), p.offset(), qos.value()), qos, false, true, packetId);
            } else if (p.offset() >= resumeOffsets.getOrDefault(p.partition(), Long.MIN_VALUE)) {
                handle(p);
            }
        }
        inflightByOffset.values().forEach(awaitingPuback::remove);
        replayed.until().forEach((partition, until) -> {
            liveFrom.put(partition, until);
            handledUpTo.merge(partition, until, Math::max);
        });
        replaying = false;
        for (PositionedDownlink p : held) {
            if (p.offset() >= liveFrom.getOrDefault(p.partition(), Long.MIN_VALUE)) {
                handle(p);
            }
        }
        held.clear();
    }

    /** What outlives the connection (on the event loop). */
    StoredSession snapshot(String edgeId, boolean connected, long version, long now) {
        List<StoredSession.Subscription> subs = new ArrayList<>();
        subscriptions.forEach((filter, qos) -> subs.add(new StoredSession.Subscription(filter, qos.value())));
        List<StoredSession.Inflight> inflight = new ArrayList<>();
        awaitingPuback.forEach((packetId, o) -> {
            if (o.partition() >= 0) {
                inflight.add(new StoredSession.Inflight(packetId, o.partition(), o.offset(), o.qos(), false));
            }
        });
        return new StoredSession(device.key(), clientId, subs, expirySeconds, edgeId, connected, false, version, now,
                handledUpTo, inflight, List.of());
    }

    /** Marks the connection ended, with what was stored of it. */
    void end(StoredSession stored) {
        ended.complete(stored);
    }

    private void handle(PositionedDownlink p) {
        handledUpTo.merge(p.partition(), p.offset() + 1, Math::max);
        MqttQoS granted = grantedQos(p.downlink().topic());
        if (granted != null) {
            publish(new Outgoing(p.downlink(), p.partition(), p.offset(), p.downlink().qos()), granted, false, false,
                    0);
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

    /** Publishes at the lower of the granted and the message's QoS; {@code resendId} > 0 resends in flight. */
    private void publish(Outgoing outgoing, MqttQoS granted, boolean retain, boolean dup, int resendId) {
        if (!channel.isActive()) {
            return;
        }
        MqttQoS qos = MqttQoS.valueOf(Math.min(granted.value(), Math.min(outgoing.qos(), 1)));
        int packetId = 0;
        if (qos == MqttQoS.AT_LEAST_ONCE) {
            packetId = resendId > 0 ? resendId : nextPacketId();
            awaitingPuback.put(packetId, new Outgoing(outgoing.downlink(), outgoing.partition(), outgoing.offset(),
                    qos.value()));
        }
        channel.writeAndFlush(new MqttPublishMessage(
                new MqttFixedHeader(MqttMessageType.PUBLISH, dup && qos != MqttQoS.AT_MOST_ONCE, qos, retain, 0),
                new MqttPublishVariableHeader(outgoing.downlink().topic(), packetId),
                Unpooled.wrappedBuffer(outgoing.downlink().payload())));
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
