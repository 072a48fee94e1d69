package io.weft.ingest.mqtt.limits;

import io.netty.channel.Channel;
import io.weft.core.auth.DeviceIdentity;
import io.weft.core.auth.MqttConnectVerifier;
import io.weft.ingest.auth.AuthResult;
import io.weft.ingest.mqtt.Refusal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The limits every listener of one edge shares (see {@link ConnectionLimits}): at a new connection, connect rate
 * then open connections per address ({@link #admit}); at CONNECT, the brute-force lockouts per address and per
 * claimed device identity ({@link #lockedOut}, then {@link #authenticated} with the outcome). A connection whose
 * remote address is not an IP address (in-memory channels) is never limited.
 */
public final class EdgeLimits {
    /** Outcomes that count against the address: the credentials were wrong, whatever device they named. */
    private static final Set<AuthResult.Outcome> ADDRESS_FAILURES = Set.of(AuthResult.Outcome.MALFORMED_USERNAME,
            AuthResult.Outcome.UNKNOWN_DEVICE, AuthResult.Outcome.BAD_SIGNATURE,
            AuthResult.Outcome.UNSUPPORTED_SIGN_METHOD, AuthResult.Outcome.UNNAMED_CERTIFICATE,
            AuthResult.Outcome.CERTIFICATE_MISMATCH, AuthResult.Outcome.BAD_PASSWORD);

    private final ConnectionCount connections;
    private final ConnectRate rate;
    private final FailureLockout<InetAddress> addresses;
    private final FailureLockout<DeviceIdentity> devices;

    /** @param nanoTime the clock, {@code System::nanoTime} outside tests */
    public EdgeLimits(ConnectionLimits limits, LongSupplier nanoTime) {
        connections = new ConnectionCount(limits.maxConnectionsPerIp());
        rate = new ConnectRate(limits.connectsPerSecondPerIp(), limits.connectBurstPerIp(), nanoTime);
        addresses = new FailureLockout<>(limits.authFailuresPerIp(), limits.authFailureWindow(), limits.ipLockout(),
                nanoTime);
        devices = new FailureLockout<>(limits.authFailuresPerDevice(), limits.authFailureWindow(),
                limits.deviceLockout(), nanoTime);
    }

    public static EdgeLimits of(ConnectionLimits limits) {
        return new EdgeLimits(limits, System::nanoTime);
    }

    /**
     * Admits a new connection from {@code address} and counts it as open (until {@link #closed}), or returns why
     * not.
     */
    public Refusal admit(InetAddress address) {
        if (!rate.tryConnect(address)) {
            return Refusal.CONNECT_RATE_EXCEEDED;
        }
        if (!connections.tryOpen(address)) {
            return Refusal.TOO_MANY_CONNECTIONS;
        }
        return null;
    }

    /** A connection {@link #admit} admitted has closed. */
    public void closed(InetAddress address) {
        connections.close(address);
    }

    /**
     * Why a CONNECT on {@code channel} claiming {@code username} is refused before its credentials are checked,
     * or null if they are to be checked.
     */
    public Refusal lockedOut(Channel channel, String username) {
        if (addresses.lockedOut(addressOf(channel))) {
            return Refusal.AUTH_LOCKED_OUT_ADDRESS;
        }
        if (devices.lockedOut(MqttConnectVerifier.claimedIdentity(username).orElse(null))) {
            return Refusal.AUTH_LOCKED_OUT_DEVICE;
        }
        return null;
    }

    /**
     * Counts a failed authentication on {@code channel} against its address, and a wrong signature against the
     * device it named; a success counts nothing (and does not reset the counts).
     */
    public void authenticated(Channel channel, AuthResult result) {
        if (!ADDRESS_FAILURES.contains(result.outcome())) {
            return;
        }
        addresses.fail(addressOf(channel));
        if (result.outcome() == AuthResult.Outcome.BAD_SIGNATURE) {
            devices.fail(result.identity());
        }
    }

    /** The IP address of the channel's peer; null if it is not an IP connection. */
    public static InetAddress addressOf(Channel channel) {
        return channel.remoteAddress() instanceof InetSocketAddress ip ? ip.getAddress() : null;
    }

    /** Forgets idle addresses and devices now rather than in passing; for tests and metrics. */
    void expireIdle() {
        rate.expireIdle();
        addresses.expireIdle();
        devices.expireIdle();
    }

    /** Entries in memory: addresses with open connections, connect buckets, and failure windows or lockouts. */
    int entries() {
        return connections.addresses() + rate.addresses() + addresses.keys() + devices.keys();
    }
}
