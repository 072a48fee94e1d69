package io.weft.ingest.mqtt;

import static io.weft.ingest.mqtt.EdgeHarness.DEVICE;
import static io.weft.ingest.mqtt.EdgeHarness.DISABLED_DN;
import static io.weft.ingest.mqtt.EdgeHarness.DISABLED_SECRET;
import static io.weft.ingest.mqtt.EdgeHarness.DN;
import static io.weft.ingest.mqtt.EdgeHarness.PK;
import static io.weft.ingest.mqtt.EdgeHarness.SDK_TIMESTAMP;
import static io.weft.ingest.mqtt.EdgeHarness.SECRET;
import static io.weft.ingest.mqtt.EdgeHarness.connackCode;
import static io.weft.ingest.mqtt.EdgeHarness.connect;
import static io.weft.ingest.mqtt.EdgeHarness.signedConnect;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.weft.core.auth.DeviceSigner;
import io.weft.core.auth.SignMethod;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The connect barrier, byte for byte: Alibaba-signed CONNECTs are accepted, and every CONNECT refusal of the
 * "MQTT refusals" table in docs/errors.md is answered with its CONNACK code, closes the connection and is
 * counted by the {@link Disconnector}.
 */
class MqttConnectTest {
    private final EdgeHarness edge = new EdgeHarness();

    @ParameterizedTest
    @EnumSource(SignMethod.class)
    void connect_whenAlibabaSignedCredentials_thenConnackAcceptedAndSessionRegistered(SignMethod method) {
        DeviceSigner.MqttCredentials c = DeviceSigner.mqttCredentials(PK, DN, SECRET, method, PK + "." + DN, null);
        try (MqttPeer device = edge.open()) {
            device.send(connect(c.clientId(), c.username(), c.password(), 60));

            assertThat(connackCode(device.received())).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
            assertThat(device.isOpen()).isTrue();
            assertThat(edge.sessions.find(DEVICE)).hasValueSatisfying(
                    s -> assertThat(s.channel()).isSameAs(device.channel()));
        }
    }

    /** The clientId exactly as Alibaba's C SDK 3.x sends it: pairs in another order, unknown pairs, a 2050 timestamp. */
    @Test
    void connect_whenAlibabaCSdkClientIdWithUnknownPairs_thenConnackAccepted() {
        String id = PK + "." + DN;
        String clientId = id + "|timestamp=" + SDK_TIMESTAMP
                + ",_v=sdk-c-3.x,securemode=3,signmethod=hmacsha256,lan=C,gw=0,ext=0|";
        String password = DeviceSigner.sign(SignMethod.HMACSHA256, SECRET, id, PK, DN, SDK_TIMESTAMP);
        try (MqttPeer device = edge.open()) {
            device.send(connect(clientId, DN + "&" + PK, password, 60));

            assertThat(connackCode(device.received())).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        }
    }

    @Test
    void connect_whenSignatureWrong_thenConnackBadUsernameOrPassword() {
        DeviceSigner.MqttCredentials c = DeviceSigner.mqttCredentials(PK, DN, "not-the-secret",
                SignMethod.HMACSHA256, PK + "." + DN, SDK_TIMESTAMP);
        assertRefused(connect(c.clientId(), c.username(), c.password(), 60),
                MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD, Refusal.BAD_CREDENTIALS);
    }

    @Test
    void connect_whenPasswordSignedForAnotherTimestamp_thenConnackBadUsernameOrPassword() {
        DeviceSigner.MqttCredentials c = DeviceSigner.mqttCredentials(PK, DN, SECRET, SignMethod.HMACSHA256,
                PK + "." + DN, SDK_TIMESTAMP);
        String otherPassword = DeviceSigner.sign(SignMethod.HMACSHA256, SECRET, PK + "." + DN, PK, DN, "1");
        assertRefused(connect(c.clientId(), c.username(), otherPassword, 60),
                MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD, Refusal.BAD_CREDENTIALS);
    }

    @Test
    void connect_whenDeviceUnknown_thenConnackBadUsernameOrPassword() {
        assertRefused(signedConnect("no-such-device", "whatever", 60),
                MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD, Refusal.BAD_CREDENTIALS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"meter-1", "meter-1&", "&a1PkMeter", "meter-1&a1PkMeter&x", ""})
    void connect_whenUsernameMalformed_thenConnackBadUsernameOrPassword(String username) {
        DeviceSigner.MqttCredentials c = DeviceSigner.mqttCredentials(PK, DN, SECRET, SignMethod.HMACSHA256,
                PK + "." + DN, null);
        assertRefused(connect(c.clientId(), username, c.password(), 60),
                MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD, Refusal.BAD_CREDENTIALS);
    }

