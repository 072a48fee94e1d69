package io.weft.controlplane.rrpc;

/** Alibaba's RRPC result codes, as its {@code RRpc} API returns them in {@code RrpcCode}. */
public enum RrpcCode {
    /** The device answered. */
    SUCCESS,
    /** The device is online but did not answer in time. */
    TIMEOUT,
    /** No edge holds a session for the device. */
    OFFLINE,
    /** Weft could not tell: the request could not be sent (Kafka unavailable). */
    UNKNOWN
}
