package io.weft.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.weft.core.auth.DeviceSigner;
import io.weft.core.auth.SignMethod;
import io.weft.core.envelope.EdgeHeartbeat;
import io.weft.core.envelope.Presence;
import io.weft.core.envelope.Presence.State;
import io.weft.core.json.Json;
import io.weft.core.kafka.WeftTopics;
import io.weft.core.registry.DeviceEntry;
import io.weft.core.registry.RegistryEntry;
import io.weft.ingest.presence.EdgeLease;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Presence and revocation on the real {@link MqttEdge} and a real Kafka broker, with Eclipse Paho as the device:
 * ONLINE and OFFLINE of one session share an epoch on {@code weft.events} (keyed {@code pk/dn}); a takeover ends
 * the old epoch and starts a larger one; a device disabled or deleted in the registry while connected loses its
 * connection at once and cannot connect again.
 */
class PresenceIT {
    private static final WeftTopics TOPICS = WeftTopics.DEFAULT;
    private static final String PK = "a1Presence";
    private static final String SECRET = "presence-secret-";
    private static final Duration PROMPTLY = Duration.ofSeconds(5);

    private static KafkaFixture kafka;
    private static MqttEdge edge;

    @BeforeAll
    static void startKafkaAndEdge() throws Exception {
        kafka = KafkaFixture.start();
        for (String dn : List.of("online-1", "takeover-1", "disable-1", "delete-1")) {
            putDevice(dn, true);
        }
        edge = new MqttEdge(new MqttEdgeConfig("127.0.0.1", 0, 256 * 1024, 10_000, 1000, "edge-presence", 9),
                kafka.bootstrapServers(), TOPICS).start(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() throws Exception {
        if (edge != null) {
            edge.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void connect_thenOnline_andDisconnect_thenOfflineWithTheSameEpoch() throws Exception {
        String dn = "online-1";
        MqttClient device = connect(dn, null);
        List<ConsumerRecord<String, Presence>> online = awaitEvents(dn, 1);
        assertThat(online.get(0).key()).isEqualTo(PK + "/" + dn);
        Presence up = online.get(0).value();
        assertThat(up.state()).isEqualTo(State.ONLINE);
        assertThat(up.edge()).isEqualTo("edge-presence");
        assertThat(up.clientIp()).isEqualTo("127.0.0.1");
        assertThat(up.sessionEpoch()).isPositive();

        device.disconnect(2_000);
        device.close(true);

        Presence down = awaitEvents(dn, 2).get(1).value();
        assertThat(down.state()).isEqualTo(State.OFFLINE);
        assertThat(down.sessionEpoch()).isEqualTo(up.sessionEpoch());
        assertThat(down.reason()).isEqualTo(Refusal.CLIENT_DISCONNECT.name());
        assertThat(down.time()).isGreaterThanOrEqualTo(up.time());
    }

    @Test
    void takeover_thenOfflineOfTheOldEpoch_andOnlineOfALargerOne() throws Exception {
        String dn = "takeover-1";
        CountDownLatch firstLost = new CountDownLatch(1);
        MqttClient first = connect(dn, firstLost);
        long oldEpoch = awaitEvents(dn, 1).get(0).value().sessionEpoch();

        MqttClient second = connect(dn, null);
        try {
            assertThat(firstLost.await(PROMPTLY.toSeconds(), TimeUnit.SECONDS)).isTrue();
            List<Presence> events = awaitEvents(dn, 3).stream().map(ConsumerRecord::value).toList();
            Presence ended = events.stream().filter(p -> p.state() == State.OFFLINE).findFirst().orElseThrow();
            assertThat(ended.sessionEpoch()).isEqualTo(oldEpoch);
            assertThat(ended.reason()).isEqualTo(Refusal.SESSION_TAKEN_OVER.name());
            Presence newer = events.stream().skip(1).filter(p -> p.state() == State.ONLINE).findFirst().orElseThrow();
            assertThat(newer.sessionEpoch()).isGreaterThan(oldEpoch);
            assertThat(second.isConnected()).isTrue();
        } finally {
            first.close(true);
            second.disconnect(2_000);
            second.close(true);
        }
    }

    @Test
    void disabledInRegistryWhileConnected_thenConnectionClosedPromptly_andConnectRefusedNotAuthorized()
            throws Exception {
        String dn = "disable-1";
        CountDownLatch lost = new CountDownLatch(1);
        MqttClient device = connect(dn, lost);
        try {
            awaitEvents(dn, 1);

            putDevice(dn, false);

            assertThat(lost.await(PROMPTLY.toSeconds(), TimeUnit.SECONDS)).as("connection lost promptly").isTrue();
            Presence down = awaitEvents(dn, 2).get(1).value();
            assertThat(down.state()).isEqualTo(State.OFFLINE);
            assertThat(down.reason()).isEqualTo(Refusal.DEVICE_DISABLED_WHILE_CONNECTED.name());
            assertThatThrownBy(() -> connect(dn, null)).isInstanceOfSatisfying(MqttException.class,
                    e -> assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED));
        } finally {
            device.close(true);
        }
    }

    @Test
    void deletedInRegistryWhileConnected_thenConnectionClosedPromptly_andConnectRefusedBadCredentials()
            throws Exception {
        String dn = "delete-1";
        CountDownLatch lost = new CountDownLatch(1);
        MqttClient device = connect(dn, lost);
        try {
            awaitEvents(dn, 1);

            kafka.deleteFromRegistry(RegistryEntry.deviceKey(PK, dn));

            assertThat(lost.await(PROMPTLY.toSeconds(), TimeUnit.SECONDS)).as("connection lost promptly").isTrue();
            assertThat(awaitEvents(dn, 2).get(1).value().reason()).isEqualTo(Refusal.DEVICE_DELETED.name());
            assertThatThrownBy(() -> connect(dn, null)).isInstanceOfSatisfying(MqttException.class,
                    e -> assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION));
        } finally {
            device.close(true);
        }
    }

    // ---- helpers ----

    private static void putDevice(String dn, boolean enabled) throws Exception {
        kafka.publish(new DeviceEntry(PK, dn, SECRET + dn, enabled, System.currentTimeMillis()));
    }

    /** Waits until {@code weft.events} holds at least {@code count} events of the device; returns them in order. */
    private static List<ConsumerRecord<String, Presence>> awaitEvents(String dn, int count) {
        List<ConsumerRecord<String, Presence>> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = eventsFromBeginning()) {
            await().atMost(Duration.ofSeconds(20)).pollInSameThread().until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key().startsWith(EdgeHeartbeat.KEY_PREFIX)) {
                        continue;
                    }
                    Presence p = Json.read(r.value(), Presence.class);
                    if (p.deviceName().equals(dn)) {
                        events.add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.key(), p));
                    }
                }
                return events.size() >= count;
            });
        }
        return events;
    }

    /** The edge leases its sessions with heartbeats on weft.events: its run's start, a lease of 20 s, every 5 s. */
    @Test
    void edge_writesHeartbeatsWithItsStartAndLease() {
        long testStarted = System.currentTimeMillis();
        List<EdgeHeartbeat> heartbeats = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = eventsFromBeginning()) {
            await().atMost(Duration.ofSeconds(20)).pollInSameThread().until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key().equals(EdgeHeartbeat.KEY_PREFIX + "edge-presence")) {
                        heartbeats.add(Json.read(r.value(), EdgeHeartbeat.class));
                    }
                }
                return heartbeats.size() >= 2;
            });
        }
        EdgeHeartbeat first = heartbeats.get(0);
        assertThat(first.edge()).isEqualTo("edge-presence");
        assertThat(first.leaseMs()).isEqualTo(EdgeLease.DEFAULT_LEASE.toMillis());
        assertThat(first.startedAt()).isLessThanOrEqualTo(first.time()).isLessThan(testStarted);
        assertThat(heartbeats).extracting(EdgeHeartbeat::startedAt).containsOnly(first.startedAt());
    }

    private static KafkaConsumer<String, byte[]> eventsFromBeginning() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        consumer.partitionsFor(TOPICS.events())
                .forEach(p -> partitions.add(new TopicPartition(TOPICS.events(), p.partition())));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    /** Paho signed as Alibaba's Link SDK; {@code lost}, if given, is counted down when the edge drops it. */
    private static MqttClient connect(String dn, CountDownLatch lost) throws MqttException {
        DeviceSigner.MqttCredentials c = DeviceSigner.mqttCredentials(PK, dn, SECRET + dn, SignMethod.HMACSHA256,
                PK + "." + dn, "2524608000000");
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + edge.port(), c.clientId(), new MemoryPersistence());
        client.setTimeToWait(10_000);
        if (lost != null) {
            client.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                    lost.countDown();
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
        }
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        options.setKeepAliveInterval(60);
        options.setAutomaticReconnect(false);
        options.setUserName(c.username());
        options.setPassword(c.password().toCharArray());
        try {
            client.connect(options);
            return client;
        } catch (MqttException e) {
            client.close(true);
            throw e;
        }
    }
}