    @Test
    void connect_whenNoUsernameAtAll_thenConnackBadUsernameOrPassword() {
        assertRefused(connect(PK + "." + DN + "|securemode=3,signmethod=hmacsha256|", null, null, 60),
                MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD, Refusal.BAD_CREDENTIALS);
    }

    @Test
    void connect_whenSignMethodUnknown_thenConnackBadUsernameOrPassword() {
        String password = DeviceSigner.sign(SignMethod.HMACSHA256, SECRET, PK + "." + DN, PK, DN, null);
        assertRefused(connect(PK + "." + DN + "|securemode=3,signmethod=hmacsha512|", DN + "&" + PK, password, 60),
                MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD, Refusal.BAD_CREDENTIALS);
    }

    @Test
    void connect_whenDeviceDisabled_thenConnackNotAuthorized() {
        assertRefused(signedConnect(DISABLED_DN, DISABLED_SECRET, 60),
                MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED, Refusal.DEVICE_DISABLED);
    }

    @Test
    void connect_whenDeviceDisabledAndSignatureWrong_thenConnackBadUsernameOrPassword() {
        assertRefused(signedConnect(DISABLED_DN, "not-the-secret", 60),
                MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD, Refusal.BAD_CREDENTIALS);
    }

    @Test
    void connect_whenRegistryNotLoaded_thenConnackServerUnavailable() {
        EdgeHarness coldEdge = new EdgeHarness(MqttEdgeConfig.defaults(0), false);
        try (MqttPeer device = coldEdge.open()) {
            device.send(signedConnect(DN, SECRET, 60));

            assertThat(connackCode(device.received()))
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
            assertThat(device.isOpen()).isFalse();
            assertThat(coldEdge.disconnector.count(Refusal.SERVER_NOT_READY)).isEqualTo(1);
            assertThat(coldEdge.sessions.size()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 29, 1201, 65535})
    void connect_whenKeepAliveOutside30To1200_thenConnackIdentifierRejected(int keepAlive) {
        assertRefused(signedConnect(DN, SECRET, keepAlive),
                MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED, Refusal.KEEPALIVE_OUT_OF_RANGE);
    }

    @ParameterizedTest
    @ValueSource(ints = {30, 1200})
    void connect_whenKeepAliveAtTheBoundsOf30To1200_thenConnackAccepted(int keepAlive) {
        try (MqttPeer device = edge.open()) {
            device.send(signedConnect(DN, SECRET, keepAlive));

            assertThat(connackCode(device.received())).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
            assertThat(device.isOpen()).isTrue();
        }
    }

    @Test
    void connect_whenProtocolLevel6_thenConnackUnacceptableProtocolVersion() {
        byte[] level6Connect = {
                0x10, 0x0D,                   // CONNECT, remaining length 13
                0x00, 0x04, 'M', 'Q', 'T', 'T', // protocol name "MQTT"
                0x06,                         // protocol level 6: no such MQTT
                0x02,                         // connect flags: clean session
                0x00, 0x3C,                   // keepalive 60 s
                0x00, 0x01, 'x'               // client id "x"
        };
        try (MqttPeer device = edge.open()) {
            device.send(level6Connect);

            assertThat(device.rawOutbound()).containsExactly(0x20, 0x02, 0x00, 0x01);
            assertThat(device.isOpen()).isFalse();
            assertThat(edge.disconnector.count(Refusal.UNSUPPORTED_PROTOCOL)).isEqualTo(1);
        }
    }

    /** MQTT 3.1 ("MQIsdp", level 3) limits client ids to 23 characters; Alibaba's are longer. */
    @Test
    void connect_whenMqtt31ClientIdOver23Chars_thenConnackIdentifierRejected() {
        byte[] mqtt31Connect = {
                0x10, 0x26,                   // CONNECT, remaining length 38
                0x00, 0x06, 'M', 'Q', 'I', 's', 'd', 'p', // protocol name "MQIsdp"
                0x03,                         // protocol level 3 (MQTT 3.1)
                0x02,                         // connect flags: clean session
                0x00, 0x3C,                   // keepalive 60 s
                0x00, 0x18,                   // client id, 24 characters:
                'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l',
                'm', 'n', 'o', 'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x'
        };
        try (MqttPeer device = edge.open()) {
            device.send(mqtt31Connect);

            assertThat(connackCode(device.received()))
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED);
            assertThat(device.isOpen()).isFalse();
            assertThat(edge.disconnector.count(Refusal.IDENTIFIER_REJECTED)).isEqualTo(1);
        }
    }

