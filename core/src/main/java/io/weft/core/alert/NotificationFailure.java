package io.weft.core.alert;

/**
 * A webhook notification of an alert change that failed on every attempt: what the alert job writes to
 * {@code weft.alert-dead-letters}, keyed by the alert's key, instead of dropping it. The control plane shows the
 * last failure on the alert.
 *
 * @param alert    the alert record that was to be notified
 * @param url      the webhook it was POSTed to
 * @param attempts how many calls were made
 * @param error    the last call's outcome: {@code HTTP <status>} or the I/O error
 * @param failedAt epoch ms of the last attempt
 */
public record NotificationFailure(Alert alert, String url, int attempts, String error, long failedAt) {
}
