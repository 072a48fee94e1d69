package io.weft.controlplane.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.controlplane.Api.Reply;
import io.weft.controlplane.OnRealParts;
import io.weft.controlplane.RegistryTopic;
import io.weft.core.auth.DeviceIdentity;
import io.weft.core.envelope.EdgeHeartbeat;
import io.weft.core.envelope.MessageIds;
import io.weft.core.envelope.Presence;
import io.weft.core.json.Json;
import io.weft.core.kafka.WeftTopics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Presence events produced on {@code weft.events}, as edges write them, show on {@code GET /api/v1/devices/..}:
 * {@code online}, {@code lastOnlineAt}, {@code lastOfflineAt}. Events arriving out of order obey the epoch rule: an
 * old session's late OFFLINE does not override a newer ONLINE. (The topic has one partition here, so once an event
 * produced later shows, every earlier one has been applied.) Edges' heartbeats lease their sessions: a silent edge's
 * devices go offline after its lease, a restarted edge's old sessions at once.
 */
class PresenceIT extends OnRealParts {
    private static final MessageIds EPOCHS = new MessageIds(5);
    private static final long T0 = 1_800_000_000_000L;
    private KafkaProducer<String, byte[]> producer;
    private String pk;

    @BeforeEach
    void productAndProducer() {
        pk = uniqueKey("prs");
        assertThat(api.post("/api/v1/products", "{\"productKey\":\"" + pk + "\",\"name\":\"Presence\"}").status())
                .isEqualTo(201);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, PARTS.kafkaBootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void closeProducer() {
        producer.close();
    }

    @Test
    void get_beforeAnyEvent_isOfflineAndNeverSeen() {
        JsonNode device = register("quiet-1");

        assertThat(device.path("online").asBoolean()).isFalse();
        assertThat(device.path("lastOnlineAt").isNull()).isTrue();
        assertThat(device.path("lastOfflineAt").isNull()).isTrue();
    }

    @Test
    void onlineThenOffline_showOnGet() throws Exception {
        DeviceIdentity device = new DeviceIdentity(pk, "lamp-1");
        register(device.deviceName());
        long epoch = EPOCHS.next();

        produce(Presence.online(device, epoch, "edge-1", "10.0.0.1", T0));

        JsonNode online = awaitDevice(device, d -> d.path("online").asBoolean());
        assertThat(Instant.parse(online.path("lastOnlineAt").asString())).isEqualTo(Instant.ofEpochMilli(T0));
        assertThat(online.path("lastOfflineAt").isNull()).isTrue();

        produce(Presence.offline(device, epoch, "edge-1", "10.0.0.1", T0 + 5_000, "KEEPALIVE_TIMEOUT"));

        JsonNode offline = awaitDevice(device, d -> !d.path("online").asBoolean());
        assertThat(Instant.parse(offline.path("lastOfflineAt").asString()))
                .isEqualTo(Instant.ofEpochMilli(T0 + 5_000));
        assertThat(Instant.parse(offline.path("lastOnlineAt").asString())).isEqualTo(Instant.ofEpochMilli(T0));
    }

    /** A takeover across edges whose old OFFLINE arrives last: the device stays online in the newer session. */
    @Test
    void lateOfflineOfAnOlderSession_doesNotOverrideANewerOnline() throws Exception {
        DeviceIdentity device = new DeviceIdentity(pk, "lamp-2");
        DeviceIdentity marker = new DeviceIdentity(pk, "marker-2");
        register(device.deviceName());
        register(marker.deviceName());
        long old = EPOCHS.next();
        long newer = EPOCHS.next();

        produce(Presence.online(device, old, "edge-a", null, T0));
        produce(Presence.online(device, newer, "edge-b", null, T0 + 1_000));
        produce(Presence.offline(device, old, "edge-a", null, T0 + 2_000, "SESSION_TAKEN_OVER"));
        produce(Presence.online(device, old, "edge-a", null, T0 + 3_000)); // a replayed ONLINE of the old session
        produce(Presence.online(marker, EPOCHS.next(), "edge-b", null, T0));

        awaitDevice(marker, d -> d.path("online").asBoolean());
        JsonNode shown = api.get(path(device)).json();
        assertThat(shown.path("online").asBoolean()).as(shown.toString()).isTrue();
        assertThat(Instant.parse(shown.path("lastOnlineAt").asString())).isEqualTo(Instant.ofEpochMilli(T0 + 1_000));
        assertThat(shown.path("lastOfflineAt").isNull()).as("the old OFFLINE was ignored whole").isTrue();

        produce(Presence.offline(device, newer, "edge-b", null, T0 + 4_000, "CLIENT_DISCONNECT"));

        awaitDevice(device, d -> !d.path("online").asBoolean());
    }

    @Test
    void eventsOfAnUnknownDevice_andRecordsThatAreNotPresence_areSkipped() throws Exception {
        DeviceIdentity device = new DeviceIdentity(pk, "lamp-3");
        register(device.deviceName());
        produce(Presence.online(new DeviceIdentity(pk, "ghost-3"), EPOCHS.next(), "edge-1", null, T0));
        producer.send(new ProducerRecord<>(WeftTopics.DEFAULT.events(), pk + "/lamp-3",
                "not json".getBytes())).get(10, TimeUnit.SECONDS);
        producer.send(new ProducerRecord<>(WeftTopics.DEFAULT.events(), pk + "/lamp-3",
                "{\"kind\":\"registered\"}".getBytes())).get(10, TimeUnit.SECONDS);

        produce(Presence.online(device, EPOCHS.next(), "edge-1", null, T0));

        awaitDevice(device, d -> d.path("online").asBoolean());
        assertThat(api.get("/api/v1/devices/" + pk + "/ghost-3").status()).isEqualTo(404);
    }

    /**
     * An edge that stops sending heartbeats (it crashed) loses its lease: its devices go offline once the lease has
     * run out. A device on an edge never heard from is left as it is.
     */
    @Test
    void edgeSilentBeyondItsLease_takesItsDevicesOffline() throws Exception {
        String edge = "crashing-" + pk;
        DeviceIdentity device = new DeviceIdentity(pk, "lamp-4");
        DeviceIdentity elsewhere = new DeviceIdentity(pk, "lamp-5");
        register(device.deviceName());
        register(elsewhere.deviceName());
        long epoch = EPOCHS.next();
        produce(new EdgeHeartbeat(edge, T0, T0, 1_500));
        produce(Presence.online(device, epoch, edge, null, T0));
        produce(Presence.online(elsewhere, EPOCHS.next(), "never-heard-" + pk, null, T0));
        awaitDevice(device, d -> d.path("online").asBoolean());
        awaitDevice(elsewhere, d -> d.path("online").asBoolean());

        JsonNode offline = awaitDevice(device, d -> !d.path("online").asBoolean());

        assertThat(offline.path("lastOfflineAt").isNull()).isFalse();
        assertThat(api.get(path(elsewhere)).json().path("online").asBoolean()).isTrue();
        Presence announced = awaitOfflineEvent(device, EdgeLeases.LEASE_EXPIRED);
        assertThat(announced.sessionEpoch()).isEqualTo(epoch);
        assertThat(announced.edge()).isEqualTo(edge);
        assertThat(offlineEvents(elsewhere)).isEmpty();
    }

    /**
     * A heartbeat with a later start says the edge restarted: the sessions it accepted before that start are over,
     * at once, while a session of the new run stays online.
     */
    @Test
    void edgeRestart_takesItsPreviousRunsDevicesOfflineAtOnce() throws Exception {
        String edge = "restarting-" + pk;
        DeviceIdentity oldRun = new DeviceIdentity(pk, "lamp-6");
        DeviceIdentity newRun = new DeviceIdentity(pk, "lamp-7");
        register(oldRun.deviceName());
        register(newRun.deviceName());
        long firstStart = System.currentTimeMillis();
        long secondStart = firstStart + 60_000;
        produce(new EdgeHeartbeat(edge, firstStart, firstStart, 600_000));
        long oldEpoch = EPOCHS.next();
        produce(Presence.online(oldRun, oldEpoch, edge, null, T0));
        produce(Presence.online(newRun, MessageIds.firstAt(secondStart) + 1, edge, null, T0));
        awaitDevice(oldRun, d -> d.path("online").asBoolean());
        awaitDevice(newRun, d -> d.path("online").asBoolean());

        produce(new EdgeHeartbeat(edge, secondStart, secondStart, 600_000));

        awaitDevice(oldRun, d -> !d.path("online").asBoolean());
        assertThat(api.get(path(newRun)).json().path("online").asBoolean()).isTrue();
        assertThat(awaitOfflineEvent(oldRun, EdgeLeases.EDGE_RESTARTED).sessionEpoch()).isEqualTo(oldEpoch);
        assertThat(offlineEvents(newRun)).isEmpty();
    }

    /** The OFFLINE the control plane wrote for the device on {@code weft.events}, with that reason. */
    private Presence awaitOfflineEvent(DeviceIdentity device, String reason) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> offlineEvents(device).stream().filter(e -> reason.equals(e.reason())).findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
    }

