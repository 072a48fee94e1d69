package io.weft.ingest.mqtt.limits;

import java.time.Duration;

/**
 * The per-address and per-device limits of an MQTT edge, shared by all its listeners. Every count may be 0, which
 * turns that limit off. Addresses are compared whole (an IPv6 client's /64 is not grouped).
 *
 * @param maxConnectionsPerIp    open connections one address may hold; the next is closed at once
 * @param connectsPerSecondPerIp new connections per second one address may open, on average (token bucket refill)
 * @param connectBurstPerIp      new connections one address may open at once (token bucket size); at least 1 when
 *                               the rate is on
 * @param authFailuresPerIp      failed authentications (any bad credentials) from one address within
 *                               {@code authFailureWindow} that lock the address out
 * @param authFailuresPerDevice  wrong signatures for one existing device, from any address, within
 *                               {@code authFailureWindow} that lock that device identity out
 * @param authFailureWindow      the window failures are counted in; it starts at the first failure
 * @param ipLockout              how long a locked-out address gets CONNACK 0x05 without its credentials being checked
 * @param deviceLockout          how long a locked-out device identity gets CONNACK 0x05 without its credentials being
 *                               checked; short, because anyone who knows a device's name can lock it out
 */
public record ConnectionLimits(int maxConnectionsPerIp, int connectsPerSecondPerIp, int connectBurstPerIp,
                               int authFailuresPerIp, int authFailuresPerDevice, Duration authFailureWindow,
                               Duration ipLockout, Duration deviceLockout) {

    public ConnectionLimits {
        if (maxConnectionsPerIp < 0 || connectsPerSecondPerIp < 0 || connectBurstPerIp < 0 || authFailuresPerIp < 0
                || authFailuresPerDevice < 0) {
            throw new IllegalArgumentException("limits are counts, 0 for none");
        }
        if (connectsPerSecondPerIp > 0 && connectBurstPerIp < 1) {
            throw new IllegalArgumentException("a connect rate needs a burst of at least 1");
        }
        if (authFailureWindow.isNegative() || ipLockout.isNegative() || deviceLockout.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }

    /**
     * 1,000 connections and 100 new connections per second (bursts of 200) per address; 20 failed authentications
     * per minute lock an address out for 5 minutes; 10 wrong signatures per minute lock a device out for 1 minute.
     */
    public static ConnectionLimits defaults() {
        return new ConnectionLimits(1000, 100, 200, 20, 10, Duration.ofMinutes(1), Duration.ofMinutes(5),
                Duration.ofMinutes(1));
    }

    /** No limit at all. */
    public static ConnectionLimits none() {
        return new ConnectionLimits(0, 0, 0, 0, 0, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }
}
