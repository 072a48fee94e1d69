package io.weft.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.weft.core.auth.DeviceSigner;
import io.weft.core.auth.ProductSigner;
import io.weft.core.auth.SignMethod;
import io.weft.core.registration.RegistrationMode;
import io.weft.standalone.WeftStandalone;

import java.time.Duration;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Dynamic registration end to end on standalone Weft, with Eclipse Paho devices over TLS: a pre-registered device
 * gets its secret on {@code /ext/register} once, then connects with it and posts a property; a second registration
 * is refused (CONNACK 0x05); registration-free gets a token on {@code /ext/regnwl} and connects with
 * {@code authType=connwl}; a product without dynamic registration refuses it. The edge asks the control plane
 * through Kafka ({@code weft.registrations}), as it would across processes.
 */
class DynamicRegistrationIT {
    private static final String TSL = """
            {"properties":[{"identifier":"Temp","name":"Temperature","accessMode":"rw",
               "dataType":{"type":"float","specs":{"min":"-40","max":"120","step":"0.1"}}}]}""";

    @RegisterExtension
    static final SharedWeft WEFT = new SharedWeft();
    static WeftStandalone weft;
    static WeftApi api;
    static String open;
    static String openSecret;

    @BeforeAll
    static void createProduct() throws Exception {
        weft = WEFT.weft();
        api = WEFT.api();
        open = api.createUniqueProduct("dyn", "Meter", TSL);
        WeftApi.Response enabled = api.put("/api/v1/products/" + open + "/dynamic-registration",
                "{\"dynamicRegistration\":true,\"registrationFree\":true}");
        assertThat(enabled.status()).as(enabled.body()).isEqualTo(200);
        openSecret = enabled.json().path("productSecret").asString();
    }

    @Test
    void register_thenSecretOnExtRegisterOnce_andTheDeviceConnectsWithItAndPosts() throws Exception {
        String restSecret = api.registerDevice(open, "meter-1").secret();

        PahoRegistration.Answer answer = register(RegistrationMode.REGISTER, open, "meter-1", openSecret);

        assertThat(answer.topic()).isEqualTo("/ext/register");
        assertThat(answer.body().path("productKey").asString()).isEqualTo(open);
        assertThat(answer.body().path("deviceName").asString()).isEqualTo("meter-1");
        String secret = answer.body().path("deviceSecret").asString();
        assertThat(secret).isEqualTo(restSecret);
        postProperty(PahoDevice.connect(weft.config().mqttPort(), new TestDevice(open, "meter-1", secret)),
                new TestDevice(open, "meter-1", secret));

        MqttException again = catchThrowableOfType(MqttException.class,
                () -> register(RegistrationMode.REGISTER, open, "meter-1", openSecret));
        assertThat(again.getReasonCode()).as("a secret is handed out once: CONNACK 0x05")
                .isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED);
    }

    @Test
    void regnwl_thenTokenOnExtRegnwl_andConnwlConnectsAndPosts() throws Exception {
        PahoRegistration.Answer answer = register(RegistrationMode.REGNWL, open, "meter-free", openSecret);

        assertThat(answer.topic()).isEqualTo("/ext/regnwl");
        String clientId = answer.body().path("clientId").asString();
        String token = answer.body().path("deviceToken").asString();
        assertThat(clientId).isNotBlank();
        assertThat(token).isNotBlank();
        DeviceSigner.MqttCredentials connwl = ProductSigner.tokenCredentials(clientId, open, "meter-free", token);
        postProperty(PahoDevice.connect("tcp://127.0.0.1:" + weft.config().mqttPort(), connwl),
                new TestDevice(open, "meter-free", token));
        assertThat(api.get("/api/v1/devices/" + open + "/meter-free").status()).isEqualTo(200);

        MqttException again = catchThrowableOfType(MqttException.class,
                () -> register(RegistrationMode.REGNWL, open, "meter-free", openSecret));
        assertThat(again.getReasonCode()).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED);
    }

    @Test
    void register_whenTheProductHasNoDynamicRegistration_thenConnackNotAuthorized() throws Exception {
        String closed = api.createUniqueProduct("dyn", "Closed", TSL);
        String closedSecret = api.get("/api/v1/products/" + closed).json().path("productSecret").asString();
        api.registerDevice(closed, "meter-1");

        for (RegistrationMode mode : RegistrationMode.values()) {
            MqttException refused = catchThrowableOfType(MqttException.class,
                    () -> register(mode, closed, mode == RegistrationMode.REGISTER ? "meter-1" : "meter-new",
                            closedSecret));
            assertThat(refused.getReasonCode()).as(mode.toString())
                    .isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED);
        }
    }

    @Test
    void register_whenSignedWithAWrongProductSecret_thenConnackBadUserNameOrPassword() throws Exception {
        api.registerDevice(open, "meter-wrong");

        MqttException refused = catchThrowableOfType(MqttException.class,
                () -> register(RegistrationMode.REGISTER, open, "meter-wrong", "not-the-product-secret"));

        assertThat(refused.getReasonCode()).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
    }

    private static PahoRegistration.Answer register(RegistrationMode mode, String productKey, String deviceName,
                                                    String productSecret) throws Exception {
        DeviceSigner.MqttCredentials credentials = ProductSigner.registrationCredentials(mode, productKey,
                deviceName, productSecret, SignMethod.HMACSHA256, productKey + "." + deviceName,
                Long.toString(System.nanoTime()));
        return PahoRegistration.register(weft.config().mqtt().tlsPort(),
                weft.config().tlsDir().resolve("server.crt"), credentials);
    }

    private static void postProperty(PahoDevice paho, TestDevice device) throws Exception {
        try (paho) {
            paho.subscribe(device.replyTopic());
            paho.publish(device.postTopic(), """
                    {"id":"1","version":"1.0","params":{"Temp":21.5},"method":"thing.event.property.post"}""", 1);
            JsonNode reply = paho.nextMessage(Duration.ofSeconds(60));
            assertThat(reply.path("code").asInt()).as(reply.toString()).isEqualTo(200);
        }
    }
}
