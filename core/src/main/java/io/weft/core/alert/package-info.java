/**
 * Alerts as the alert job keeps them on {@code weft.alerts} ({@link io.weft.core.alert.Alert}), and the webhook
 * notifications it could not deliver ({@link io.weft.core.alert.NotificationFailure}). What raises, clears or
 * acknowledges an alert is an {@link io.weft.core.rule.AlertSignal} on {@code weft.alert-signals}.
 */
package io.weft.core.alert;
