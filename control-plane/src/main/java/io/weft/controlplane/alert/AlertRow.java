package io.weft.controlplane.alert;

import io.weft.core.alert.Alert;
import io.weft.core.rule.Severity;
import java.time.Instant;

/** One stored alert: the alert job's latest record of it, and its last failed notification (null if none). */
public record AlertRow(Alert alert, Instant notificationFailedAt, String notificationUrl, String notificationError) {

    public String id() {
        return alert.id();
    }

    public Alert.State state() {
        return alert.state();
    }

    public Severity severity() {
        return alert.severity();
    }
}
