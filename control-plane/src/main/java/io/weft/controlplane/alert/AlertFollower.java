package io.weft.controlplane.alert;

import io.weft.controlplane.config.WeftProperties;
import io.weft.core.alert.Alert;
import io.weft.core.alert.NotificationFailure;
import io.weft.core.kafka.JsonSerde;
import io.weft.core.kafka.TopicFollower;
import io.weft.core.kafka.WeftTopics;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Follows {@code weft.alerts} and {@code weft.alert-dead-letters} from their beginning, reading committed records
 * only (the alert job writes both in transactions), and stores them in PostgreSQL on the followers' threads: alerts
 * upserted by id and revision ({@link AlertRepository#upsert}), so replaying the topics on every start, or several
 * replicas following them, changes nothing twice; failed notifications on their alert. Requests waiting for a change
 * ({@link AlertWaiters}) are told once it is stored.
 */
@Component
public class AlertFollower implements DisposableBean {
    private final AlertRepository alerts;
    private final AlertWaiters waiters;
    private final TopicFollower<Alert> alertFollower;
    private final TopicFollower<NotificationFailure> deadLetterFollower;

    public AlertFollower(AlertRepository alerts, AlertWaiters waiters, WeftProperties properties) {
        this.alerts = alerts;
        this.waiters = waiters;
        WeftTopics topics = new WeftTopics(properties.topicPrefix());
        this.alertFollower = new TopicFollower<>(properties.kafkaBootstrapServers(), topics.alerts(),
                "weft-control-plane-alerts", JsonSerde.deserializer(Alert.class), TopicFollower.Start.BEGINNING,
                true, record -> store(record.value())).start();
        this.deadLetterFollower = new TopicFollower<>(properties.kafkaBootstrapServers(), topics.alertDeadLetters(),
                "weft-control-plane-alert-dead-letters", JsonSerde.deserializer(NotificationFailure.class),
                TopicFollower.Start.BEGINNING, true, record -> {
                    if (record.value() != null && record.value().alert() != null) {
                        alerts.notificationFailed(record.value());
                    }
                }).start();
    }

    private void store(Alert alert) {
        if (alert == null || alert.id() == null || alert.state() == null) {
            return;
        }
        alerts.upsert(alert);
        waiters.stored(alert);
    }

    @Override
    public void destroy() throws InterruptedException {
        alertFollower.close();
        deadLetterFollower.close();
    }
}
