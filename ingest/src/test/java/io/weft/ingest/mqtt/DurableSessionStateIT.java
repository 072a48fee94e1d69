package io.weft.ingest.mqtt;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.weft.core.kafka.TopicSetup;
import io.weft.core.kafka.WeftTopics;
import io.weft.ingest.mqtt.retained.RetainedMessage;
import io.weft.ingest.mqtt.retained.RetainedStore;
import io.weft.ingest.mqtt.session.OfflineReplay;
import io.weft.ingest.mqtt.session.PositionedDownlink;
import io.weft.ingest.mqtt.session.SessionStore;
import io.weft.ingest.mqtt.session.StoredSession;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Verifies, on a real Kafka broker, the state that lets MQTT sessions outlive an edge: persistent sessions on
 * {@code weft.sessions}, retained messages on {@code weft.retained} (both read back by a new edge from the compacted
 * topics), and the offline queue replayed from {@code weft.down}.
 */
class DurableSessionStateIT {
    private static final Duration READY = Duration.ofSeconds(30);
    private static KafkaFixture kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = KafkaFixture.start();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    private static StoredSession session(String key, long version, long updatedAt, boolean connected, long expiry) {
        return new StoredSession(key, key + "-client", List.of(new StoredSession.Subscription("/" + key + "/user/get", 1)),
                expiry, "edge-a", connected, false, version, updatedAt, Map.of(1, 42L),
                List.of(new StoredSession.Inflight(7, 1, 40L, 2, true)), List.of(3, 4));
    }

    @Test
    void sessionStore_whenANewEdgeStarts_thenItKnowsEverySavedSessionAsWritten() throws Exception {
        long now = System.currentTimeMillis();
        StoredSession saved = session("pk1/restart", 1, now, false, 3600);
        try (SessionStore first = new SessionStore(kafka.bootstrapServers(), KafkaFixture.TOPICS.sessions(), "a")
                .start()) {
            assertThat(first.awaitReady(READY)).isTrue();
            first.save(saved).get(10, TimeUnit.SECONDS);
            assertThat(first.resumable("pk1/restart", now)).contains(saved);
        }
        try (SessionStore second = new SessionStore(kafka.bootstrapServers(), KafkaFixture.TOPICS.sessions(), "b")
                .start()) {
            assertThat(second.awaitReady(READY)).isTrue();

            StoredSession read = second.resumable("pk1/restart", now).orElseThrow();
            assertThat(read.subscriptions()).isEqualTo(saved.subscriptions());
            assertThat(read.resumeOffsets()).containsEntry(1, 42L);
            assertThat(read.inflight()).containsExactly(new StoredSession.Inflight(7, 1, 40L, 2, true));
            assertThat(read.awaitingRelease()).containsExactly(3, 4);
        }
    }

    @Test
    void sessionStore_whenAnOlderVersionArrivesLater_thenTheNewerOneIsKept() throws Exception {
        long now = System.currentTimeMillis();
        try (SessionStore edgeA = new SessionStore(kafka.bootstrapServers(), KafkaFixture.TOPICS.sessions(), "va")
                .start();
             SessionStore edgeB = new SessionStore(kafka.bootstrapServers(), KafkaFixture.TOPICS.sessions(), "vb")
                     .start()) {
            assertThat(edgeA.awaitReady(READY)).isTrue();
            assertThat(edgeB.awaitReady(READY)).isTrue();
            edgeB.save(session("pk1/versions", 10, now, true, 3600)).get(10, TimeUnit.SECONDS);
            // edge A writes an older version after B's newer one: every edge must keep version 10.
            edgeA.save(session("pk1/versions", 5, now, false, 3600)).get(10, TimeUnit.SECONDS);
            edgeA.save(session("pk1/marker", 1, now, false, 3600)).get(10, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(10)).until(() -> edgeB.resumable("pk1/marker", now).isPresent());
            assertThat(edgeB.resumable("pk1/versions", now).orElseThrow().version()).isEqualTo(10);
            assertThat(edgeA.resumable("pk1/versions", now).orElseThrow().version()).isEqualTo(10);
        }
    }

    @Test
    void sessionStore_resumesOnlyUnexpiredAndUnendedSessions_andSweepForgetsTheRest() throws Exception {
        long now = System.currentTimeMillis();
        try (SessionStore store = new SessionStore(kafka.bootstrapServers(), KafkaFixture.TOPICS.sessions(), "sw")
                .start()) {
            assertThat(store.awaitReady(READY)).isTrue();
            store.save(session("pk2/expired", 1, now - 120_000, false, 60)).get(10, TimeUnit.SECONDS);
            store.save(session("pk2/ended", 1, now - 120_000, false, 3600).end(2, now - 120_000, "edge-a"))
                    .get(10, TimeUnit.SECONDS);
            store.save(session("pk2/alive", 1, now - 120_000, false, 3600)).get(10, TimeUnit.SECONDS);
            store.save(session("pk2/online", 1, now - 120_000, true, 0)).get(10, TimeUnit.SECONDS);

            assertThat(store.resumable("pk2/expired", now)).isEmpty();
            assertThat(store.resumable("pk2/ended", now)).isEmpty();
            assertThat(store.resumable("pk2/alive", now)).isPresent();
            assertThat(store.resumable("pk2/online", now)).isPresent();

            assertThat(store.sweep(now, Duration.ofSeconds(30))).isGreaterThanOrEqualTo(2);
        }
        try (SessionStore fresh = new SessionStore(kafka.bootstrapServers(), KafkaFixture.TOPICS.sessions(), "sw2")
                .start()) {
            assertThat(fresh.awaitReady(READY)).isTrue();
            assertThat(fresh.resumable("pk2/alive", now)).isPresent();
            assertThat(fresh.resumable("pk2/expired", now)).isEmpty();
        }
    }

