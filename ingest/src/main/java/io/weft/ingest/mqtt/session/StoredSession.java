package io.weft.ingest.mqtt.session;

import java.util.List;
import java.util.Map;

/**
 * What outlives the connection of a persistent MQTT session (MQTT 3.1.1 clean session 0, MQTT 5 session expiry
 * above 0), in its one JSON form on {@code weft.sessions}, keyed {@link #key()}.
 *
 * <p>The offline queue is not copied here: downlinks are already durable on {@code weft.down}, so the session keeps
 * where its queue starts ({@code resumeOffsets}, per partition of {@code weft.down}) and a reconnect replays what its
 * device was sent since (see {@link OfflineReplay}). Messages sent but not yet acknowledged when the connection ended
 * are in {@code inflight}, so the replay resends them with their packet id and the DUP flag, or resends PUBREL for
 * those the device had already received (QoS 2).
 *
 * @param key              the session's identity: the device's {@code productKey/deviceName}
 * @param clientId         the client id of the connection that last held it
 * @param subscriptions    topic filters and the QoS granted
 * @param expirySeconds    how long the session outlives its connection; {@link #NEVER_EXPIRES} for ever
 * @param edgeId           the edge that wrote this record
 * @param connected        whether a connection held it when written (an edge that crashed leaves it true)
 * @param ended            the session was ended (clean start, or expired): a reconnect starts afresh
 * @param version          grows with every write of the session, whichever edge writes it; the newest wins
 * @param updatedAt        epoch ms of this write (for a disconnected session: when it disconnected)
 * @param resumeOffsets    per partition of {@code weft.down}: the first offset not yet handed to the device
 * @param inflight         downlinks sent but not yet completed, oldest first
 * @param awaitingRelease  packet ids of QoS 2 uplinks received (PUBREC sent) whose PUBREL has not come
 */
public record StoredSession(String key, String clientId, List<Subscription> subscriptions, long expirySeconds,
                            String edgeId, boolean connected, boolean ended, long version, long updatedAt,
                            Map<Integer, Long> resumeOffsets, List<Inflight> inflight, List<Integer> awaitingRelease) {

    /** MQTT 5's 0xFFFFFFFF: the session never expires. */
    public static final long NEVER_EXPIRES = 0xFFFFFFFFL;

    public StoredSession {
        subscriptions = subscriptions == null ? List.of() : List.copyOf(subscriptions);
        resumeOffsets = resumeOffsets == null ? Map.of() : Map.copyOf(resumeOffsets);
        inflight = inflight == null ? List.of() : List.copyOf(inflight);
        awaitingRelease = awaitingRelease == null ? List.of() : List.copyOf(awaitingRelease);
    }

    /** A subscription of the session: its filter and the QoS granted. */
    public record Subscription(String filter, int qos) {
    }

    /**
     * A downlink sent to the device and not yet completed: its packet id, where it is on {@code weft.down}, the QoS
     * it was sent with, and whether the device already received it (QoS 2: PUBREC came, PUBREL was sent).
     */
    public record Inflight(int packetId, int partition, long offset, int qos, boolean released) {
    }

    /** True if a reconnect at {@code now} may resume this session. */
    public boolean resumableAt(long now) {
        if (ended) {
            return false;
        }
        if (connected || expirySeconds == NEVER_EXPIRES) {
            return true;
        }
        return now < updatedAt + expirySeconds * 1000;
    }

    /** The same session, ended: what a clean start or an expiry writes. */
    public StoredSession end(long version, long now, String edgeId) {
        return new StoredSession(key, clientId, List.of(), 0, edgeId, false, true, version, now, Map.of(), List.of(),
                List.of());
    }
}
