package io.weft.controlplane.alert;

import io.weft.core.alert.Alert;
import io.weft.core.alert.NotificationFailure;
import io.weft.core.json.Json;
import io.weft.core.kafka.JsonSerde;
import io.weft.core.kafka.TopicFollower;
import io.weft.core.kafka.WeftTopics;
import io.weft.core.rule.AlertSignal;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plays the alert job on the real Kafka: writes alert records to {@code weft.alerts} and dead letters to
 * {@code weft.alert-dead-letters} as the job does (same records, keyed by alert key), and answers the operators'
 * signals it reads on {@code weft.alert-signals} with the next revision of the alert they name, unless the alert's
 * device name starts with {@code silent} (a job that is not running). Every signal read is kept for assertions.
 */
final class AlertJobStandIn implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final TopicFollower<AlertSignal> follower;
    private final Map<String, Alert> latestById = new ConcurrentHashMap<>();
    private final BlockingQueue<AlertSignal> signals = new LinkedBlockingQueue<>();

    AlertJobStandIn(String bootstrapServers) throws InterruptedException {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        follower = new TopicFollower<>(bootstrapServers, WeftTopics.DEFAULT.alertSignals(), "weft-it-alert-job",
                JsonSerde.deserializer(AlertSignal.class), TopicFollower.Start.END, r -> answer(r.value())).start();
        if (!follower.awaitReady(Duration.ofSeconds(30))) {
            throw new IllegalStateException("weft.alert-signals not assigned");
        }
    }

    /** Writes a record as the alert job would, and remembers it as the alert's latest. */
    void publish(Alert alert) throws ExecutionException, InterruptedException {
        latestById.merge(alert.id(), alert, (old, now) -> now.revision() > old.revision() ? now : old);
        producer.send(new ProducerRecord<>(WeftTopics.DEFAULT.alerts(), alert.key(), Json.write(alert))).get();
    }

    void deadLetter(NotificationFailure failure) throws ExecutionException, InterruptedException {
        producer.send(new ProducerRecord<>(WeftTopics.DEFAULT.alertDeadLetters(), failure.alert().key(),
                Json.write(failure))).get();
    }

    /** The next signal read for {@code key}, skipping others'; fails after 20 s. */
    AlertSignal nextSignal(String key) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            AlertSignal s = signals.poll(200, TimeUnit.MILLISECONDS);
            if (s != null && s.key().equals(key)) {
                return s;
            }
        }
        throw new AssertionError("no signal for " + key + " within 20 s");
    }

    private void answer(AlertSignal signal) {
        signals.add(signal);
        String id = Json.tree(signal.details()).path("alertId").asString();
        Alert a = latestById.get(id);
        if (a == null || a.deviceName() == null || a.deviceName().startsWith("silent")) {
            return;
        }
        long now = System.currentTimeMillis();
        Alert next;
        if (signal.action() == AlertSignal.Action.ACKNOWLEDGE) {
            next = new Alert(a.id(), a.key(), a.name(), a.severity(), Alert.State.ACKNOWLEDGED, a.flapping(),
                    a.count(), a.firstRaisedAt(), a.lastRaisedAt(), a.lastEventTime(), now, signal.source(), null,
                    null, a.source(), a.productKey(), a.deviceName(), a.details(), a.revision() + 1,
                    Alert.Change.ACKNOWLEDGED, now);
        } else if (signal.action() == AlertSignal.Action.CLEAR) {
            next = new Alert(a.id(), a.key(), a.name(), a.severity(), Alert.State.CLEARED, false, a.count(),
                    a.firstRaisedAt(), a.lastRaisedAt(), a.lastEventTime(), a.acknowledgedAt(), a.acknowledgedBy(),
                    now, signal.source(), a.source(), a.productKey(), a.deviceName(), a.details(), a.revision() + 1,
                    Alert.Change.CLEARED, now);
        } else {
            return;
        }
        try {
            publish(next);
        } catch (ExecutionException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        follower.close();
        producer.close();
    }
}
