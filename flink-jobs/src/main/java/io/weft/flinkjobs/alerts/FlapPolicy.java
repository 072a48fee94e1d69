package io.weft.flinkjobs.alerts;

import java.io.Serializable;

/**
 * When an alert key flaps: it has been cleared {@code threshold} times within the last {@code windowMs} (the alert
 * job's clock) and is raised again. That raise opens an alert marked flapping (notified once, as flapping); while it
 * flaps, clears are held (the alert stays open) and nothing is notified. The key is stable again once no raise has
 * followed a clear, and no clear a raise, for {@code windowMs}: the alert then either clears (the last signal was a
 * clear) or stays open, no longer flapping (the last signal was a raise); either is notified.
 */
public record FlapPolicy(int threshold, long windowMs) implements Serializable {
    public FlapPolicy {
        if (threshold < 1 || windowMs < 1) {
            throw new IllegalArgumentException("flap threshold and window must be positive");
        }
    }
}
