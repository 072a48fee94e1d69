package io.weft.ingest.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.weft.core.envelope.Downlink;
import io.weft.ingest.mqtt.session.StoredSession;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The edge-to-client half of a session's QoS state, changed on the session's event loop only: the QoS 1 and 2
 * downlinks sent and not yet acknowledged (at most the client's Receive Maximum of them), and those waiting for room,
 * in a bounded queue that drops its oldest. Plain data, so a later pass can persist it with the session.
 */
final class OutboundFlow {
    /** Which acknowledgement an in-flight downlink waits for. */
    enum Phase {
        /** QoS 1, sent. */
        AWAITING_PUBACK,
        /** QoS 2, sent. */
        AWAITING_PUBREC,
        /** QoS 2, PUBREC received and PUBREL sent. */
        AWAITING_PUBCOMP
    }

    /**
     * A downlink sent under {@code packetId} at {@code qos}; {@code partition} and {@code offset} say where it is on
     * {@code weft.down} (or {@code weft.open}), -1 for one that is not from the session's queue. A downlink restored
     * with a persistent session is null until its replay finds it again.
     */
    record InFlight(int packetId, Downlink downlink, MqttQoS qos, Phase phase, int partition, long offset) {
        InFlight next(Phase phase) {
            return new InFlight(packetId, downlink, qos, phase, partition, offset);
        }
    }

    /** A downlink waiting for room under the client's Receive Maximum, at the QoS it will be sent with. */
    record Queued(Downlink downlink, MqttQoS qos, int partition, long offset) {
    }

    private final int receiveMaximum;
    private final int queueBound;
    private final Map<Integer, InFlight> inFlight = new LinkedHashMap<>();
    private final Deque<Queued> queue = new ArrayDeque<>();
    private int nextPacketId = 1;

    /**
     * @param receiveMaximum the client's Receive Maximum: unacknowledged QoS 1 and 2 downlinks at most
     * @param queueBound     downlinks held while that is reached
     */
    OutboundFlow(int receiveMaximum, int queueBound) {
        this.receiveMaximum = receiveMaximum;
        this.queueBound = queueBound;
    }

    /** True if one more QoS 1 or 2 downlink may be sent now. */
    boolean hasRoom() {
        return inFlight.size() < receiveMaximum;
    }

    /**
     * Records a downlink about to be sent and returns its packet id. Call only when {@link #hasRoom()}, unless
     * {@code packetId} is one restored with the session (then that id is kept).
     */
    int send(Downlink downlink, MqttQoS qos, int partition, long offset, int packetId) {
        int id = packetId > 0 ? packetId : nextPacketId();
        Phase phase = qos == MqttQoS.EXACTLY_ONCE ? Phase.AWAITING_PUBREC : Phase.AWAITING_PUBACK;
        InFlight restored = inFlight.get(id);
        if (packetId > 0 && restored != null && restored.phase() == Phase.AWAITING_PUBCOMP) {
            phase = Phase.AWAITING_PUBCOMP;
        }
        inFlight.put(id, new InFlight(id, downlink, qos, phase, partition, offset));
        return id;
    }

    /**
     * Holds a packet id a persistent session had in flight when its last connection ended, until its replay resends
     * it ({@link #send} with that id) or finds it gone ({@link #forget}).
     */
    void restore(int packetId, MqttQoS qos, boolean released, int partition, long offset) {
        inFlight.put(packetId, new InFlight(packetId, null, qos,
                released ? Phase.AWAITING_PUBCOMP : qos == MqttQoS.EXACTLY_ONCE ? Phase.AWAITING_PUBREC
                        : Phase.AWAITING_PUBACK, partition, offset));
    }

    /**
     * What a persistent session stores of this flow: the downlinks from its queue in flight (with whether a QoS 2
     * one was received), then those still waiting for room under Receive Maximum (packet id 0: they are sent
     * afresh when the session resumes). Downlinks not from the queue (broadcasts, retained messages) are not kept.
     */
    List<StoredSession.Inflight> stored() {
        List<StoredSession.Inflight> stored = new ArrayList<>();
        for (InFlight f : inFlight.values()) {
            if (f.partition() >= 0) {
                stored.add(new StoredSession.Inflight(f.packetId(), f.partition(), f.offset(), f.qos().value(),
                        f.phase() == Phase.AWAITING_PUBCOMP));
            }
        }
        for (Queued q : queue) {
            if (q.partition() >= 0) {
                stored.add(new StoredSession.Inflight(0, q.partition(), q.offset(), q.qos().value(), false));
            }
        }
        return stored;
    }

    /** Drops a restored packet id its replay did not find (expired, or past the topic's retention). */
    void forget(int packetId) {
        inFlight.remove(packetId);
    }

    /** Queues a downlink; returns the one dropped to make room (the oldest), or null. */
    Queued enqueue(Downlink downlink, MqttQoS qos, int partition, long offset) {
        Queued dropped = null;
        if (queue.size() >= queueBound) {
            dropped = queue.pollFirst();
        }
        if (queueBound > 0) {
            queue.addLast(new Queued(downlink, qos, partition, offset));
        } else {
            dropped = new Queued(downlink, qos, partition, offset);
        }
        return dropped;
    }

    /** The next queued downlink if there is room for it now, else null. */
    Queued nextQueued() {
        return hasRoom() ? queue.pollFirst() : null;
    }

    /** The downlink under this id, or null. */
    InFlight get(int packetId) {
        return inFlight.get(packetId);
    }

    /** PUBACK, PUBCOMP, or a PUBREC with a failure reason: the flow of this id ends. True if it was in flight. */
    boolean finished(int packetId, Phase expected) {
        InFlight f = inFlight.get(packetId);
        if (f == null || f.phase() != expected) {
            return false;
        }
        inFlight.remove(packetId);
        return true;
    }

    /** PUBREC: the id now waits for PUBCOMP. True if it was waiting for PUBREC or already for PUBCOMP. */
    boolean received(int packetId) {
        InFlight f = inFlight.get(packetId);
        if (f == null || f.phase() == Phase.AWAITING_PUBACK) {
            return false;
        }
        inFlight.put(packetId, f.next(Phase.AWAITING_PUBCOMP));
        return true;
    }

    /** In flight, in the order sent, for persistence and tests. */
    List<InFlight> inFlight() {
        return List.copyOf(inFlight.values());
    }

    /** Queued, oldest first, for persistence and tests. */
    List<Queued> queued() {
        return List.copyOf(queue);
    }

    private int nextPacketId() {
        do {
            int id = nextPacketId;
            nextPacketId = nextPacketId == 0xFFFF ? 1 : nextPacketId + 1;
            if (!inFlight.containsKey(id)) {
                return id;
            }
        } while (true);
    }
}
