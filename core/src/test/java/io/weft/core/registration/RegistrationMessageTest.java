package io.weft.core.registration;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.core.json.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Verifies the records on {@code weft.registrations}: requests and answers travel as one polymorphic JSON type told
 * apart by {@code kind}, and the answer's device payload is exactly what Alibaba pushes on {@code /ext/register}
 * and {@code /ext/regnwl}.
 */
class RegistrationMessageTest {
    private static final RegistrationRequest REQUEST = new RegistrationRequest(42L, RegistrationMode.REGISTER,
            "pk", "dn", "edge-1", 1_700_000_000_000L);

    @Test
    void roundTrip_whenReadAsTheInterface_thenTheRightRecordComesBack() {
        RegistrationAnswer answer = RegistrationAnswer.secret(REQUEST, "s3cr3t");

        assertThat(Json.read(Json.write(REQUEST), RegistrationMessage.class)).isEqualTo(REQUEST);
        assertThat(Json.read(Json.write(answer), RegistrationMessage.class)).isEqualTo(answer);
        assertThat(Json.tree(Json.writeString(REQUEST)).get("kind").asString()).isEqualTo("request");
        assertThat(REQUEST.key()).isEqualTo("pk/dn");
    }

    @Test
    void devicePayload_whenRegister_thenProductKeyDeviceNameDeviceSecret() {
        JsonNode body = Json.tree(new String(RegistrationAnswer.secret(REQUEST, "s3cr3t").devicePayload(),
                java.nio.charset.StandardCharsets.UTF_8));

        assertThat(body.propertyNames()).containsExactly("productKey", "deviceName", "deviceSecret");
        assertThat(body.get("deviceSecret").asString()).isEqualTo("s3cr3t");
    }

    @Test
    void devicePayload_whenRegnwl_thenClientIdProductKeyDeviceNameDeviceToken() {
        RegistrationRequest regnwl = new RegistrationRequest(43L, RegistrationMode.REGNWL, "pk", "dn", "e", 1L);
        JsonNode body = Json.tree(new String(RegistrationAnswer.token(regnwl, "pk.dn", "tok").devicePayload(),
                java.nio.charset.StandardCharsets.UTF_8));

        assertThat(body.propertyNames()).containsExactly("clientId", "productKey", "deviceName", "deviceToken");
        assertThat(body.get("clientId").asString()).isEqualTo("pk.dn");
        assertThat(body.get("deviceToken").asString()).isEqualTo("tok");
    }

    @Test
    void refused_carriesNoSecret() {
        RegistrationAnswer refused = RegistrationAnswer.refused(REQUEST, RegistrationAnswer.Outcome.ALREADY_REGISTERED);

        assertThat(refused.accepted()).isFalse();
        assertThat(refused.deviceSecret()).isNull();
        assertThat(refused.requestId()).isEqualTo(42L);
    }
}
