package io.weft.ingest.mqtt.limits;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Open connections per address. An address is only in memory while it has a connection open, so memory is bounded
 * by the connections themselves.
 */
final class ConnectionCount {
    private final int max;
    private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();

    /** @param max connections per address, 0 for no limit (then nothing is tracked) */
    ConnectionCount(int max) {
        this.max = max;
    }

    /** Counts one more connection from {@code address}, or returns false (counting nothing) if it has the maximum. */
    boolean tryOpen(InetAddress address) {
        if (max == 0) {
            return true;
        }
        boolean[] opened = {false};
        open.compute(address, (a, n) -> {
            int count = n == null ? 0 : n;
            if (count >= max) {
                return n;
            }
            opened[0] = true;
            return count + 1;
        });
        return opened[0];
    }

    /** Forgets one connection {@link #tryOpen} counted. */
    void close(InetAddress address) {
        if (max == 0) {
            return;
        }
        open.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
    }

    int openFrom(InetAddress address) {
        return open.getOrDefault(address, 0);
    }

    /** How many addresses are in memory. */
    int addresses() {
        return open.size();
    }
}
