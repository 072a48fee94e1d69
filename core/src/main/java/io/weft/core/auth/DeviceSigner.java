package io.weft.core.auth;

import java.util.Map;
import java.util.TreeMap;

/**
 * Device signatures exactly as Alibaba's Link SDKs compute them for MQTT CONNECT: the password is the lowercase
 * hex HMAC, keyed with the device secret, of the key+value concatenation of {@code clientId}, {@code deviceName},
 * {@code productKey} and {@code timestamp}, sorted by key. {@code clientId} is the id part of the MQTT clientId;
 * {@code clientId} and {@code timestamp} enter the content only when the clientId carries them.
 */
public final class DeviceSigner {
    private DeviceSigner() {
    }

    /** The content string that is signed, e.g. {@code clientId12345deviceNamedeviceproductKeypktimestamp789}. */
    public static String content(String clientIdPart, String productKey, String deviceName, String timestamp) {
        Map<String, String> fields = new TreeMap<>();
        if (clientIdPart != null && !clientIdPart.isEmpty()) {
            fields.put("clientId", clientIdPart);
        }
        fields.put("deviceName", deviceName);
        fields.put("productKey", productKey);
        if (timestamp != null) {
            fields.put("timestamp", timestamp);
        }
        StringBuilder content = new StringBuilder();
        fields.forEach((k, v) -> content.append(k).append(v));
        return content.toString();
    }

    public static String sign(SignMethod method, String deviceSecret, String clientIdPart, String productKey,
                              String deviceName, String timestamp) {
        return Hmac.hex(method, deviceSecret, content(clientIdPart, productKey, deviceName, timestamp));
    }

    /**
     * The credentials a device sends: clientId {@code id|securemode=3,signmethod=m[,timestamp=t]|}, username
     * {@code deviceName&productKey}, and the signed password.
     */
    public static MqttCredentials mqttCredentials(String productKey, String deviceName, String deviceSecret,
                                                  SignMethod method, String id, String timestamp) {
        StringBuilder clientId = new StringBuilder(id).append("|securemode=3,signmethod=").append(method.wireName());
        if (timestamp != null) {
            clientId.append(",timestamp=").append(timestamp);
        }
        clientId.append('|');
        String password = sign(method, deviceSecret, id, productKey, deviceName, timestamp);
        return new MqttCredentials(clientId.toString(), deviceName + "&" + productKey, password);
    }

    /** What a device puts in its MQTT CONNECT. */
    public record MqttCredentials(String clientId, String username, String password) {
    }
}
