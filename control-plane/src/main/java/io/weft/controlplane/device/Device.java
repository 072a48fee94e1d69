package io.weft.controlplane.device;

import java.time.Instant;

/**
 * A stored device; the secret never leaves the service except once, in the registration answer. {@code online},
 * {@code lastOnlineAt} and {@code lastOfflineAt} (null until it happens) come from the edges' presence events.
 */
public record Device(String productKey, String deviceName, String deviceSecret, boolean enabled, Instant createdAt,
                     boolean online, Instant lastOnlineAt, Instant lastOfflineAt) {
}
