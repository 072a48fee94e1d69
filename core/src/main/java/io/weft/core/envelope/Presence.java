package io.weft.core.envelope;

import io.weft.core.auth.DeviceIdentity;

/**
 * A device's session began or ended: what an edge writes to {@code weft.events}, keyed {@code pk/dn}. ONLINE is
 * written once the edge has sent CONNACK 0; OFFLINE when that connection ends for any reason ({@code reason}
 * names it, e.g. {@code CLIENT_DISCONNECT}, {@code KEEPALIVE_TIMEOUT}, {@code SESSION_TAKEN_OVER},
 * {@code DEVICE_DISABLED_WHILE_CONNECTED}, {@code DEVICE_DELETED}, {@code EDGE_SHUTDOWN}, {@code CONNECTION_LOST};
 * null for ONLINE). {@code time} is the edge's clock in epoch ms; {@code clientIp} may be null.
 *
 * <p><b>The session epoch orders the sessions of one device</b>, across edges and restarts: it is the platform
 * message id ({@link MessageIds}) the edge drew when it accepted the CONNECT, so its high bits are that
 * millisecond. On one edge a later session always has a larger epoch (message ids never go backwards within a
 * node); across edges, a session accepted at least one clock-skew later has a larger epoch, and two sessions in
 * the same millisecond are told apart by node id. Both events of one session carry the same epoch. A reader keeps
 * per device the state of the event that {@link #supersedes} all others: a late OFFLINE of an old session never
 * overrides the ONLINE of a newer one, whatever order the events arrive in.
 */
public record Presence(String productKey, String deviceName, State state, long sessionEpoch, String edge,
                       String clientIp, long time, String reason) {

    /** Whether the device's session is up. */
    public enum State { ONLINE, OFFLINE }

    public static Presence online(DeviceIdentity device, long sessionEpoch, String edge, String clientIp, long time) {
        return new Presence(device.productKey(), device.deviceName(), State.ONLINE, sessionEpoch, edge, clientIp,
                time, null);
    }

    public static Presence offline(DeviceIdentity device, long sessionEpoch, String edge, String clientIp, long time,
                                   String reason) {
        return new Presence(device.productKey(), device.deviceName(), State.OFFLINE, sessionEpoch, edge, clientIp,
                time, reason);
    }

    public DeviceIdentity device() {
        return new DeviceIdentity(productKey, deviceName);
    }

    /**
     * The ordering rule: this event replaces a device's stored state (from the event with {@code storedEpoch};
     * {@code storedOnline} its state) if it belongs to a newer session, or if it ends the stored session (an
     * OFFLINE with the stored ONLINE's epoch). An event of an older session, or a repeat, changes nothing. A device
     * never seen has epoch 0 and is offline.
     */
    public boolean supersedes(long storedEpoch, boolean storedOnline) {
        if (sessionEpoch != storedEpoch) {
            return sessionEpoch > storedEpoch;
        }
        return state == State.OFFLINE && storedOnline;
    }
}
