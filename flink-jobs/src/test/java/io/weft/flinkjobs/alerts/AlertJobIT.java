package io.weft.flinkjobs.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.core.alert.Alert;
import io.weft.core.alert.Alert.Change;
import io.weft.core.alert.Alert.State;
import io.weft.core.alert.NotificationFailure;
import io.weft.core.auth.DeviceIdentity;
import io.weft.core.envelope.EdgeHeartbeat;
import io.weft.core.envelope.MessageIds;
import io.weft.core.envelope.Presence;
import io.weft.core.json.Json;
import io.weft.core.kafka.TopicSetup;
import io.weft.core.kafka.WeftTopics;
import io.weft.core.rule.AlertSignal;
import io.weft.core.rule.AlertSignal.Action;
import io.weft.core.rule.Severity;
import io.weft.flinkjobs.testing.TestKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;

import org.apache.kafka.clients.producer.ProducerRecord;


import org.apache.kafka.common.test.KafkaClusterTestKit;

import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The alert job as {@code main} wires it ({@link AlertJob#build}), on a Flink MiniCluster against a real Kafka
 * broker and a real HTTP server for its webhooks ({@link WebhookReceiver}: one that fails each notification's first
 * two calls, one that always fails). Offline after 2 s, flapping at the third opening within 4 s, 3 webhook attempts.
 * One broker and one running job are shared by the class; every test uses product keys of its own.
 */
class AlertJobIT {
    private static final WeftTopics TOPICS = WeftTopics.DEFAULT;
    private static final long OFFLINE_AFTER_MS = 2_000;
    private static final long FLAP_WINDOW_MS = 4_000;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final MessageIds EPOCHS = new MessageIds(9);

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(1)
            // A failure must fail the test, not restart the job quietly until Awaitility gives up.
            .setConfiguration(new Configuration().set(RestartStrategyOptions.RESTART_STRATEGY, "none"))
            .build());

    private static KafkaClusterTestKit kafka;
    private static KafkaProducer<String, byte[]> producer;
    private static WebhookReceiver webhooks;
    private static JobClient job;

    private KeyedTail<Alert> alerts;
    private KeyedTail<NotificationFailure> deadLetters;

    @BeforeAll
    static void startPlatform(@InjectMiniCluster MiniCluster flink) throws Exception {
        kafka = TestKafka.start();
        TopicSetup.ensure(kafka.bootstrapServers(), TOPICS, 2, (short) 1);

        producer = TestKafka.producer(kafka.bootstrapServers());
        webhooks = new WebhookReceiver(2);

        StreamExecutionEnvironment env = new TestStreamEnvironment(flink, 1);
        AlertJob.build(env, AlertArgs.parse(new String[] {
                "--bootstrap-servers", kafka.bootstrapServers(),
                "--checkpoint-interval-ms", "300",
                "--group-id", "it-" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36),
                "--offline-after-ms", Long.toString(OFFLINE_AFTER_MS),
                "--flap-threshold", "2",
                "--flap-window-ms", Long.toString(FLAP_WINDOW_MS),
                "--webhooks", webhooks.flakyUrl() + "," + webhooks.brokenUrl(),
                "--webhook-attempts", "3",
                "--webhook-backoff-ms", "50",
                "--webhook-timeout-ms", "2000"}));
        job = env.executeAsync(AlertJob.NAME);
    }

    @AfterAll
    static void stopPlatform() throws Exception {
        try {
            if (job != null && !job.getJobStatus().get().isGloballyTerminalState()) {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
        } finally {
            if (webhooks != null) {
                webhooks.close();
            }
            if (producer != null) {
                producer.close();
            }
            if (kafka != null) {
                kafka.close();
            }
        }
    }

    @BeforeEach
    void tailOutputs() {
        alerts = new KeyedTail<>(kafka.bootstrapServers(), TOPICS.alerts(), Alert.class);
        deadLetters = new KeyedTail<>(kafka.bootstrapServers(), TOPICS.alertDeadLetters(), NotificationFailure.class);
    }

    @AfterEach
    void closeTails() {
        alerts.close();
        deadLetters.close();
    }

    /** Verifies dedup: three raises of one key while it is open are one alert, counted three times, opened once. */
    @Test
    void raisedThreeTimes_isOneOpenAlertCountingThree() throws Exception {
        String pk = newProductKey("dup");
        signal(pk, "dev-1", Action.RAISE, "rule:r1", Severity.MINOR);
        signal(pk, "dev-1", Action.RAISE, "rule:r1", Severity.MINOR);
        signal(pk, "dev-1", Action.RAISE, "rule:r1", Severity.CRITICAL);
        String key = "overheat/" + pk + "/dev-1";

        List<Alert> records = eventually().until(() -> alerts.records(key), r -> r.size() >= 3);

        assertThat(records).extracting(Alert::id).containsOnly(records.get(0).id());
        assertThat(records).extracting(Alert::change)
                .containsExactly(Change.OPENED, Change.REPEATED, Change.REPEATED);
        Alert last = records.get(2);
        assertThat(last.state()).isEqualTo(State.OPEN);
        assertThat(last.count()).isEqualTo(3);
        assertThat(last.revision()).isEqualTo(3);
        assertThat(last.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(last.source()).isEqualTo("rule:r1");
        assertThat(alerts.drained(key)).hasSize(3);
    }

    /**
     * Verifies acknowledge and clear: the acknowledged alert still absorbs raises, a clear closes it, and the next
     * raise of the key opens a new alert with a new id.
     */
    @Test
    void acknowledgedThenCleared_andRaisedAgain_opensANewAlert() throws Exception {
        String pk = newProductKey("ack");
        String key = "overheat/" + pk + "/dev-2";
        signal(pk, "dev-2", Action.RAISE, "rule:r1", Severity.MAJOR);
        signal(pk, "dev-2", Action.ACKNOWLEDGE, "operator:alice", Severity.MAJOR);
        signal(pk, "dev-2", Action.RAISE, "rule:r1", Severity.MAJOR);
        signal(pk, "dev-2", Action.CLEAR, "rule:r1", Severity.MAJOR);
        signal(pk, "dev-2", Action.RAISE, "rule:r1", Severity.MAJOR);

        List<Alert> records = eventually().until(() -> alerts.records(key), r -> r.size() >= 5);

        assertThat(records).extracting(Alert::change).containsExactly(Change.OPENED, Change.ACKNOWLEDGED,
                Change.REPEATED, Change.CLEARED, Change.OPENED);
        assertThat(records).extracting(Alert::state).containsExactly(State.OPEN, State.ACKNOWLEDGED,
                State.ACKNOWLEDGED, State.CLEARED, State.OPEN);
        assertThat(records.get(1).acknowledgedBy()).isEqualTo("operator:alice");
        assertThat(records.get(3).clearedBy()).isEqualTo("rule:r1");
        assertThat(records.get(3).count()).isEqualTo(2);
        assertThat(records.get(4).id()).isNotEqualTo(records.get(0).id());
        assertThat(records.subList(0, 4)).extracting(Alert::id).containsOnly(records.get(0).id());
    }

    /**
     * Verifies flap suppression: the third opening within the window is a flapping alert; its clear is held (no new
     * alert, nothing notified) until the key has been quiet for the window, then it clears, and that is notified.
     * Webhooks hear exactly the two full cycles, the flapping opening and the final clear.
     */
    @Test
    void flappingKey_isHeldOpen_notRenotified_andClearsOnceStable() throws Exception {
        String pk = newProductKey("flap");
        String key = "overheat/" + pk + "/dev-3";
        for (int i = 0; i < 2; i++) {
            signal(pk, "dev-3", Action.RAISE, "rule:r1", Severity.MAJOR);
            signal(pk, "dev-3", Action.CLEAR, "rule:r1", Severity.MAJOR);
        }
        signal(pk, "dev-3", Action.RAISE, "rule:r1", Severity.MAJOR);
        signal(pk, "dev-3", Action.CLEAR, "rule:r1", Severity.MAJOR);

        List<Alert> held = eventually().until(() -> alerts.records(key), r -> r.size() >= 6);
        assertThat(held).extracting(Alert::change).containsExactly(Change.OPENED, Change.CLEARED, Change.OPENED,
                Change.CLEARED, Change.OPENED, Change.CLEAR_HELD);
        Alert flapping = held.get(4);
        assertThat(flapping.flapping()).isTrue();
        assertThat(held.get(5).state()).as("the clear is held").isEqualTo(State.OPEN);

        Alert settled = eventually().until(() -> alerts.records(key), r -> r.size() >= 7).get(6);
        assertThat(settled.id()).isEqualTo(flapping.id());
        assertThat(settled.change()).isEqualTo(Change.CLEARED);
        assertThat(settled.flapping()).isFalse();
        assertThat(settled.clearedAt() - held.get(5).updatedAt()).isGreaterThanOrEqualTo(FLAP_WINDOW_MS);

        List<Alert> notified = eventually().until(() -> webhooks.accepted(key), n -> n.size() >= 6);
        assertThat(notified).extracting(Alert::change).containsExactlyInAnyOrder(Change.OPENED, Change.CLEARED,
                Change.OPENED, Change.CLEARED, Change.OPENED, Change.CLEARED);
        assertThat(notified).filteredOn(Alert::flapping).singleElement().extracting(Alert::id)
                .isEqualTo(flapping.id());
    }

    /**
     * Verifies offline detection: a device offline for longer than N raises device-offline (no earlier than N after
     * its OFFLINE was written), with why it went offline; its next session's ONLINE clears the alert.
     */
    @Test
    void offlineLongerThanN_raisesDeviceOffline_andReconnectClearsIt() throws Exception {
        String pk = newProductKey("off");
        DeviceIdentity lamp = new DeviceIdentity(pk, "lamp-1");
        long first = EPOCHS.next();
        presence(Presence.online(lamp, first, "edge-1", "10.0.0.1", System.currentTimeMillis()), null);
        long offlineSent = System.currentTimeMillis();
        presence(Presence.offline(lamp, first, "edge-1", "10.0.0.1", offlineSent, "KEEPALIVE_TIMEOUT"), null);
        String key = "device-offline/" + pk + "/lamp-1";

        Alert raised = eventually().until(() -> alerts.records(key), r -> !r.isEmpty()).get(0);
        assertThat(raised.change()).isEqualTo(Change.OPENED);
        assertThat(raised.name()).isEqualTo("device-offline");
        assertThat(raised.source()).isEqualTo("offline");
        assertThat(raised.severity()).isEqualTo(Severity.MAJOR);
        assertThat(raised.firstRaisedAt() - offlineSent).isGreaterThanOrEqualTo(OFFLINE_AFTER_MS);
        assertThat(Json.tree(raised.details()).get("reason").asString()).isEqualTo("KEEPALIVE_TIMEOUT");
        assertThat(raised.lastEventTime()).isEqualTo(offlineSent);

        presence(Presence.online(lamp, EPOCHS.next(), "edge-2", "10.0.0.1", System.currentTimeMillis()), null);

        Alert cleared = eventually().until(() -> alerts.records(key), r -> r.size() >= 2).get(1);
        assertThat(cleared.id()).isEqualTo(raised.id());
        assertThat(cleared.state()).isEqualTo(State.CLEARED);
        assertThat(cleared.clearedBy()).isEqualTo("offline");
    }

    /**
     * Verifies that a reconnect within N cancels the countdown, and that a late OFFLINE of the old session after the
     * new session's ONLINE starts none: a device that went offline after them (on the same partition, so its
     * countdown started later and ends later) gets its alert, and by then the first device has none. Edges'
     * heartbeats on the same topic are not presence events.
     */
    @Test
    void reconnectWithinN_orLateOfflineOfAnOldSession_raisesNothing() throws Exception {
        String pk = newProductKey("blip");
        DeviceIdentity blip = new DeviceIdentity(pk, "blip-1");
        DeviceIdentity late = new DeviceIdentity(pk, "late-1");
        DeviceIdentity marker = new DeviceIdentity(pk, "marker-1");
        long now = System.currentTimeMillis();
        long s1 = EPOCHS.next();
        long s2 = EPOCHS.next();
        presence(Presence.online(blip, s1, "edge-1", null, now), 0);
        presence(Presence.offline(blip, s1, "edge-1", null, now, "CONNECTION_LOST"), 0);
        presence(Presence.online(blip, s2, "edge-1", null, now), 0);
        presence(Presence.online(late, s2, "edge-2", null, now), 0);
        presence(Presence.offline(late, s1, "edge-1", null, now, "SESSION_TAKEN_OVER"), 0);
        producer.send(new ProducerRecord<>(TOPICS.events(), 0, new EdgeHeartbeat("edge-1", now, now, 10_000).key(),
                Json.write(new EdgeHeartbeat("edge-1", now, now, 10_000)))).get();
        presence(Presence.offline(marker, EPOCHS.next(), "edge-1", null, now, "CLIENT_DISCONNECT"), 0);

        eventually().until(() -> alerts.records("device-offline/" + pk + "/marker-1"), r -> !r.isEmpty());

        assertThat(alerts.drained("device-offline/" + pk + "/blip-1")).isEmpty();
        assertThat(alerts.drained("device-offline/" + pk + "/late-1")).isEmpty();
    }

    /**
     * Verifies webhook delivery: a receiver that fails the first two calls gets the opening on the third, with the
     * alert as JSON; a receiver that always fails is called three times and then the notification is a dead letter
     * on weft.alert-dead-letters with the last error, never dropped.
     */
    @Test
    void opening_isRetriedUntilDelivered_andAfterTheLastAttemptIsADeadLetter() throws Exception {
        String pk = newProductKey("hook");
        String key = "overheat/" + pk + "/dev-4";
        signal(pk, "dev-4", Action.RAISE, "rule:r1", Severity.WARNING);

        Alert opened = eventually().until(() -> alerts.records(key), r -> !r.isEmpty()).get(0);
        Alert delivered = eventually().until(() -> webhooks.accepted(key), n -> !n.isEmpty()).get(0);
        assertThat(delivered).isEqualTo(opened);
        assertThat(webhooks.flakyCalls(opened)).isEqualTo(3);

        NotificationFailure dead = eventually().until(() -> deadLetters.records(key), d -> !d.isEmpty()).get(0);
        assertThat(dead.alert()).isEqualTo(opened);
        assertThat(dead.url()).isEqualTo(webhooks.brokenUrl());
        assertThat(dead.attempts()).isEqualTo(3);
        assertThat(dead.error()).isEqualTo("HTTP 500");
        assertThat(webhooks.brokenCalls(opened)).isEqualTo(3);
        assertThat(deadLetters.drained(key)).as("the flaky receiver's delivery is no dead letter").hasSize(1);
    }

    private static ConditionFactory eventually() {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .failFast("the alert job stopped", AlertJobIT::jobStopped);
    }

    private static boolean jobStopped() throws Exception {
        JobStatus status = job.getJobStatus().get();
        if (status.isGloballyTerminalState()) {
            try {
                job.getJobExecutionResult().get();
            } catch (Exception e) {
                throw new AssertionError("the alert job is " + status, e);
            }
            return true;
        }
        return false;
    }

    private static String newProductKey(String tag) {
        return "it" + tag + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 45), 36);
    }

    private static void signal(String pk, String dn, Action action, String source, Severity severity)
            throws Exception {
        AlertSignal signal = new AlertSignal("overheat", severity, action, source, pk, dn,
                Json.writeString(Map.of("temperature", 41.5)), System.currentTimeMillis());
        producer.send(new ProducerRecord<>(TOPICS.alertSignals(), signal.key(), Json.write(signal))).get();
    }

    private static void presence(Presence event, Integer partition) throws Exception {
        producer.send(new ProducerRecord<>(TOPICS.events(), partition, event.productKey() + "/" + event.deviceName(),
                Json.write(event))).get();
    }
}
