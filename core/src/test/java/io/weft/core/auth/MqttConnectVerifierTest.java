package io.weft.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.weft.core.auth.MqttConnectVerifier.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Verifies that an Alibaba-signed MQTT CONNECT is accepted exactly when its password is the device's HMAC, and
 * that malformed input is refused with a verdict, never an exception. Signatures are OpenSSL vectors (see
 * {@link DeviceSignerTest}).
 */
class MqttConnectVerifierTest {
    private static final DeviceIdentity DEVICE = new DeviceIdentity("pk", "device");
    private static final String SECRET = "secret";

    // printf '%s' 'clientId12345deviceNamedeviceproductKeypktimestamp789' | openssl dgst -sha256 -hmac secret
    private static final String SHA256_WITH_CLIENT_ID =
            "6074a46a91b1ebb2cc4ea42790ad0e80202c9843859fc292e57c4eb19fad9e57";
    // printf '%s' 'deviceNamedeviceproductKeypktimestamp789' | openssl dgst -sha256 -hmac secret
    private static final String SHA256_WITHOUT_CLIENT_ID =
            "df9f81c119373aab3e594e85db97c1d4aadacf4e8f345792bc4ab7eb50c4165d";

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "hmacmd5,    14b198324fe55e1d3c88f2e705e201ee",
            "hmacsha1,   fafd82a3d602b37fb0fa8b7892f24a477f851a14",
            "hmacsha256, 6074a46a91b1ebb2cc4ea42790ad0e80202c9843859fc292e57c4eb19fad9e57",
    })
    void verify_whenSignedWithMethodAndTimestamp_thenAccepted(String method, String password) {
        String clientId = "12345|securemode=3,signmethod=" + method + ",timestamp=789|";

        assertThat(MqttConnectVerifier.verify(clientId, DEVICE, password, SECRET)).isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void verify_whenSignedWithoutClientIdInContent_thenAccepted() {
        String clientId = "12345|securemode=3,signmethod=hmacsha256,timestamp=789|";

        assertThat(MqttConnectVerifier.verify(clientId, DEVICE, SHA256_WITHOUT_CLIENT_ID, SECRET))
                .isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void verify_whenCSdkClientIdWithTimestampIn2050_thenAcceptedBecauseThereIsNoClockWindow() {
        String clientId =
                "pk.dn|timestamp=2524608000000,_v=sdk-c-3.x,securemode=3,signmethod=hmacsha256,lan=C,gw=0,ext=0|";
        // printf '%s' 'clientIdpk.dndeviceNamednproductKeypktimestamp2524608000000' | openssl dgst -sha256 -hmac dsecret
        String password = "84c53cdc8ebc7c26a36b97eecf3a3ee861863381a753fb11cea7a35b1f9e63fb";

        assertThat(MqttConnectVerifier.verify(clientId, new DeviceIdentity("pk", "dn"), password, "dsecret"))
                .isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void verify_whenNoTimestampInClientId_thenContentHasNoTimestampAndAccepted() {
        // printf '%s' 'clientIdpk.dndeviceNamednproductKeypk' | openssl dgst -sha1 -hmac dsecret
        String password = "e046796148e5372440fab771c7f59befdf357e7e";

        assertThat(MqttConnectVerifier.verify("pk.dn|securemode=2,signmethod=hmacsha1|",
                new DeviceIdentity("pk", "dn"), password, "dsecret")).isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void verify_whenPasswordInUppercaseHex_thenAccepted() {
        String clientId = "12345|securemode=3,signmethod=hmacsha256,timestamp=789|";

        assertThat(MqttConnectVerifier.verify(clientId, DEVICE, SHA256_WITH_CLIENT_ID.toUpperCase(), SECRET))
                .isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void verify_whenSignMethodNameInMixedCase_thenAccepted() {
        String clientId = "12345|securemode=3,signmethod=HmacSHA256,timestamp=789|";

        assertThat(MqttConnectVerifier.verify(clientId, DEVICE, SHA256_WITH_CLIENT_ID, SECRET))
                .isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void verify_whenPairsInAnotherOrderWithUnknownPairs_thenAccepted() {
        String clientId = "12345|lan=C,timestamp=789,_v=x,signmethod=hmacsha256,securemode=3,gw=0|";

        assertThat(MqttConnectVerifier.verify(clientId, DEVICE, SHA256_WITH_CLIENT_ID, SECRET))
                .isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void verify_whenOneHexDigitAltered_thenBadSignature() {
        String clientId = "12345|securemode=3,signmethod=hmacsha256,timestamp=789|";
        String tampered = "7" + SHA256_WITH_CLIENT_ID.substring(1);

        assertThat(MqttConnectVerifier.verify(clientId, DEVICE, tampered, SECRET)).isEqualTo(Verdict.BAD_SIGNATURE);
    }

    @Test
    void verify_whenCheckedWithAnotherDevicesSecret_thenBadSignature() {
        String clientId = "12345|securemode=3,signmethod=hmacsha256,timestamp=789|";

        assertThat(MqttConnectVerifier.verify(clientId, DEVICE, SHA256_WITH_CLIENT_ID, "not-the-secret"))
                .isEqualTo(Verdict.BAD_SIGNATURE);
    }

    @Test
    void verify_whenTimestampInClientIdDiffersFromSignedOne_thenBadSignature() {
        String clientId = "12345|securemode=3,signmethod=hmacsha256,timestamp=790|";

        assertThat(MqttConnectVerifier.verify(clientId, DEVICE, SHA256_WITH_CLIENT_ID, SECRET))
                .isEqualTo(Verdict.BAD_SIGNATURE);
    }

    @Test
    void verify_whenIdInClientIdDiffersFromSignedOne_thenBadSignature() {
        String clientId = "99999|securemode=3,signmethod=hmacsha256,timestamp=789|";

        assertThat(MqttConnectVerifier.verify(clientId, DEVICE, SHA256_WITH_CLIENT_ID, SECRET))
                .isEqualTo(Verdict.BAD_SIGNATURE);
    }

    @Test
    void verify_whenClientIdClaimsAnotherSignMethod_thenBadSignature() {
        String clientId = "12345|securemode=3,signmethod=hmacsha1,timestamp=789|";

        assertThat(MqttConnectVerifier.verify(clientId, DEVICE, SHA256_WITH_CLIENT_ID, SECRET))
                .isEqualTo(Verdict.BAD_SIGNATURE);
    }

    @Test
    void verify_whenSignedForAnotherDevice_thenBadSignature() {
        String clientId = "12345|securemode=3,signmethod=hmacsha256,timestamp=789|";

        assertThat(MqttConnectVerifier.verify(clientId, new DeviceIdentity("pk", "device2"), SHA256_WITH_CLIENT_ID,
                SECRET)).isEqualTo(Verdict.BAD_SIGNATURE);
        assertThat(MqttConnectVerifier.verify(clientId, new DeviceIdentity("device", "pk"), SHA256_WITH_CLIENT_ID,
                SECRET)).isEqualTo(Verdict.BAD_SIGNATURE);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"not-hex", " "})
    void verify_whenPasswordMissingOrGarbage_thenBadSignature(String password) {
        String clientId = "12345|securemode=3,signmethod=hmacsha256,timestamp=789|";

        assertThat(MqttConnectVerifier.verify(clientId, DEVICE, password, SECRET)).isEqualTo(Verdict.BAD_SIGNATURE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "12345|securemode=3,timestamp=789|",
            "12345|securemode=3,signmethod=hmacsha512,timestamp=789|",
            "12345|securemode=3,signmethod=,timestamp=789|",
            "12345",
            "",
    })
    void verify_whenSignMethodMissingOrUnknown_thenUnsupportedSignMethod(String clientId) {
        assertThat(MqttConnectVerifier.verify(clientId, DEVICE, SHA256_WITH_CLIENT_ID, SECRET))
                .isEqualTo(Verdict.UNSUPPORTED_SIGN_METHOD);
    }

    /** The class promises a verdict, never an exception, on malformed input; a missing clientId is such input. */
    @Test
    void verify_whenClientIdNull_thenRefusedWithoutThrowing() {
        assertThatCode(() -> assertThat(MqttConnectVerifier.verify(null, DEVICE, SHA256_WITH_CLIENT_ID, SECRET))
                .isNotEqualTo(Verdict.ACCEPTED)).doesNotThrowAnyException();
    }

    @Test
    void verify_whenCredentialsFromDeviceSigner_thenAcceptedForEveryMethod() {
        for (SignMethod method : SignMethod.values()) {
            DeviceSigner.MqttCredentials c =
                    DeviceSigner.mqttCredentials("a1B2c3", "sensor-7", "s3cr3t", method, "a1B2c3.sensor-7", "1");
            DeviceIdentity claimed = MqttConnectVerifier.claimedIdentity(c.username()).orElseThrow();

            assertThat(MqttConnectVerifier.verify(c.clientId(), claimed, c.password(), "s3cr3t"))
                    .as(method.wireName()).isEqualTo(Verdict.ACCEPTED);
        }
    }

    @Test
    void claimedIdentity_whenDeviceNameAmpersandProductKey_thenParsed() {
        assertThat(MqttConnectVerifier.claimedIdentity("device&pk")).contains(new DeviceIdentity("pk", "device"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"devicepk", "&pk", "device&", "&", "device&pk&x", "a&&b", "&&"})
    void claimedIdentity_whenUsernameMalformed_thenEmpty(String username) {
        assertThat(MqttConnectVerifier.claimedIdentity(username)).isEmpty();
    }
}
