package io.weft.ingest.mqtt;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.weft.core.auth.DeviceSigner;
import io.weft.core.auth.SignMethod;
import io.weft.ingest.mqtt.open.OpenMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Open mode on a real {@link MqttEdge} and Kafka broker: plain MQTT clients we did not write (Debian's
 * mosquitto_pub/mosquitto_sub, Eclipse Paho v3) publish and subscribe to each other in the sandbox with ordinary MQTT
 * semantics — any topic, wildcards, retained messages, wills, persistent sessions — and never reach devices, nor
 * devices them. One listener admits anonymous clients; another only its users.
 */
class OpenModeIT {
    private static final String PK = "a1Sandboxed";
    private static final String DEVICE = "fenced";
    private static final String SECRET = "fenced-secret";
    private static final long WAIT_SECONDS = 20;

    private static KafkaFixture kafka;
    private static MqttEdge edge;
    private static MosquittoClients mosquitto;

    @BeforeAll
    static void start() throws Exception {
        MosquittoClients.requireInstalled();
        kafka = KafkaFixture.start();
        kafka.register(PK, DEVICE, SECRET);
        edge = new MqttEdge(MqttEdgeConfig.defaults(0).withListeners(List.of(
                MqttListener.tcp("127.0.0.1", 0),
                MqttListener.tcp("127.0.0.1", 0).inOpenMode(OpenMode.anonymous()),
                MqttListener.tcp("127.0.0.1", 0).inOpenMode(OpenMode.users(Map.of("alice", "wonderland")))), null),
                kafka.bootstrapServers(), KafkaFixture.TOPICS).start(Duration.ofSeconds(30));
        Path dir = Files.createDirectories(Path.of("target", "mosquitto-it"));
        mosquitto = new MosquittoClients(Files.createTempDirectory(dir, "open"));
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

    private static int port(int listener) {
        return new ArrayList<>(edge.boundPorts().values()).get(listener);
    }

    private static int devicePort() {
        return port(0);
    }

    private static int anonymousPort() {
        return port(1);
    }

    private static String usersUri() {
        return "tcp://127.0.0.1:" + port(2);
    }

    @Test
    void mosquittoClients_publishAndSubscribeAnonymously_throughTheSandbox() throws Exception {
        String port = Integer.toString(anonymousPort());
        try (MosquittoClients.Running sub = mosquitto.start(MosquittoClients.SUB, List.of("-h", "127.0.0.1", "-p",
                port, "-V", "mqttv311", "-q", "1", "-t", "plant/+/temperature", "-C", "1", "-v", "-W", "30"))) {
            // Until its subscription is live a message is not for it: publish again on every poll until it has one.
            await().atMost(Duration.ofSeconds(WAIT_SECONDS)).pollInterval(Duration.ofMillis(500)).until(() -> {
                if (!sub.process().isAlive()) {
                    return true;
                }
                MosquittoClients.Result pub = mosquitto.run(MosquittoClients.PUB, List.of("-h", "127.0.0.1", "-p",
                        port, "-V", "mqttv311", "-q", "1", "-t", "plant/7/temperature", "-m", "21.5"),
                        Duration.ofSeconds(20));
                assertThat(pub.exitCode()).as(pub.output()).isZero();
                return false;
            });

            MosquittoClients.Result received = sub.waitFor(Duration.ofSeconds(WAIT_SECONDS));
            assertThat(received.exitCode()).as(received.output()).isZero();
            assertThat(received.output()).isEqualTo("plant/7/temperature 21.5\n");
        }
    }

    @Test
    void retainedAndWill_behaveAsOnAnyBroker() throws Exception {
        Client publisher = Client.anonymous("publisher-" + System.nanoTime());
        publisher.connect(true, options -> options.setWill("lobby/status", "publisher gone".getBytes(UTF_8), 1,
                true));
        publisher.client.publish("lobby/notice", "doors open at 9".getBytes(UTF_8), 1, true);

        Client watcher = Client.anonymous("watcher-" + System.nanoTime());
        watcher.connect(true, options -> { });
        watcher.client.subscribe("lobby/#", 1);
        assertThat(watcher.inbox.lines(1)).containsExactly("lobby/notice doors open at 9 (retained)");

        publisher.client.disconnectForcibly(0, 1000, false);
        assertThat(watcher.inbox.lines(1)).containsExactly("lobby/status publisher gone");

        Client late = Client.anonymous("late-" + System.nanoTime());
        late.connect(true, options -> { });
        late.client.subscribe("lobby/status", 1);
        assertThat(late.inbox.lines(1)).containsExactly("lobby/status publisher gone (retained)");

        // An empty retained PUBLISH clears a topic's retained message.
        late.client.publish("lobby/status", new byte[0], 1, true);
        late.client.publish("lobby/notice", new byte[0], 1, true);
        Client later = Client.anonymous("later-" + System.nanoTime());
        later.connect(true, options -> { });
        later.client.subscribe("lobby/#", 1);
        later.client.publish("lobby/marker", "m".getBytes(UTF_8), 1, false);
        assertThat(later.inbox.lines(1)).containsExactly("lobby/marker m");
        watcher.client.disconnect();
        late.client.disconnect();
        later.client.disconnect();
    }

    @Test
    void persistentSession_getsWhatWasPublishedWhileAway() throws Exception {
        Client sleeper = Client.anonymous("sleeper-" + System.nanoTime());
        sleeper.connect(false, options -> { });
        sleeper.client.subscribe("mail/sleeper", 1);
        sleeper.client.disconnect();

        Client sender = Client.anonymous("sender-" + System.nanoTime());
        sender.connect(true, options -> { });
        sender.client.publish("mail/sleeper", "first".getBytes(UTF_8), 1, false);
        sender.client.publish("mail/sleeper", "second".getBytes(UTF_8), 1, false);
        sender.client.disconnect();

        IMqttToken back = sleeper.connect(false, options -> { });
        assertThat(back.getSessionPresent()).isTrue();
        assertThat(sleeper.inbox.lines(2)).containsExactly("mail/sleeper first", "mail/sleeper second");
        sleeper.client.disconnect();
    }

    @Test
    void anEmptyClientIdAndNoKeepalive_areAcceptedForACleanSession() throws Exception {
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + anonymousPort(), "", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setKeepAliveInterval(0);
        client.connect(options);
        client.publish("any/topic", "x".getBytes(UTF_8), 1, false);
        client.disconnect();
    }

    @Test
    void usersListener_admitsOnlyItsUsers() throws Exception {
        MqttClient alice = new MqttClient(usersUri(), "alice-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions right = new MqttConnectOptions();
        right.setUserName("alice");
        right.setPassword("wonderland".toCharArray());
        alice.connect(right);
        alice.disconnect();

        MqttConnectOptions wrong = new MqttConnectOptions();
        wrong.setUserName("alice");
        wrong.setPassword("guess".toCharArray());
        assertThatThrownBy(() -> new MqttClient(usersUri(), "mallory", new MemoryPersistence()).connect(wrong))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode()).as(e.toString()
                                + " caused by " + e.getCause())
                        .isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION));
        assertThatThrownBy(() -> new MqttClient(usersUri(), "nobody", new MemoryPersistence())
                .connect(new MqttConnectOptions()))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode())
                        .isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED));
    }

    @Test
    void sandboxAndDevices_neverReachEachOther() throws Exception {
        String deviceTopic = "/sys/" + PK + "/" + DEVICE + "/thing/service/property/set";
        Client spy = Client.anonymous("spy-" + System.nanoTime());
        spy.connect(true, options -> { });
        spy.client.subscribe("#", 1);

        DeviceSigner.MqttCredentials c = DeviceSigner.mqttCredentials(PK, DEVICE, SECRET, SignMethod.HMACSHA256,
                PK + "." + DEVICE, "2524608000000");
        MqttClient device = new MqttClient("tcp://127.0.0.1:" + devicePort(), c.clientId(), new MemoryPersistence());
        BlockingQueue<String> deviceGot = new LinkedBlockingQueue<>();
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(c.username());
        options.setPassword(c.password().toCharArray());
        device.connect(options);
        device.subscribe(deviceTopic, 1, (topic, message) -> deviceGot.add(new String(message.getPayload(), UTF_8)));

        // A sandbox client publishing on the device's topic name reaches sandbox subscribers only.
        spy.client.publish(deviceTopic, "forged".getBytes(UTF_8), 1, false);
        assertThat(spy.inbox.lines(1)).containsExactly(deviceTopic + " forged");
        // A real downlink reaches the device only: the spy's "#" never sees it.
        kafka.sendDownlink(PK, DEVICE, deviceTopic, "genuine");
        assertThat(deviceGot.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("genuine");
        spy.client.publish("marker", "m".getBytes(UTF_8), 1, false);
        assertThat(spy.inbox.lines(1)).containsExactly("marker m");
        assertThat(deviceGot).isEmpty();
        device.disconnect();
        spy.client.disconnect();
    }

    /** A Paho v3 client of the anonymous listener, collecting "topic payload" lines of what it receives. */
    private static final class Client {
        private final MqttClient client;
        private final PahoInbox inbox = new PahoInbox();

        private Client(MqttClient client) {
            this.client = client;
            client.setCallback(inbox);
        }

        static Client anonymous(String clientId) throws MqttException {
            return new Client(new MqttClient("tcp://127.0.0.1:" + anonymousPort(), clientId,
                    new MemoryPersistence()));
        }

        IMqttToken connect(boolean cleanSession, java.util.function.Consumer<MqttConnectOptions> more)
                throws MqttException {
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(cleanSession);
            more.accept(options);
            return client.connectWithResult(options);
        }
    }
}