    @Test
    void retainedStore_keepsOnePerTopic_clearsOnEmptyPayload_andANewEdgeReadsItBack() throws Exception {
        long now = System.currentTimeMillis();
        try (RetainedStore first = new RetainedStore(kafka.bootstrapServers(), KafkaFixture.TOPICS.retained(), "r1", 100)
                .start()) {
            assertThat(first.awaitReady(READY)).isTrue();
            first.retain(message("/pk3/d1/user/get", "old", 0)).get(10, TimeUnit.SECONDS);
            first.retain(message("/pk3/d1/user/get", "new", 0)).get(10, TimeUnit.SECONDS);
            first.retain(message("/pk3/d1/user/cfg", "cfg", 0)).get(10, TimeUnit.SECONDS);
            first.retain(message("/pk3/d2/user/get", "other device", 0)).get(10, TimeUnit.SECONDS);
            first.retain(message("/pk3/d1/user/gone", "x", 0)).get(10, TimeUnit.SECONDS);
            first.retain(message("/pk3/d1/user/gone", "", 0)).get(10, TimeUnit.SECONDS);
            first.retain(message("/pk3/d1/user/stale", "late", now - 1)).get(10, TimeUnit.SECONDS);
        }
        try (RetainedStore second = new RetainedStore(kafka.bootstrapServers(), KafkaFixture.TOPICS.retained(), "r2",
                100).start()) {
            assertThat(second.awaitReady(READY)).isTrue();

            assertThat(second.matching("/pk3/d1/user/#", now)).extracting(m -> new String(m.payload(), UTF_8))
                    .containsExactly("cfg", "new");
            assertThat(second.matching("/pk3/+/user/get", now)).hasSize(2);
            assertThat(second.matching("/pk3/d1/user/get", now)).singleElement()
                    .satisfies(m -> assertThat(new String(m.payload(), UTF_8)).isEqualTo("new"));
            assertThat(second.matching("/pk3/d1/user/gone", now)).isEmpty();
        }
    }

    @Test
    void retainedStore_whenFull_thenRefusesANewTopicButReplacesAnExistingOne() throws Exception {
        WeftTopics own = new WeftTopics("limit.");
        TopicSetup.ensure(kafka.bootstrapServers(), own, 1, (short) 1);
        try (RetainedStore store = new RetainedStore(kafka.bootstrapServers(), own.retained(), "lim", 1).start()) {
            assertThat(store.awaitReady(READY)).isTrue();
            store.retain(message("/pk4/d/user/a", "1", 0)).get(10, TimeUnit.SECONDS);

            assertThatThrownBy(() -> store.retain(message("/pk4/d/user/b", "2", 0)).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(RetainedStore.RetainedLimitException.class);
            store.retain(message("/pk4/d/user/a", "3", 0)).get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void offlineReplay_returnsTheDevicesDownlinksSinceTheResumeOffset_keepingTheNewestWithinTheBound()
            throws Exception {
        RecordMetadata first = kafka.sendDownlink("pk5", "sleepy", "/pk5/sleepy/user/get", "m0");
        for (int i = 1; i <= 5; i++) {
            kafka.sendDownlink("pk5", "sleepy", "/pk5/sleepy/user/get", "m" + i);
            kafka.sendDownlink("pk5", "awake", "/pk5/awake/user/get", "other " + i);
        }
        kafka.sendDownlink("pk5", "sleepy", "/pk5/sleepy/user/unsubscribed", "not wanted");
        try (OfflineReplay replay = new OfflineReplay(kafka.bootstrapServers(), KafkaFixture.TOPICS.down(), "rp")
                .start()) {
            OfflineReplay.Replayed replayed = replay.replay(Map.of(first.partition(), first.offset() + 1),
                    p -> p.downlink().deviceName().equals("sleepy") && p.downlink().topic().endsWith("/user/get"), 3)
                    .get(20, TimeUnit.SECONDS);

            assertThat(replayed.downlinks()).extracting(p -> new String(p.downlink().payload(), UTF_8))
                    .containsExactly("m3", "m4", "m5");
            assertThat(replayed.dropped()).isEqualTo(2);
            assertThat(replayed.downlinks()).extracting(PositionedDownlink::offset).isSorted();
            assertThat(replayed.until().get(first.partition()))
                    .isGreaterThan(replayed.downlinks().get(2).offset());

            OfflineReplay.Replayed nothingNew = replay.replay(replayed.until(), p -> true, 10).get(20, TimeUnit.SECONDS);
            assertThat(nothingNew.downlinks()).isEmpty();
        }
    }

    private static RetainedMessage message(String topic, String payload, long expiresAt) {
        return new RetainedMessage(topic, payload.getBytes(UTF_8), 1, System.currentTimeMillis(), expiresAt);
    }
}
