package io.weft.core.auth;

import io.weft.core.registration.RegistrationMode;
import java.util.Optional;

/**
 * Signatures of a dynamic registration, as Alibaba's Link SDKs compute them (one secret per product): the password
 * is the lowercase hex HMAC, keyed with the product secret, of {@code deviceName{dn}productKey{pk}random{r}} (the
 * same sorted key+value rule as {@link DeviceSigner}, over other fields), where {@code random} is the value of the
 * clientId's {@code random} pair. The clientId is {@code {id}|securemode=2,authType=register,random={r},signmethod={m}|}
 * (Alibaba's docs write {@code securemode=-2} for {@code regnwl}; its C SDK 4.x sends {@code securemode=2} for both:
 * the securemode is not checked), and the username is {@code {deviceName}&{productKey}}.
 *
 * <p>After a registration-free ({@code regnwl}) registration the device connects with
 * {@code {clientId}|securemode=-2,authType=connwl|} and the device token as the plain password.
 */
public final class ProductSigner {
    private ProductSigner() {
    }

    /** The content that is signed, e.g. {@code deviceNamedevproductKeypkrandom123}. */
    public static String content(String productKey, String deviceName, String random) {
        return "deviceName" + deviceName + "productKey" + productKey + "random" + random;
    }

    public static String sign(SignMethod method, String productSecret, String productKey, String deviceName,
                              String random) {
        return Hmac.hex(method, productSecret, content(productKey, deviceName, random));
    }

    /** The dynamic-registration kind a clientId asks for ({@code authType=register|regnwl}), if any. */
    public static Optional<RegistrationMode> registrationMode(MqttClientId clientId) {
        return clientId.param("authType").flatMap(RegistrationMode::ofAuthType);
    }

    /** True if the clientId asks to connect with a device token ({@code authType=connwl}). */
    public static boolean isTokenConnect(MqttClientId clientId) {
        return clientId.param("authType").filter("connwl"::equalsIgnoreCase).isPresent();
    }

    /** Verifies a registration CONNECT's password with the product secret; never throws on malformed input. */
    public static MqttConnectVerifier.Verdict verify(MqttClientId clientId, DeviceIdentity identity, String password,
                                                     String productSecret) {
        if (clientId == null || identity == null || productSecret == null) {
            return MqttConnectVerifier.Verdict.BAD_SIGNATURE;
        }
        Optional<SignMethod> method = clientId.signMethod();
        if (method.isEmpty()) {
            return MqttConnectVerifier.Verdict.UNSUPPORTED_SIGN_METHOD;
        }
        Optional<String> random = clientId.param("random");
        if (random.isEmpty() || random.get().isEmpty()) {
            return MqttConnectVerifier.Verdict.BAD_SIGNATURE;
        }
        String expected = sign(method.get(), productSecret, identity.productKey(), identity.deviceName(),
                random.get());
        return Hmac.matches(expected, password) ? MqttConnectVerifier.Verdict.ACCEPTED
                : MqttConnectVerifier.Verdict.BAD_SIGNATURE;
    }

    /** What a device sends to register: clientId {@code {id}|securemode=2|-2,authType=...,random=r,signmethod=m|}. */
    public static DeviceSigner.MqttCredentials registrationCredentials(RegistrationMode mode, String productKey,
                                                                       String deviceName, String productSecret,
                                                                       SignMethod method, String id, String random) {
        String secureMode = mode == RegistrationMode.REGISTER ? "2" : "-2";
        String clientId = id + "|securemode=" + secureMode + ",authType=" + mode.authType() + ",random=" + random
                + ",signmethod=" + method.wireName() + "|";
        return new DeviceSigner.MqttCredentials(clientId, deviceName + "&" + productKey,
                sign(method, productSecret, productKey, deviceName, random));
    }

    /** What a device sends after a registration-free registration: the issued clientId and the token. */
    public static DeviceSigner.MqttCredentials tokenCredentials(String issuedClientId, String productKey,
                                                                String deviceName, String deviceToken) {
        return new DeviceSigner.MqttCredentials(issuedClientId + "|securemode=-2,authType=connwl|",
                deviceName + "&" + productKey, deviceToken);
    }
}
