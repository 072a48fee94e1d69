package io.weft.ingest.mqtt;

import static io.weft.ingest.mqtt.EdgeHarness.CLOSED_PK;
import static io.weft.ingest.mqtt.EdgeHarness.CLOSED_SECRET;
import static io.weft.ingest.mqtt.EdgeHarness.DN;
import static io.weft.ingest.mqtt.EdgeHarness.PK;
import static io.weft.ingest.mqtt.EdgeHarness.PRODUCT_SECRET;
import static io.weft.ingest.mqtt.EdgeHarness.SECRET;
import static io.weft.ingest.mqtt.EdgeHarness.connackCode;
import static io.weft.ingest.mqtt.EdgeHarness.connect;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.weft.core.auth.DeviceSigner;
import io.weft.core.auth.ProductSigner;
import io.weft.core.auth.SignMethod;
import io.weft.core.json.Json;
import io.weft.core.registration.RegistrationAnswer;
import io.weft.core.registration.RegistrationMode;
import io.weft.core.registration.RegistrationRequest;
import io.weft.core.registry.DeviceEntry;
import io.weft.ingest.mqtt.registration.Registrar;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * Dynamic registration with the product secret at the edge, byte for byte: what the edge refuses by itself (with
 * which CONNACK code, sending nothing to the control plane), what it asks the control plane, and how each answer
 * reaches the device: CONNACK 0 + the answer on {@code /ext/register|regnwl} + close, a refusal's CONNACK code, or
 * CONNACK 0x03 when no answer comes within {@link Registrar#ANSWER_WAIT}. A registering connection is never a
 * session: no presence, nothing in the session registry.
 */
class DynamicRegistrationTest {
    private static final String NEW_DN = "meter-new";
    private final EdgeHarness edge = new EdgeHarness();

    static MqttConnectMessage registration(RegistrationMode mode, String productKey, String deviceName,
                                           String productSecret, int keepAlive) {
        DeviceSigner.MqttCredentials c = ProductSigner.registrationCredentials(mode, productKey, deviceName,
                productSecret, SignMethod.HMACSHA256, deviceName + "." + productKey, "8563");
        return connect(c.clientId(), c.username(), c.password(), keepAlive);
    }

    @ParameterizedTest
    @EnumSource(SignMethod.class)
    void register_whenSignedWithTheProductSecret_thenOneRequestAndNoConnackYet(SignMethod method) {
        DeviceSigner.MqttCredentials c = ProductSigner.registrationCredentials(RegistrationMode.REGISTER, PK, DN,
                PRODUCT_SECRET, method, "any-id", "42");
        try (MqttPeer device = edge.open()) {
            device.send(connect(c.clientId(), c.username(), c.password(), 60));

            assertThat(device.received()).as("no CONNACK before the control plane decides").isEmpty();
            assertThat(device.isOpen()).isTrue();
            assertThat(edge.registrations.requests()).singleElement().satisfies(r -> {
                assertThat(r.mode()).isEqualTo(RegistrationMode.REGISTER);
                assertThat(r.productKey()).isEqualTo(PK);
                assertThat(r.deviceName()).isEqualTo(DN);
                assertThat(r.edge()).isEqualTo("edge-1");
            });
            assertThat(edge.pendingRegistrations.size()).isEqualTo(1);
        }
    }

    /**
     * Alibaba does not check the keepalive of a registration: 0 (Paho's "none") is fine. The edge closes the
     * connection at most a second after the answer if the device does not disconnect by itself.
     */
    @Test
    void register_whenAcceptedEvenWithKeepAlive0_thenConnackAcceptedThenSecretOnExtRegisterThenClosed() {
        try (MqttPeer device = edge.open()) {
            device.channel().freezeTime();
            device.send(registration(RegistrationMode.REGISTER, PK, DN, PRODUCT_SECRET, 0));
            RegistrationRequest request = edge.registrations.requests().get(0);

            edge.pendingRegistrations.accept(RegistrationAnswer.secret(request, SECRET));

            List<MqttMessage> received = device.received();
            assertThat(received).hasSize(2);
            assertThat(((MqttConnAckMessage) received.get(0)).variableHeader().connectReturnCode())
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
            MqttPublishMessage push = (MqttPublishMessage) received.get(1);
            assertThat(push.variableHeader().topicName()).isEqualTo("/ext/register");
            assertThat(push.fixedHeader().qosLevel()).isEqualTo(MqttQoS.AT_MOST_ONCE);
            JsonNode body = Json.tree(new String(ByteBufUtil.getBytes(push.payload()), UTF_8));
            assertThat(body.get("productKey").asString()).isEqualTo(PK);
            assertThat(body.get("deviceName").asString()).isEqualTo(DN);
            assertThat(body.get("deviceSecret").asString()).isEqualTo(SECRET);
            device.channel().advanceTimeBy(999, TimeUnit.MILLISECONDS);
            device.channel().runScheduledPendingTasks();
            assertThat(device.isOpen()).as("the device may disconnect by itself for a second").isTrue();
            device.channel().advanceTimeBy(1, TimeUnit.MILLISECONDS);
            device.channel().runScheduledPendingTasks();
            assertThat(device.isOpen()).as("closed after the answer, as Alibaba does").isFalse();
            assertThat(edge.disconnector.count(Refusal.REGISTRATION_ANSWERED)).isEqualTo(1);
            assertThat(edge.sessions.size()).isZero();
            assertThat(edge.presence).as("a registration is not a session").isEmpty();
        }
    }

    @Test
    void register_whenControlPlaneSaysAlreadyRegistered_thenConnackNotAuthorizedAndNoSecret() {
        try (MqttPeer device = edge.open()) {
            device.send(registration(RegistrationMode.REGISTER, PK, DN, PRODUCT_SECRET, 60));

            edge.pendingRegistrations.accept(RegistrationAnswer.refused(edge.registrations.requests().get(0),
                    RegistrationAnswer.Outcome.ALREADY_REGISTERED));

            assertThat(connackCode(device.received())).isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED);
            assertThat(device.isOpen()).isFalse();
            assertThat(edge.disconnector.count(Refusal.REGISTRATION_ALREADY_REGISTERED)).isEqualTo(1);
        }
    }

    @Test
    void register_whenNoAnswerWithinTheWait_thenConnackServerUnavailableAndNoLongerPending() {
        try (MqttPeer device = edge.open()) {
            device.channel().freezeTime();
            device.send(registration(RegistrationMode.REGISTER, PK, DN, PRODUCT_SECRET, 60));
            RegistrationRequest request = edge.registrations.requests().get(0);

            device.channel().advanceTimeBy(Registrar.ANSWER_WAIT.toMillis() - 1, TimeUnit.MILLISECONDS);
            device.channel().runScheduledPendingTasks();
            assertThat(device.received()).as("still waiting just before the deadline").isEmpty();
            device.channel().advanceTimeBy(1, TimeUnit.MILLISECONDS);
            device.channel().runScheduledPendingTasks();

            assertThat(connackCode(device.received()))
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
            assertThat(device.isOpen()).isFalse();
            assertThat(edge.disconnector.count(Refusal.REGISTRATION_UNAVAILABLE)).isEqualTo(1);
            assertThat(edge.pendingRegistrations.size()).isZero();

            edge.pendingRegistrations.accept(RegistrationAnswer.secret(request, SECRET));
            assertThat(device.received()).as("a late answer reaches no one").isEmpty();
        }
    }

    @Test
    void register_whenTheRequestCannotBeWritten_thenConnackServerUnavailable() {
        try (MqttPeer device = edge.open()) {
            device.send(registration(RegistrationMode.REGISTER, PK, DN, PRODUCT_SECRET, 60));

            edge.registrations.fail(0);

            assertThat(connackCode(device.received()))
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
            assertThat(edge.pendingRegistrations.size()).isZero();
        }
    }

    @Test
    void register_whenAnAnswerForAnotherRequestArrives_thenStillWaiting() {
        try (MqttPeer device = edge.open()) {
            device.send(registration(RegistrationMode.REGISTER, PK, DN, PRODUCT_SECRET, 60));
            RegistrationRequest mine = edge.registrations.requests().get(0);
            RegistrationRequest other = new RegistrationRequest(mine.requestId() + 1, mine.mode(), PK, DN, "edge-2", 0L);

            edge.pendingRegistrations.accept(RegistrationAnswer.secret(other, SECRET));

            assertThat(device.received()).isEmpty();
            assertThat(device.isOpen()).isTrue();
        }
    }

    @Test
    void register_whenDeviceDisconnectsWhileWaiting_thenNoLongerPending() {
        try (MqttPeer device = edge.open()) {
            device.send(registration(RegistrationMode.REGISTER, PK, DN, PRODUCT_SECRET, 60));

            device.send(MqttMessage.DISCONNECT);

            assertThat(device.isOpen()).isFalse();
            assertThat(edge.pendingRegistrations.size()).isZero();
        }
    }

    @Test
    void register_whenProductDoesNotAllowIt_thenConnackNotAuthorizedAndNothingSent() {
        edge.add(new DeviceEntry(CLOSED_PK, DN, SECRET, true, 1L));
        assertRefusedAtTheEdge(registration(RegistrationMode.REGISTER, CLOSED_PK, DN, CLOSED_SECRET, 60),
                MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED, Refusal.REGISTRATION_NOT_ENABLED);
    }

    @Test
    void regnwl_whenProductDoesNotAllowIt_thenConnackNotAuthorizedAndNothingSent() {
        assertRefusedAtTheEdge(registration(RegistrationMode.REGNWL, CLOSED_PK, NEW_DN, CLOSED_SECRET, 60),
                MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED, Refusal.REGISTRATION_NOT_ENABLED);
    }

    @Test
    void register_whenSignedWithAnotherSecret_thenConnackBadUsernameOrPasswordAndNothingSent() {
        assertRefusedAtTheEdge(registration(RegistrationMode.REGISTER, PK, DN, "not-the-product-secret", 60),
                MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD, Refusal.BAD_CREDENTIALS);
    }

    @Test
    void register_whenSignedWithTheDeviceSecretInsteadOfTheProductSecret_thenConnackBadUsernameOrPassword() {
        assertRefusedAtTheEdge(registration(RegistrationMode.REGISTER, PK, DN, SECRET, 60),
                MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD, Refusal.BAD_CREDENTIALS);
    }

    @Test
    void register_whenProductUnknown_thenConnackBadUsernameOrPassword() {
        assertRefusedAtTheEdge(registration(RegistrationMode.REGISTER, "a1NoSuchPk", DN, PRODUCT_SECRET, 60),
                MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD, Refusal.BAD_CREDENTIALS);
    }

    @Test
    void register_whenDeviceNotInTheProduct_thenConnackNotAuthorized() {
        assertRefusedAtTheEdge(registration(RegistrationMode.REGISTER, PK, NEW_DN, PRODUCT_SECRET, 60),
                MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED, Refusal.REGISTRATION_UNKNOWN_DEVICE);
    }

    @Test
    void regnwl_whenDeviceAlreadyExists_thenConnackNotAuthorized() {
        assertRefusedAtTheEdge(registration(RegistrationMode.REGNWL, PK, DN, PRODUCT_SECRET, 60),
                MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED, Refusal.REGISTRATION_ALREADY_REGISTERED);
    }

    @Test
    void register_whenRegistryNotLoaded_thenConnackServerUnavailable() {
        EdgeHarness cold = new EdgeHarness(MqttEdgeConfig.defaults(0), false);
        try (MqttPeer device = cold.open()) {
            device.send(registration(RegistrationMode.REGISTER, PK, DN, PRODUCT_SECRET, 60));

            assertThat(connackCode(device.received()))
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
            assertThat(cold.registrations.requests()).isEmpty();
        }
    }

    /**
     * Registration-free: the device is created by the control plane; once this edge's registry has it, the device
     * gets the clientId and token on {@code /ext/regnwl}, and then connects with {@code authType=connwl}.
     */
    @Test
    void regnwl_whenAccepted_thenTokenOnExtRegnwlAndThenConnwlConnects() {
        try (MqttPeer device = edge.open()) {
            device.send(registration(RegistrationMode.REGNWL, PK, NEW_DN, PRODUCT_SECRET, 60));
            RegistrationRequest request = edge.registrations.requests().get(0);
            assertThat(request.mode()).isEqualTo(RegistrationMode.REGNWL);
            edge.add(new DeviceEntry(PK, NEW_DN, "t0ken-of-meter-new", true, 2L));

            edge.pendingRegistrations.accept(RegistrationAnswer.token(request, PK + "." + NEW_DN, "t0ken-of-meter-new"));

            List<MqttMessage> received = device.received();
            assertThat(received).hasSize(2);
            MqttPublishMessage push = (MqttPublishMessage) received.get(1);
            assertThat(push.variableHeader().topicName()).isEqualTo("/ext/regnwl");
            JsonNode body = Json.tree(new String(ByteBufUtil.getBytes(push.payload()), UTF_8));
            assertThat(body.get("clientId").asString()).isEqualTo(PK + "." + NEW_DN);
            assertThat(body.get("deviceToken").asString()).isEqualTo("t0ken-of-meter-new");
            device.send(MqttMessage.DISCONNECT);
            assertThat(device.isOpen()).as("the device's DISCONNECT closes it at once").isFalse();
            assertThat(edge.disconnector.count(Refusal.REGISTRATION_ANSWERED)).isEqualTo(1);
        }
        DeviceSigner.MqttCredentials connwl = ProductSigner.tokenCredentials(PK + "." + NEW_DN, PK, NEW_DN,
                "t0ken-of-meter-new");
        try (MqttPeer device = edge.open()) {
            device.send(connect(connwl.clientId(), connwl.username(), connwl.password(), 60));

            assertThat(connackCode(device.received())).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
            assertThat(edge.sessions.size()).isEqualTo(1);
        }
    }

    @Test
    void connwl_whenTokenWrong_thenConnackBadUsernameOrPassword() {
        DeviceSigner.MqttCredentials connwl = ProductSigner.tokenCredentials(PK + "." + DN, PK, DN, "not-the-token");
        try (MqttPeer device = edge.open()) {
            device.send(connect(connwl.clientId(), connwl.username(), connwl.password(), 60));

            assertThat(connackCode(device.received()))
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
        }
    }

    @Test
    void connwl_whenNoPassword_thenConnackBadUsernameOrPassword() {
        try (MqttPeer device = edge.open()) {
            device.send(MqttMessageBuilders.connect().protocolVersion(io.netty.handler.codec.mqtt.MqttVersion.MQTT_3_1_1)
                    .clientId("x|securemode=-2,authType=connwl|").username(DN + "&" + PK).keepAlive(60)
                    .cleanSession(true).build());

            assertThat(connackCode(device.received()))
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
        }
    }

    private void assertRefusedAtTheEdge(MqttConnectMessage connect, MqttConnectReturnCode code, Refusal refusal) {
        try (MqttPeer device = edge.open()) {
            device.send(connect);

            assertThat(connackCode(device.received())).isEqualTo(code);
            assertThat(device.isOpen()).isFalse();
            assertThat(edge.disconnector.count(refusal)).isEqualTo(1);
            assertThat(edge.registrations.requests()).as("nothing asked of the control plane").isEmpty();
            assertThat(edge.pendingRegistrations.size()).isZero();
        }
    }
}
