package io.weft.flinkjobs.alerts;

import io.weft.core.alert.Alert;
import io.weft.core.alert.NotificationFailure;
import io.weft.core.envelope.Presence;
import io.weft.core.rule.AlertSignal;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The alert job's logic, independent of where its inputs come from and its outputs go: presence events keyed by
 * device feed the {@link OfflineDetector}, whose signals join the incoming ones; all signals, keyed by alert key,
 * go through the {@link AlertKeeper} (with the job's earlier alert records, to restore lost state); the changes
 * that are notified go to the {@link WebhookNotifier}, whose failures are the dead letters.
 */
public final class Alerts {
    private static final int NOTIFICATIONS_IN_FLIGHT = 100;

    private Alerts() {
    }

    public static AlertOutputs wire(DataStream<AlertSignal> signals, DataStream<Presence> presence,
                                    DataStream<Alert> earlierAlerts, OfflinePolicy offline, FlapPolicy flap,
                                    WebhookPolicy webhooks) {
        DataStream<AlertSignal> offlineSignals = presence
                .keyBy(p -> p.productKey() + "/" + p.deviceName())
                .process(new OfflineDetector(offline))
                .name("offline detector").uid("offline-detector");
        SingleOutputStreamOperator<Alert> alerts = signals.union(offlineSignals)
                .keyBy(AlertSignal::key)
                .connect(earlierAlerts.keyBy(Alert::key))
                .process(new AlertKeeper(flap))
                .name("alerts: dedup, flaps").uid("alert-keeper");
        DataStream<NotificationFailure> deadLetters = AsyncDataStream.unorderedWait(
                        alerts.filter(a -> !webhooks.urls().isEmpty() && WebhookNotifier.notifies(a, webhooks))
                                .name("notified changes").uid("notified-changes"),
                        new WebhookNotifier(webhooks), webhooks.worstCaseMs() + 5_000, TimeUnit.MILLISECONDS,
                        NOTIFICATIONS_IN_FLIGHT)
                .name("webhooks").uid("webhooks");
        return new AlertOutputs(alerts, deadLetters);
    }
}
