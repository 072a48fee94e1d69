package io.weft.controlplane.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.controlplane.Api.Reply;
import io.weft.controlplane.OnRealParts;
import io.weft.core.auth.DeviceIdentity;
import io.weft.core.envelope.MessageIds;
import io.weft.core.envelope.Presence;
import io.weft.core.json.Json;
import io.weft.core.kafka.WeftTopics;
import java.time.Duration;
import java.time.Instant;
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
 * produced later shows, every earlier one has been applied.)
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