    private List<Presence> offlineEvents(DeviceIdentity device) {
        return RegistryTopic.readAll(PARTS.kafkaBootstrap(), WeftTopics.DEFAULT.events()).stream()
                .filter(r -> device.key().equals(r.key()) && r.value() != null)
                .map(r -> Json.read(r.value(), Presence.class))
                .filter(e -> e.state() == Presence.State.OFFLINE)
                .toList();
    }

    private void produce(EdgeHeartbeat heartbeat) throws Exception {
        producer.send(new ProducerRecord<>(WeftTopics.DEFAULT.events(), heartbeat.key(), Json.write(heartbeat)))
                .get(10, TimeUnit.SECONDS);
    }

    private JsonNode register(String dn) {
        Reply r = api.post("/api/v1/products/" + pk + "/devices", "{\"deviceName\":\"" + dn + "\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return api.get("/api/v1/devices/" + pk + "/" + dn).json();
    }

    private void produce(Presence event) throws Exception {
        producer.send(new ProducerRecord<>(WeftTopics.DEFAULT.events(), event.device().key(), Json.write(event)))
                .get(10, TimeUnit.SECONDS);
    }

    private JsonNode awaitDevice(DeviceIdentity device, java.util.function.Predicate<JsonNode> condition) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get(path(device)).json(), condition);
    }

    private static String path(DeviceIdentity device) {
        return "/api/v1/devices/" + device.productKey() + "/" + device.deviceName();
    }
}
