package io.weft.ingest.mqtt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The client-to-edge half of a session's QoS state, changed on the session's event loop only: the QoS 2 packet ids
 * the edge has taken and not yet seen PUBREL for, and how many QoS 1 and 2 PUBLISHes are unacknowledged (the
 * count MQTT 5's Receive Maximum bounds: a QoS 1 PUBLISH until its PUBACK, a QoS 2 one until its PUBCOMP).
 * Plain data, so a later pass can persist it with the session.
 *
 * <p>A QoS 2 packet id is {@link Qos2#STORING} from its first PUBLISH until Kafka acknowledged the uplink, then
 * {@link Qos2#STORED} (PUBREC sent) until PUBREL. A PUBLISH that reuses an id in either state is the same message
 * again, whether DUP is set or not: it is never written again.
 */
final class InboundFlow {
    /** Where a QoS 2 message of the client stands. */
    enum Qos2 {
        /** Handed to Kafka, not acknowledged yet: no PUBREC until it is. */
        STORING,
        /** In Kafka, PUBREC sent: waiting for PUBREL. */
        STORED
    }

    private final Map<Integer, Qos2> awaitingPubrel = new LinkedHashMap<>();
    private int unacknowledged;

    /** The state of a QoS 2 packet id, or null if the edge is not holding it. */
    Qos2 qos2(int packetId) {
        return awaitingPubrel.get(packetId);
    }

    /** Unacknowledged QoS 1 and 2 PUBLISHes of the client. */
    int unacknowledged() {
        return unacknowledged;
    }

    /** A new QoS 1 PUBLISH was taken. */
    void qos1Started() {
        unacknowledged++;
    }

    /** Its PUBACK was sent (or it ended with a failure answer). */
    void qos1Finished() {
        unacknowledged--;
    }

    /** A new QoS 2 PUBLISH was taken and handed to Kafka. */
    void qos2Storing(int packetId) {
        awaitingPubrel.put(packetId, Qos2.STORING);
        unacknowledged++;
    }

    /** Kafka acknowledged it: PUBREC goes out now. False if the id is no longer held (the connection ended). */
    boolean qos2Stored(int packetId) {
        return awaitingPubrel.replace(packetId, Qos2.STORED) != null;
    }

    /** A persistent session's QoS 2 packet id that was stored (PUBREC sent) when its last connection ended. */
    void restoreStored(int packetId) {
        if (awaitingPubrel.put(packetId, Qos2.STORED) == null) {
            unacknowledged++;
        }
    }

    /** PUBREL for a stored id: forget it (PUBCOMP goes out). */
    void released(int packetId) {
        if (awaitingPubrel.remove(packetId) != null) {
            unacknowledged--;
        }
    }

    /**
     * What a persistent session stores: the QoS 2 packet ids stored in Kafka and awaiting PUBREL. One still being
     * stored is left out; its PUBLISH was not answered, so the client sends it again.
     */
    List<Integer> stored() {
        List<Integer> stored = new ArrayList<>();
        awaitingPubrel.forEach((packetId, state) -> {
            if (state == Qos2.STORED) {
                stored.add(packetId);
            }
        });
        return stored;
    }

    /** Awaiting PUBREL (both states), for persistence and tests. */
    Map<Integer, Qos2> awaitingPubrel() {
        return Map.copyOf(awaitingPubrel);
    }
}
