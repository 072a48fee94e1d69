package io.weft.ingest.mqtt.session;

/**
 * Limits of what MQTT sessions keep beyond a connection.
 *
 * @param expirySeconds how long a persistent session (clean session 0) outlives its connection; MQTT 3.1.1 has no
 *                      way for the client to say, so the edge decides (EMQX's default is the same 2 hours)
 * @param maxQueued     the most downlinks kept for a disconnected persistent session; beyond it the oldest are
 *                      dropped and counted
 * @param maxRetained   the most topics with a retained message, across all devices
 */
public record SessionPolicy(long expirySeconds, int maxQueued, int maxRetained) {

    public SessionPolicy {
        if (expirySeconds < 0 || maxQueued < 1 || maxRetained < 0) {
            throw new IllegalArgumentException("session expiry must be >= 0, queue >= 1, retained >= 0");
        }
    }

    public static SessionPolicy defaults() {
        return new SessionPolicy(7200, 1000, 100_000);
    }
}
