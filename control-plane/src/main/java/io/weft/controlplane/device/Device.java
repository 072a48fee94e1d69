package io.weft.controlplane.device;

import java.time.Instant;

/** A stored device; the secret never leaves the service except once, in the registration answer. */
public record Device(String productKey, String deviceName, String deviceSecret, boolean enabled, Instant createdAt) {
}