    /** An MQTT 3.1 device whose Alibaba client id fits 23 characters connects like a 3.1.1 one. */
    @Test
    void connect_whenMqtt31AndSigned_thenConnackAccepted() {
        String clientId = "d1|signmethod=hmacmd5|";
        String password = DeviceSigner.sign(SignMethod.HMACMD5, SECRET, "d1", PK, DN, null);
        try (MqttPeer device = edge.open()) {
            device.send(MqttMessageBuilders.connect()
                    .protocolVersion(MqttVersion.MQTT_3_1)
                    .clientId(clientId).username(DN + "&" + PK).password(password.getBytes(UTF_8))
                    .keepAlive(60).cleanSession(true).build());

            assertThat(connackCode(device.received())).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        }
    }

    @Test
    void connect_whenReservedConnectFlagSet_thenClosedWithoutConnack() {
        byte[] connect = {
                0x10, 0x0D,                   // CONNECT, remaining length 13
                0x00, 0x04, 'M', 'Q', 'T', 'T', // protocol name "MQTT"
                0x04,                         // protocol level 4 (MQTT 3.1.1)
                0x03,                         // connect flags: clean session + RESERVED bit 0 (must be 0)
                0x00, 0x3C,                   // keepalive 60 s
                0x00, 0x01, 'x'               // client id "x"
        };
        try (MqttPeer device = edge.open()) {
            device.send(connect);

            assertThat(device.rawOutbound()).isEmpty();
            assertThat(device.isOpen()).isFalse();
            assertThat(edge.disconnector.count(Refusal.MALFORMED_PACKET)).isEqualTo(1);
        }
    }

    @Test
    void connect_whenNoConnectWithinConnectTimeout_thenClosed() {
        EdgeHarness impatient = new EdgeHarness(
                new MqttEdgeConfig("127.0.0.1", 0, 256 * 1024, 50, 1000, "edge-1", 1), true);
        try (MqttPeer device = impatient.open()) {
            await().atMost(Duration.ofSeconds(5)).pollInSameThread().until(() -> {
                device.channel().runScheduledPendingTasks();
                return !device.isOpen();
            });

            assertThat(device.rawOutbound()).isEmpty();
            assertThat(impatient.disconnector.count(Refusal.CONNECT_TIMEOUT)).isEqualTo(1);
        }
    }

    /** A second connection of the same device takes over: Alibaba's rule, and the table's. */
    @Test
    void connect_whenSameDeviceConnectsAgain_thenOlderConnectionClosedAndNewerOneOwnsTheSession() {
        try (MqttPeer first = edge.connected(); MqttPeer second = edge.open()) {
            second.send(signedConnect(DN, SECRET, 60));
            assertThat(connackCode(second.received())).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);

            assertThat(first.isOpen()).as("the older connection").isFalse();
            assertThat(first.rawOutbound()).as("closed without a packet (MQTT 3.1.1 has no server DISCONNECT)")
                    .isEmpty();
            assertThat(second.isOpen()).as("the newer connection").isTrue();
            assertThat(edge.disconnector.count(Refusal.SESSION_TAKEN_OVER)).isEqualTo(1);
            assertThat(edge.sessions.find(DEVICE)).hasValueSatisfying(
                    s -> assertThat(s.channel()).as("the older one's close must not drop the newer session")
                            .isSameAs(second.channel()));
            assertThat(edge.sessions.size()).isEqualTo(1);
        }
    }

    @Test
    void connect_whenAnotherDeviceConnects_thenNoTakeover() {
        try (MqttPeer first = edge.connected();
             MqttPeer second = edge.connected(EdgeHarness.OTHER_DN, EdgeHarness.OTHER_SECRET)) {
            assertThat(first.isOpen()).isTrue();
            assertThat(second.isOpen()).isTrue();
            assertThat(edge.sessions.size()).isEqualTo(2);
            assertThat(edge.disconnector.count(Refusal.SESSION_TAKEN_OVER)).isZero();
        }
    }

    private void assertRefused(MqttConnectMessage connect,
                               MqttConnectReturnCode expected, Refusal refusal) {
        try (MqttPeer device = edge.open()) {
            device.send(connect);

            assertThat(connackCode(device.received())).isEqualTo(expected);
            assertThat(device.isOpen()).as("connection closed after the refusal").isFalse();
            assertThat(edge.disconnector.count(refusal)).isEqualTo(1);
            assertThat(edge.sessions.size()).isZero();
        }
    }
}
