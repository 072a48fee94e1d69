package io.weft.core.envelope;

/**
 * An edge is alive: what every edge writes to {@code weft.events} a few times per lease, keyed {@link #key}. A
 * reader that hears nothing from an edge for {@code leaseMs} takes the sessions it holds as ended (the edge crashed
 * or was cut off); a heartbeat with a later {@code startedAt} says the edge restarted, so the sessions it accepted
 * before that start ended with the old run.
 *
 * @param edge      the edge's name (the {@code edge} of its presence events)
 * @param startedAt epoch ms when this run of the edge started
 * @param time      the edge's clock when it wrote this, epoch ms
 * @param leaseMs   how long after this heartbeat the edge counts as alive without another one
 */
public record EdgeHeartbeat(String edge, long startedAt, long time, long leaseMs) {
    /** Keys of heartbeats on {@code weft.events} start with this; presence events are keyed {@code pk/dn}. */
    public static final String KEY_PREFIX = "edge/";

    public String key() {
        return KEY_PREFIX + edge;
    }
}
