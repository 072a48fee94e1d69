package io.weft.ingest.mqtt;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClientSslConfigBuilder;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import io.weft.core.auth.DeviceIdentity;
import io.weft.core.auth.DeviceSigner;
import io.weft.core.auth.SignMethod;
import io.weft.core.kafka.WeftTopics;
import io.weft.ingest.testpki.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One real {@link MqttEdge} serving all four listeners (TCP, TLS, WebSocket and secure WebSocket on {@code /mqtt})
 * against a real Kafka broker, with clients we did not write: Eclipse Paho v3 and the HiveMQ MQTT client, each
 * trusting the test's self-signed server certificate. Oracle: a QoS 1 PUBLISH the client saw acknowledged is in
 * {@code weft.up}. Mutual TLS: a device certificate issued by the client CA with {@code CN={pk}&{dn}} connects with no
 * password; a certificate of another device, or from another CA, is refused. MQTT 5 clients are in
 * {@link Mqtt5ClientsIT}.
 */
class MqttTransportsIT {
    private static final WeftTopics TOPICS = KafkaFixture.TOPICS;
    private static final String PK = "a1TlsProduct";
    private static final String SECRET = "tls-secret-";
    private static final String LOOPBACK = "127.0.0.1";

    private static final TestPki.Issued SERVER = TestPki.server();
    private static final TestPki.Issued DEVICE_CA = TestPki.certificateAuthority("Weft test device CA");
    private static final TestPki.Issued ROGUE_CA = TestPki.certificateAuthority("Weft test device CA");

    private static KafkaFixture kafka;
    private static MqttEdge edge;

