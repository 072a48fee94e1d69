package io.weft.flinkjobs.alerts;

import io.weft.core.alert.Alert;
import io.weft.core.alert.NotificationFailure;
import org.apache.flink.streaming.api.datastream.DataStream;

/** What the alert logic produces: every alert change, and the notifications that failed on every attempt. */
public record AlertOutputs(DataStream<Alert> alerts, DataStream<NotificationFailure> deadLetters) {
}
