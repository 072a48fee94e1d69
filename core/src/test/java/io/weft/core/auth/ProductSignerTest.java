package io.weft.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.core.auth.MqttConnectVerifier.Verdict;
import io.weft.core.registration.RegistrationMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Verifies that {@link ProductSigner} signs a dynamic registration as Alibaba's Link SDKs do: HMAC keyed with the
 * product secret over {@code deviceName{dn}productKey{pk}random{r}}. Expected signatures are vectors computed with
 * OpenSSL:
 * <pre>
 * printf '%s' 'deviceNamedevice1productKeya1PkMeterrandom8563' | openssl dgst -md5    -hmac 'pr0duct-s3cret'
 * printf '%s' 'deviceNamedevice1productKeya1PkMeterrandom8563' | openssl dgst -sha1   -hmac 'pr0duct-s3cret'
 * printf '%s' 'deviceNamedevice1productKeya1PkMeterrandom8563' | openssl dgst -sha256 -hmac 'pr0duct-s3cret'
 * </pre>
 */
class ProductSignerTest {
    private static final String PK = "a1PkMeter";
    private static final String DN = "device1";
    private static final String PRODUCT_SECRET = "pr0duct-s3cret";
    private static final DeviceIdentity DEVICE = new DeviceIdentity(PK, DN);
    // printf '%s' 'deviceNamedevice1productKeya1PkMeterrandom8563' | openssl dgst -sha256 -hmac 'pr0duct-s3cret'
    private static final String SHA256 = "0dd34792e740d68df9e419d573a28275e8673ac24c81545ac9d8a5d7d42e1ffe";