    @BeforeAll
    static void startKafkaAndEdge() throws Exception {
        kafka = KafkaFixture.start();
        for (String device : List.of("paho-TLS", "paho-WS", "paho-WSS", "hivemq-TLS", "hivemq-WS", "hivemq-WSS",
                "paho-TCP", "cert-paho", "cert-hivemq", "cert-other", "rogue")) {
            kafka.register(PK, device, SECRET + device);
        }

        Path dir = Files.createDirectories(Path.of("target", "kafka-it"));
        Path pki = Files.createTempDirectory(dir, "pki");
        MqttTls tls = new MqttTls(TestPki.writeCertificate(pki.resolve("server.crt"), SERVER.certificate()),
                TestPki.writeKey(pki.resolve("server.key"), SERVER.key()),
                TestPki.writeCertificate(pki.resolve("device-ca.crt"), DEVICE_CA.certificate()));
        List<MqttListener> listeners = new ArrayList<>();
        for (MqttListener.Kind kind : MqttListener.Kind.values()) {
            listeners.add(new MqttListener(kind, LOOPBACK, 0));
        }
        edge = new MqttEdge(MqttEdgeConfig.defaults(0).withListeners(listeners, tls), kafka.bootstrapServers(), TOPICS)
                .start(Duration.ofSeconds(30));
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

    /** Paho connects Alibaba-signed over each transport of the one edge; its acknowledged QoS 1 post is stored. */
    @ParameterizedTest
    @EnumSource(MqttListener.Kind.class)
    void publish_whenPahoConnectsAlibabaSigned_thenAcknowledgedUplinkIsInWeftUp(MqttListener.Kind kind)
            throws Exception {
        String deviceName = "paho-" + kind;
        MqttClient paho = pahoSigned(kind, deviceName);
        String payload = post(deviceName);
        try {
            paho.publish(topic(deviceName), payload.getBytes(UTF_8), 1, false);
        } finally {
            disconnect(paho);
        }
        awaitInWeftUp(deviceName, payload);
    }

    /** The HiveMQ MQTT client connects Alibaba-signed over TLS, WebSocket and secure WebSocket. */
    @ParameterizedTest
    @EnumSource(value = MqttListener.Kind.class, names = {"TLS", "WS", "WSS"})
    void publish_whenHiveMqClientConnectsAlibabaSigned_thenAcknowledgedUplinkIsInWeftUp(MqttListener.Kind kind) {
        String deviceName = "hivemq-" + kind;
        DeviceSigner.MqttCredentials c = credentials(deviceName);
        Mqtt3BlockingClient client = hivemq(kind, c.clientId(), null).buildBlocking();
        client.connectWith().simpleAuth().username(c.username()).password(c.password().getBytes(UTF_8))
                .applySimpleAuth().keepAlive(60).cleanSession(true).send();
        String payload = post(deviceName);
        try {
            client.publishWith().topic(topic(deviceName)).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(payload.getBytes(UTF_8)).send();
        } finally {
            client.disconnect();
        }
        awaitInWeftUp(deviceName, payload);
    }

    /** A device with a certificate from the client CA naming it ({@code CN=pk&dn}) needs no password (Paho, TLS). */
    @Test
    void connect_whenClientCertificateNamesTheDevice_thenAcceptedWithoutPassword() throws Exception {
        String deviceName = "cert-paho";
        TestPki.Issued certificate = TestPki.client(DEVICE_CA, PK + "&" + deviceName);
        MqttClient paho = paho(MqttListener.Kind.TLS, PK + "." + deviceName, deviceName + "&" + PK, null,
                certificate);
        String payload = post(deviceName);
        try {
            paho.publish(topic(deviceName), payload.getBytes(UTF_8), 1, false);
        } finally {
            disconnect(paho);
        }
        awaitInWeftUp(deviceName, payload);
    }

    /** With a device certificate, even the user name may be left out: the HiveMQ client over secure WebSocket. */
    @Test
    void connect_whenClientCertificateAndNoCredentialsOverWss_thenAcceptedAsTheCertifiedDevice() {
        String deviceName = "cert-hivemq";
        TestPki.Issued certificate = TestPki.client(DEVICE_CA, PK + "&" + deviceName);
        Mqtt3BlockingClient client = hivemq(MqttListener.Kind.WSS, PK + "." + deviceName, certificate)
                .buildBlocking();
        client.connectWith().keepAlive(60).cleanSession(true).send();
        String payload = post(deviceName);
        try {
            client.publishWith().topic(topic(deviceName)).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(payload.getBytes(UTF_8)).send();
        } finally {
            client.disconnect();
        }
        awaitInWeftUp(deviceName, payload);
    }

    /** A valid device certificate does not let its holder claim another device: CONNACK 0x04. */
    @Test
    void connect_whenClientCertificateNamesAnotherDeviceThanUsername_thenConnack4() {
        TestPki.Issued certificate = TestPki.client(DEVICE_CA, PK + "&cert-other");
        long before = edge.disconnector().count(Refusal.CERTIFICATE_MISMATCH);

        assertThatThrownBy(() -> paho(MqttListener.Kind.TLS, PK + ".paho-TCP", "paho-TCP&" + PK, null,
                certificate))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode())
                        .isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION));
        assertThat(edge.disconnector().count(Refusal.CERTIFICATE_MISMATCH)).isEqualTo(before + 1);
    }

    /**
     * A certificate naming a registered device but issued by another CA (same CA name, other key) fails the TLS
     * handshake: the device never reaches CONNECT, and the edge counts a TLS refusal.
     */
    @Test
    void connect_whenClientCertificateNotIssuedByClientCa_thenRefusedInTlsHandshake() {
        TestPki.Issued forged = TestPki.client(ROGUE_CA, PK + "&rogue");
        long before = edge.disconnector().count(Refusal.TLS_FAILED);

        assertThatThrownBy(() -> paho(MqttListener.Kind.TLS, PK + ".rogue", "rogue&" + PK, null, forged))
                .isInstanceOf(MqttException.class);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> edge.disconnector().count(Refusal.TLS_FAILED) > before);
        assertThat(edge.sessions().find(new DeviceIdentity(PK, "rogue"))).isEmpty();
    }

    // ---- clients ----

    private static DeviceSigner.MqttCredentials credentials(String deviceName) {
        return DeviceSigner.mqttCredentials(PK, deviceName, SECRET + deviceName, SignMethod.HMACSHA256,
                PK + "." + deviceName, "2524608000000");
    }

    private static MqttClient pahoSigned(MqttListener.Kind kind, String deviceName) throws MqttException {
        DeviceSigner.MqttCredentials c = credentials(deviceName);
        return paho(kind, c.clientId(), c.username(), c.password(), null);
    }

    /** Paho connected over {@code kind}, trusting the test server certificate; closes the client on failure. */
    private static MqttClient paho(MqttListener.Kind kind, String clientId, String username, String password,
                                   TestPki.Issued clientCertificate) throws MqttException {
        String scheme = switch (kind) {
            case TCP -> "tcp";
            case TLS -> "ssl";
            case WS -> "ws";
            case WSS -> "wss";
        };
        String uri = scheme + "://" + LOOPBACK + ":" + edge.port(kind)
                + (kind.webSocket() ? MqttListener.WEBSOCKET_PATH : "");
        MqttClient client = new MqttClient(uri, clientId, new MemoryPersistence());
        client.setTimeToWait(10_000);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        options.setKeepAliveInterval(60);
        options.setConnectionTimeout(10);
        options.setAutomaticReconnect(false);
        options.setUserName(username);
        if (password != null) {
            options.setPassword(password.toCharArray());
        }
        if (kind.secure()) {
            SSLContext tls = TestPki.clientContext(SERVER.certificate(), clientCertificate);
            options.setSocketFactory(tls.getSocketFactory());
        }
        try {
            client.connect(options);
            return client;
        } catch (MqttException e) {
            client.close(true);
            throw e;
        }
    }

    /** A HiveMQ MQTT 3 client builder for {@code kind}, trusting the test server certificate. */
    private static Mqtt3ClientBuilder hivemq(MqttListener.Kind kind, String clientId,
                                             TestPki.Issued clientCertificate) {
        Mqtt3ClientBuilder builder = Mqtt3Client.builder().identifier(clientId)
                .serverHost(LOOPBACK).serverPort(edge.port(kind));
        if (kind.secure()) {
            MqttClientSslConfigBuilder.Nested<? extends Mqtt3ClientBuilder> ssl = builder.sslConfig()
                    .trustManagerFactory(TestPki.trusting(SERVER.certificate()));
            if (clientCertificate != null) {
                ssl.keyManagerFactory(TestPki.keyManagers(clientCertificate));
            }
            builder = ssl.applySslConfig();
        }
        if (kind.webSocket()) {
            builder = builder.webSocketConfig().serverPath(MqttListener.WEBSOCKET_PATH.substring(1))
                    .applyWebSocketConfig();
        }
        return builder;
    }

    private static void disconnect(MqttClient client) throws MqttException {
        if (client.isConnected()) {
            client.disconnect(2_000);
        }
        client.close(true);
    }

    // ---- Kafka ----

    private static String topic(String deviceName) {
        return "/sys/" + PK + "/" + deviceName + "/thing/event/property/post";
    }

    private static String post(String deviceName) {
        return "{\"id\":\"" + System.nanoTime() + "\",\"version\":\"1.0\",\"params\":{\"Temp\":21.5},"
                + "\"method\":\"thing.event.property.post\",\"from\":\"" + deviceName + "\"}";
    }

    private static void awaitInWeftUp(String deviceName, String payload) {
        kafka.awaitQos1Uplink(PK, deviceName, payload);
    }
}
