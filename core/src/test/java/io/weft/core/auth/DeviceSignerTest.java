package io.weft.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Verifies that {@link DeviceSigner} signs exactly as Alibaba's Link SDKs do (ALIBABA.md, "MQTT CONNECT"): the
 * password is the lowercase hex HMAC, keyed with the device secret, of the key+value concatenation of
 * clientId, deviceName, productKey and timestamp sorted by key.
 *
 * <p>The expected signatures are vectors computed outside Java, with OpenSSL, e.g.
 * <pre>
 * printf '%s' 'clientId12345deviceNamedeviceproductKeypktimestamp789' | openssl dgst -md5    -hmac secret
 * printf '%s' 'clientId12345deviceNamedeviceproductKeypktimestamp789' | openssl dgst -sha1   -hmac secret
 * printf '%s' 'clientId12345deviceNamedeviceproductKeypktimestamp789' | openssl dgst -sha256 -hmac secret
 * </pre>
 */
class DeviceSignerTest {

    /** ALIBABA.md's example content for clientId id 12345, device "device", product "pk", timestamp 789. */
    private static final String EXAMPLE_CONTENT = "clientId12345deviceNamedeviceproductKeypktimestamp789";

    @Test
    void content_whenAllFieldsPresent_thenKeysSortedAndConcatenatedAsAlibabaDocuments() {
        assertThat(DeviceSigner.content("12345", "pk", "device", "789")).isEqualTo(EXAMPLE_CONTENT);
    }

    @Test
    void content_whenNoClientIdAndNoTimestamp_thenOnlyDeviceNameAndProductKey() {
        assertThat(DeviceSigner.content(null, "pk", "device", null)).isEqualTo("deviceNamedeviceproductKeypk");
        assertThat(DeviceSigner.content("", "pk", "device", null)).isEqualTo("deviceNamedeviceproductKeypk");
    }

    @Test
    void content_whenTimestampButNoClientId_thenTimestampStillLast() {
        assertThat(DeviceSigner.content(null, "pk", "device", "789"))
                .isEqualTo("deviceNamedeviceproductKeypktimestamp789");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // printf '%s' 'clientId12345deviceNamedeviceproductKeypktimestamp789' | openssl dgst -md5 -hmac secret
            "HMACMD5,    14b198324fe55e1d3c88f2e705e201ee",
            // printf '%s' 'clientId12345deviceNamedeviceproductKeypktimestamp789' | openssl dgst -sha1 -hmac secret
            "HMACSHA1,   fafd82a3d602b37fb0fa8b7892f24a477f851a14",
            // printf '%s' 'clientId12345deviceNamedeviceproductKeypktimestamp789' | openssl dgst -sha256 -hmac secret
            "HMACSHA256, 6074a46a91b1ebb2cc4ea42790ad0e80202c9843859fc292e57c4eb19fad9e57",
    })
    void sign_whenAlibabaExample_thenMatchesOpenSslVector(SignMethod method, String expectedHex) {
        assertThat(DeviceSigner.sign(method, "secret", "12345", "pk", "device", "789")).isEqualTo(expectedHex);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // printf '%s' 'deviceNamedeviceproductKeypktimestamp789' | openssl dgst -md5 -hmac secret
            "HMACMD5,    eb2142b767837403c9a42deb2dc6b3cb",
            // printf '%s' 'deviceNamedeviceproductKeypktimestamp789' | openssl dgst -sha1 -hmac secret
            "HMACSHA1,   8df5ca1bf11f2c9e427750f4967c85442496f68f",
            // printf '%s' 'deviceNamedeviceproductKeypktimestamp789' | openssl dgst -sha256 -hmac secret
            "HMACSHA256, df9f81c119373aab3e594e85db97c1d4aadacf4e8f345792bc4ab7eb50c4165d",
    })
    void sign_whenClientIdOmittedFromContent_thenMatchesOpenSslVector(SignMethod method, String expectedHex) {
        assertThat(DeviceSigner.sign(method, "secret", null, "pk", "device", "789")).isEqualTo(expectedHex);
    }

    @Test
    void sign_whenCSdkDefaults_thenMatchesOpenSslVector() {
        // printf '%s' 'clientIdpk.dndeviceNamednproductKeypktimestamp2524608000000' \
        //   | openssl dgst -sha256 -hmac dsecret
        assertThat(DeviceSigner.sign(SignMethod.HMACSHA256, "dsecret", "pk.dn", "pk", "dn", "2524608000000"))
                .isEqualTo("84c53cdc8ebc7c26a36b97eecf3a3ee861863381a753fb11cea7a35b1f9e63fb");
    }

    @Test
    void sign_whenSecretIsNotAscii_thenKeyIsItsUtf8Bytes() {
        // printf '%s' 'clientIdabcdeviceNamedeviceproductKeypktimestamp789' | openssl dgst -sha256 -hmac 'sécret'
        // (run in a UTF-8 shell, so the key is the UTF-8 encoding of "sécret")
        assertThat(DeviceSigner.sign(SignMethod.HMACSHA256, "sécret", "abc", "pk", "device", "789"))
                .isEqualTo("0e29f62217d7b523a95ba6f6eee388ef6120b66fb3200d5846ffa7c1e032c828");
    }

    @Test
    void sign_alwaysLowercaseHex() {
        for (SignMethod method : SignMethod.values()) {
            assertThat(DeviceSigner.sign(method, "secret", "12345", "pk", "device", "789")).matches("[0-9a-f]+");
        }
    }

    @Test
    void mqttCredentials_whenTimestampGiven_thenAlibabaClientIdUsernameAndSignedPassword() {
        DeviceSigner.MqttCredentials credentials =
                DeviceSigner.mqttCredentials("pk", "device", "secret", SignMethod.HMACSHA256, "12345", "789");

        assertThat(credentials.clientId()).isEqualTo("12345|securemode=3,signmethod=hmacsha256,timestamp=789|");
        assertThat(credentials.username()).isEqualTo("device&pk");
        assertThat(credentials.password())
                .isEqualTo("6074a46a91b1ebb2cc4ea42790ad0e80202c9843859fc292e57c4eb19fad9e57");
    }

    @Test
    void mqttCredentials_whenNoTimestamp_thenClientIdHasNoTimestampPair() {
        DeviceSigner.MqttCredentials credentials =
                DeviceSigner.mqttCredentials("pk", "device", "secret", SignMethod.HMACMD5, "12345", null);

        assertThat(credentials.clientId()).isEqualTo("12345|securemode=3,signmethod=hmacmd5|");
        // printf '%s' 'clientId12345deviceNamedeviceproductKeypk' | openssl dgst -md5 -hmac secret
        assertThat(credentials.password()).isEqualTo("2ce7304ec0ddd548eb1492d65ac0b334");
    }
}