    @Test
    void content_isDeviceNameProductKeyRandomInKeyOrder() {
        assertThat(ProductSigner.content(PK, DN, "8563")).isEqualTo("deviceNamedevice1productKeya1PkMeterrandom8563");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // printf '%s' 'deviceNamedevice1productKeya1PkMeterrandom8563' | openssl dgst -md5 -hmac 'pr0duct-s3cret'
            "HMACMD5,    b93e32853aefdeab1d4bea2abada18c7",
            // printf '%s' 'deviceNamedevice1productKeya1PkMeterrandom8563' | openssl dgst -sha1 -hmac 'pr0duct-s3cret'
            "HMACSHA1,   042ee8842339cfb5b00f974e42d762eb89be4081",
            // printf '%s' 'deviceNamedevice1productKeya1PkMeterrandom8563' | openssl dgst -sha256 -hmac 'pr0duct-s3cret'
            "HMACSHA256, 0dd34792e740d68df9e419d573a28275e8673ac24c81545ac9d8a5d7d42e1ffe",
    })
    void sign_matchesOpenSslVector(SignMethod method, String expectedHex) {
        assertThat(ProductSigner.sign(method, PRODUCT_SECRET, PK, DN, "8563")).isEqualTo(expectedHex);
    }

    @Test
    void registrationCredentials_whenRegister_thenAlibabaClientIdUsernameAndSignedPassword() {
        DeviceSigner.MqttCredentials c = ProductSigner.registrationCredentials(RegistrationMode.REGISTER, PK, DN,
                PRODUCT_SECRET, SignMethod.HMACSHA256, "dev-42", "8563");

        assertThat(c.clientId()).isEqualTo("dev-42|securemode=2,authType=register,random=8563,signmethod=hmacsha256|");
        assertThat(c.username()).isEqualTo("device1&a1PkMeter");
        assertThat(c.password()).isEqualTo(SHA256);
    }

    @Test
    void registrationCredentials_whenRegnwl_thenSecureModeMinus2AndTheSameSignature() {
        DeviceSigner.MqttCredentials c = ProductSigner.registrationCredentials(RegistrationMode.REGNWL, PK, DN,
                PRODUCT_SECRET, SignMethod.HMACSHA256, "dev-42", "8563");

        assertThat(c.clientId()).isEqualTo("dev-42|securemode=-2,authType=regnwl,random=8563,signmethod=hmacsha256|");
        assertThat(c.password()).isEqualTo(SHA256);
    }

    @Test
    void tokenCredentials_areTheIssuedClientIdWithConnwlAndTheTokenAsPassword() {
        DeviceSigner.MqttCredentials c = ProductSigner.tokenCredentials("a1PkMeter.device1", PK, DN, "tok");

        assertThat(c.clientId()).isEqualTo("a1PkMeter.device1|securemode=-2,authType=connwl|");
        assertThat(c.username()).isEqualTo("device1&a1PkMeter");
        assertThat(c.password()).isEqualTo("tok");
    }

    /** The clientId Alibaba's C SDK 4.x builds: {@code dn.pk|random=..,authType=..,securemode=2,signmethod=..|}. */
    @ParameterizedTest
    @ValueSource(strings = {"register", "regnwl"})
    void verify_whenCSdk4ClientIdInItsOrder_thenAcceptedAndModeRecognised(String authType) {
        MqttClientId clientId = MqttClientId.parse(
                DN + "." + PK + "|random=8563,authType=" + authType + ",securemode=2,signmethod=hmacsha256|");

        assertThat(ProductSigner.registrationMode(clientId)).map(RegistrationMode::authType).hasValue(authType);
        assertThat(ProductSigner.verify(clientId, DEVICE, SHA256, PRODUCT_SECRET)).isEqualTo(Verdict.ACCEPTED);
        assertThat(ProductSigner.verify(clientId, DEVICE, SHA256.toUpperCase(), PRODUCT_SECRET))
                .as("hex compared case-insensitively").isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void verify_whenSignedWithAnotherSecret_thenBadSignature() {
        MqttClientId clientId = MqttClientId.parse("x|securemode=2,authType=register,random=8563,signmethod=hmacsha256|");
        // printf '%s' 'deviceNamedevice1productKeya1PkMeterrandom8563' | openssl dgst -sha256 -hmac 'other'
        String otherSecret = "6560a34b9d99d0dad82fd7bc519ba6cd76a0c2b23f42e1ec92e4516570eda3b4";

        assertThat(ProductSigner.verify(clientId, DEVICE, otherSecret, PRODUCT_SECRET)).isEqualTo(Verdict.BAD_SIGNATURE);
    }

    @Test
    void verify_whenRandomMissingOrOtherRandom_thenBadSignature() {
        MqttClientId noRandom = MqttClientId.parse("x|securemode=2,authType=register,signmethod=hmacsha256|");
        MqttClientId otherRandom = MqttClientId.parse("x|securemode=2,authType=register,random=1,signmethod=hmacsha256|");

        assertThat(ProductSigner.verify(noRandom, DEVICE, SHA256, PRODUCT_SECRET)).isEqualTo(Verdict.BAD_SIGNATURE);
        assertThat(ProductSigner.verify(otherRandom, DEVICE, SHA256, PRODUCT_SECRET)).isEqualTo(Verdict.BAD_SIGNATURE);
    }

    @Test
    void verify_whenSignMethodMissingOrUnknown_thenUnsupportedSignMethod() {
        MqttClientId unknown = MqttClientId.parse("x|securemode=2,authType=register,random=8563,signmethod=hmacsha512|");

        assertThat(ProductSigner.verify(unknown, DEVICE, SHA256, PRODUCT_SECRET))
                .isEqualTo(Verdict.UNSUPPORTED_SIGN_METHOD);
    }

    @Test
    void verify_whenNoProductSecretOrNullPassword_thenBadSignatureNotAnException() {
        MqttClientId clientId = MqttClientId.parse("x|securemode=2,authType=register,random=8563,signmethod=hmacsha256|");

        assertThat(ProductSigner.verify(clientId, DEVICE, SHA256, null)).isEqualTo(Verdict.BAD_SIGNATURE);
        assertThat(ProductSigner.verify(clientId, DEVICE, null, PRODUCT_SECRET)).isEqualTo(Verdict.BAD_SIGNATURE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"x|securemode=-2,authType=connwl|", "x|securemode=-2,authtype=CONNWL|"})
    void isTokenConnect_whenConnwl_thenTrueAndNoRegistrationMode(String raw) {
        MqttClientId clientId = MqttClientId.parse(raw);

        assertThat(ProductSigner.isTokenConnect(clientId)).isEqualTo(raw.contains("authType"));
        assertThat(ProductSigner.registrationMode(clientId)).isEmpty();
    }
}
