package io.weft.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.core.auth.DeviceIdentity;
import io.weft.core.auth.DeviceSigner;
import io.weft.core.auth.SignMethod;
import io.weft.ingest.testpki.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Debian's {@code mosquitto_pub} and {@code mosquitto_sub} 2.0 (libmosquitto, C; clients we did not write) as
 * devices of one real {@link MqttEdge} serving TCP, TLS, WebSocket and secure WebSocket against a real Kafka broker,
 * connecting Alibaba-signed as the Link SDKs do. Oracles: {@code mosquitto_pub -q 1} exits 0 only after PUBACK, and
 * what it published is then in {@code weft.up}; {@code mosquitto_sub} prints a downlink produced on
 * {@code weft.down}; refusals show as the client's exit code and message, and in the edge's counters.
 * Debian's client build has no WebSocket support (its {@code --help} names no WebSocket option), so the WebSocket
 * listeners are not exercised here. A machine without the clients fails, with how to install them.
 */
class MosquittoClientsIT {
    private static final String PK = "a1MosqProduct";
    private static final String SECRET = "mosq-secret-";
    private static final String LOOPBACK = "127.0.0.1";
    /** libmosquitto's error codes, which mosquitto_pub exits with. */
    private static final int MOSQ_ERR_CONN_REFUSED = 4;
    private static final int MOSQ_ERR_CONN_LOST = 7;
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);
    private static final String MQTT5 = "mqttv5";

    private static final TestPki.Issued SERVER = TestPki.server();

    private static KafkaFixture kafka;
    private static MqttEdge edge;
    private static Path serverCertificate;
    private static MosquittoClients clients;

    @BeforeAll
    static void startKafkaAndEdge() throws Exception {
        MosquittoClients.requireInstalled();
        kafka = KafkaFixture.start();
        for (String device : List.of("pub-TCP", "pub-TLS", "sub-TCP", "sub-TLS", "wrong-password", "trespasser",
                "victim", "pub5-TCP", "pub5-TLS", "sub5-TCP", "sub5-TLS", "trespasser5")) {
            kafka.register(PK, device, SECRET + device);
        }
        Path dir = Files.createDirectories(Path.of("target", "mosquitto-it"));
        Path pki = Files.createTempDirectory(dir, "pki");
        serverCertificate = TestPki.writeCertificate(pki.resolve("server.crt"), SERVER.certificate());
        MqttTls tls = new MqttTls(serverCertificate, TestPki.writeKey(pki.resolve("server.key"), SERVER.key()), null);
        List<MqttListener> listeners = new ArrayList<>();
        for (MqttListener.Kind kind : MqttListener.Kind.values()) {
            listeners.add(new MqttListener(kind, LOOPBACK, 0));
        }
        edge = new MqttEdge(MqttEdgeConfig.defaults(0).withListeners(listeners, tls), kafka.bootstrapServers(),
                KafkaFixture.TOPICS).start(Duration.ofSeconds(30));
        clients = new MosquittoClients(Files.createTempDirectory(dir, "out"));
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

    /**
     * {@code mosquitto_pub -q 1}, Alibaba-signed, over TCP and over TLS trusting the edge's certificate with
     * {@code --cafile} (no {@code --insecure}: the certificate is verified, host name included): exit code 0 means
     * it got its PUBACK, and the post is then in {@code weft.up}.
     */
    @ParameterizedTest
    @EnumSource(value = MqttListener.Kind.class, names = {"TCP", "TLS"})
    void publish_whenMosquittoPubSendsQos1Signed_thenExitsZeroAndUplinkIsInWeftUp(MqttListener.Kind kind)
            throws Exception {
        String deviceName = "pub-" + kind;
        String payload = "{\"id\":\"" + System.nanoTime() + "\",\"version\":\"1.0\",\"params\":{\"Temp\":21.5},"
                + "\"method\":\"thing.event.property.post\"}";
        List<String> arguments = connectArguments(kind, signed(deviceName));
        arguments.addAll(List.of("-q", "1", "-t", postTopic(deviceName), "-m", payload));

        MosquittoClients.Result result = clients.run(MosquittoClients.PUB, arguments, CLIENT_TIMEOUT);

        assertThat(result.exitCode()).as("mosquitto_pub printed: %s", result.output()).isZero();
        kafka.awaitQos1Uplink(PK, deviceName, payload);
    }

    /**
     * {@code mosquitto_sub}, subscribed to its own {@code …/thing/service/property/set} over TCP and TLS, prints a
     * property set produced on {@code weft.down} and exits after it ({@code -C 1}). Until its subscription is live
     * the downlink is dropped, so it is produced again on every poll until the client has it.
     */
    @ParameterizedTest
    @EnumSource(value = MqttListener.Kind.class, names = {"TCP", "TLS"})
    void downlink_whenMosquittoSubSubscribedToPropertySet_thenPrintsIt(MqttListener.Kind kind) throws Exception {
        String deviceName = "sub-" + kind;
        String topic = "/sys/" + PK + "/" + deviceName + "/thing/service/property/set";
        String payload = "{\"id\":\"42\",\"version\":\"1.0\",\"params\":{\"PowerSwitch\":1},"
                + "\"method\":\"thing.service.property.set\"}";
        List<String> arguments = connectArguments(kind, signed(deviceName));
        arguments.addAll(List.of("-q", "1", "-t", topic, "-v", "-C", "1", "-W", "25"));

        try (MosquittoClients.Running sub = clients.start(MosquittoClients.SUB, arguments)) {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> (edge.sessions().find(new DeviceIdentity(PK, deviceName)).isPresent()
                            && edge.downlinksReady()) || !sub.process().isAlive());
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> {
                if (!sub.process().isAlive()) {
                    return true;
                }
                kafka.sendDownlink(PK, deviceName, topic, payload);
                return false;
            });
            MosquittoClients.Result result = sub.waitFor(CLIENT_TIMEOUT);

            assertThat(result.exitCode()).as("mosquitto_sub printed: %s", result.output()).isZero();
            assertThat(result.output()).isEqualTo(topic + " " + payload + "\n");
        }
    }

    /**
     * A wrong password is refused with CONNACK 0x04, which {@code mosquitto_pub} reports as "bad user name or
     * password" with a non-zero exit code; the edge counts the refusal and keeps no session.
     */
    @Test
    void connect_whenMosquittoPubSignsWithWrongSecret_thenBadUserNameOrPassword() throws Exception {
        String deviceName = "wrong-password";
        DeviceSigner.MqttCredentials wrong = DeviceSigner.mqttCredentials(PK, deviceName, "not-the-secret",
                SignMethod.HMACSHA256, PK + "." + deviceName, "2524608000000");
        List<String> arguments = connectArguments(MqttListener.Kind.TCP, wrong);
        arguments.addAll(List.of("-q", "1", "-t", postTopic(deviceName), "-m", "{}"));
        long before = edge.disconnector().count(Refusal.BAD_CREDENTIALS);

        MosquittoClients.Result result = clients.run(MosquittoClients.PUB, arguments, CLIENT_TIMEOUT);

        assertThat(result.exitCode()).as("mosquitto_pub printed: %s", result.output())
                .isEqualTo(MOSQ_ERR_CONN_REFUSED);
        assertThat(result.output()).containsIgnoringCase("bad user name or password");
        assertThat(edge.disconnector().count(Refusal.BAD_CREDENTIALS)).isEqualTo(before + 1);
        assertThat(edge.sessions().find(new DeviceIdentity(PK, deviceName))).isEmpty();
    }

    /**
     * A correctly signed device publishing QoS 1 on another device's topic has its connection closed without
     * PUBACK: {@code mosquitto_pub} reports the lost connection with a non-zero exit code, and the edge counts
     * {@link Refusal#PUBLISH_NOT_AUTHORIZED}.
     */
    @Test
    void publish_whenMosquittoPubPostsAsAnotherDevice_thenConnectionClosedAndNonZeroExit() throws Exception {
        List<String> arguments = connectArguments(MqttListener.Kind.TCP, signed("trespasser"));
        arguments.addAll(List.of("-q", "1", "-t", postTopic("victim"), "-m", "{\"params\":{\"Temp\":99}}"));
        long before = edge.disconnector().count(Refusal.PUBLISH_NOT_AUTHORIZED);

        MosquittoClients.Result result = clients.run(MosquittoClients.PUB, arguments, CLIENT_TIMEOUT);

        assertThat(result.exitCode()).as("mosquitto_pub printed: %s", result.output())
                .isEqualTo(MOSQ_ERR_CONN_LOST);
        assertThat(result.output()).containsIgnoringCase("connection was lost");
        assertThat(edge.disconnector().count(Refusal.PUBLISH_NOT_AUTHORIZED)).isEqualTo(before + 1);
    }

    // ---- MQTT 5 (-V mqttv5) ----

    /**
     * {@code mosquitto_pub -V mqttv5 -q 2}, Alibaba-signed, over TCP and TLS: exit code 0 means the QoS 2 flow
     * completed (PUBREC, PUBREL, PUBCOMP), and the post is in {@code weft.up} exactly once, at QoS 2.
     */
    @ParameterizedTest
    @EnumSource(value = MqttListener.Kind.class, names = {"TCP", "TLS"})
    void publish_whenMosquittoPubMqtt5SendsQos2Signed_thenExitsZeroAndUplinkIsInWeftUpOnce(MqttListener.Kind kind)
            throws Exception {
        String deviceName = "pub5-" + kind;
        String payload = "{\"id\":\"" + System.nanoTime() + "\",\"version\":\"1.0\",\"params\":{\"Temp\":21.5},"
                + "\"method\":\"thing.event.property.post\"}";
        List<String> arguments = connectArguments(kind, signed(deviceName), MQTT5);
        arguments.addAll(List.of("-q", "2", "-t", postTopic(deviceName), "-m", payload));

        MosquittoClients.Result result = clients.run(MosquittoClients.PUB, arguments, CLIENT_TIMEOUT);

        assertThat(result.exitCode()).as("mosquitto_pub printed: %s", result.output()).isZero();
        kafka.awaitUplinkOnce(PK, deviceName, payload, 2);
    }

    /** {@code mosquitto_sub -V mqttv5 -q 2} prints a QoS 2 property set produced on {@code weft.down}. */
    @ParameterizedTest
    @EnumSource(value = MqttListener.Kind.class, names = {"TCP", "TLS"})
    void downlink_whenMosquittoSubMqtt5SubscribedQos2_thenPrintsIt(MqttListener.Kind kind) throws Exception {
        String deviceName = "sub5-" + kind;
        String topic = "/sys/" + PK + "/" + deviceName + "/thing/service/property/set";
        String payload = "{\"id\":\"43\",\"version\":\"1.0\",\"params\":{\"PowerSwitch\":0},"
                + "\"method\":\"thing.service.property.set\"}";
        List<String> arguments = connectArguments(kind, signed(deviceName), MQTT5);
        arguments.addAll(List.of("-q", "2", "-t", topic, "-v", "-C", "1", "-W", "25"));

        try (MosquittoClients.Running sub = clients.start(MosquittoClients.SUB, arguments)) {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> (edge.sessions().find(new DeviceIdentity(PK, deviceName)).isPresent()
                            && edge.downlinksReady()) || !sub.process().isAlive());
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> {
                if (!sub.process().isAlive()) {
                    return true;
                }
                kafka.sendDownlink(PK, deviceName, topic, payload, 2);
                return false;
            });
            MosquittoClients.Result result = sub.waitFor(CLIENT_TIMEOUT);

            assertThat(result.exitCode()).as("mosquitto_sub printed: %s", result.output()).isZero();
            assertThat(result.output()).isEqualTo(topic + " " + payload + "\n");
        }
    }

    /** MQTT 5: a wrong password is CONNACK 0x86, which {@code mosquitto_pub} reports as a bad user name or password. */
    @Test
    void connect_whenMosquittoPubMqtt5SignsWithWrongSecret_thenBadUserNameOrPassword() throws Exception {
        String deviceName = "wrong-password";
        DeviceSigner.MqttCredentials wrong = DeviceSigner.mqttCredentials(PK, deviceName, "not-the-secret",
                SignMethod.HMACSHA256, PK + "." + deviceName, "2524608000000");
        List<String> arguments = connectArguments(MqttListener.Kind.TCP, wrong, MQTT5);
        arguments.addAll(List.of("-q", "1", "-t", postTopic(deviceName), "-m", "{}"));
        long before = edge.disconnector().count(Refusal.BAD_CREDENTIALS);

        MosquittoClients.Result result = clients.run(MosquittoClients.PUB, arguments, CLIENT_TIMEOUT);

        assertThat(result.exitCode()).as("mosquitto_pub printed: %s", result.output()).isNotZero();
        assertThat(result.output()).containsIgnoringCase("bad user name or password");
        assertThat(edge.disconnector().count(Refusal.BAD_CREDENTIALS)).isEqualTo(before + 1);
    }

    /**
     * MQTT 5: a QoS 1 publish on another device's topic is answered PUBACK 0x87 and the connection stays open:
     * {@code mosquitto_pub} reports "not authorized" for that message, not a lost connection, and the edge counts
     * {@link Refusal#PUBLISH_NOT_AUTHORIZED} without closing.
     */
    @Test
    void publish_whenMosquittoPubMqtt5PostsAsAnotherDevice_thenNotAuthorizedAndConnectionKept() throws Exception {
        List<String> arguments = connectArguments(MqttListener.Kind.TCP, signed("trespasser5"), MQTT5);
        arguments.addAll(List.of("-q", "1", "-t", postTopic("victim"), "-m", "{\"params\":{\"Temp\":99}}"));
        long before = edge.disconnector().count(Refusal.PUBLISH_NOT_AUTHORIZED);

        MosquittoClients.Result result = clients.run(MosquittoClients.PUB, arguments, CLIENT_TIMEOUT);

        assertThat(result.output()).as("exit code %d", result.exitCode()).containsIgnoringCase("not authori");
        assertThat(result.output()).doesNotContainIgnoringCase("connection was lost");
        assertThat(edge.disconnector().count(Refusal.PUBLISH_NOT_AUTHORIZED)).isEqualTo(before + 1);
    }

    // ---- clients ----

    private static DeviceSigner.MqttCredentials signed(String deviceName) {
        return DeviceSigner.mqttCredentials(PK, deviceName, SECRET + deviceName, SignMethod.HMACSHA256,
                PK + "." + deviceName, "2524608000000");
    }

    /** Host, port, MQTT 3.1.1, keepalive, client id, user name and password; TLS trusts the server certificate. */
    private static List<String> connectArguments(MqttListener.Kind kind, DeviceSigner.MqttCredentials c) {
        return connectArguments(kind, c, "mqttv311");
    }

    /** The same with the protocol version of {@code -V} ({@code mqttv311}, {@code mqttv5}). */
    private static List<String> connectArguments(MqttListener.Kind kind, DeviceSigner.MqttCredentials c,
                                                 String version) {
        List<String> arguments = new ArrayList<>(List.of("-h", LOOPBACK, "-p", String.valueOf(edge.port(kind)),
                "-V", version, "-k", "60", "-i", c.clientId(), "-u", c.username(), "-P", c.password()));
        if (kind.secure()) {
            arguments.addAll(List.of("--cafile", serverCertificate.toString()));
        }
        return arguments;
    }

    private static String postTopic(String deviceName) {
        return "/sys/" + PK + "/" + deviceName + "/thing/event/property/post";
    }
}
