package io.weft.controlplane.alert;

import io.weft.core.alert.Alert;
import io.weft.core.rule.Severity;

/** Which alerts a list shows (null: any) and which page of them, newest first. */
public record AlertFilter(Alert.State state, Severity severity, String productKey, String deviceName, int page,
                         int size) {
}
