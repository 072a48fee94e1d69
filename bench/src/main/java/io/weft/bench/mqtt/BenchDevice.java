package io.weft.bench.mqtt;

import io.weft.core.auth.DeviceSigner;
import io.weft.core.auth.SignMethod;
import io.weft.core.topic.DeviceTopic;
import io.weft.core.topic.TopicKind;

/** A bench device: its identity, its secret (null on a plain broker), and what it derives from them. */
public record BenchDevice(String productKey, String deviceName, String deviceSecret) {

    /** Device names {@code bench-0000}, {@code bench-0001}, ... (at least four digits). */
    public static String name(int index) {
        return String.format("bench-%04d", index);
    }

    /**
     * Alibaba-signed CONNECT credentials: clientId {@code pk.dn|securemode=3,signmethod=hmacsha256,timestamp=t|},
     * username {@code dn&pk}, password HMAC-SHA256 of the device secret.
     */
    public DeviceSigner.MqttCredentials credentials(long timestampMillis) {
        return DeviceSigner.mqttCredentials(productKey, deviceName, deviceSecret, SignMethod.HMACSHA256,
                productKey + "." + deviceName, Long.toString(timestampMillis));
    }

    /** The device's own topic on a plain MQTT broker: {@code bench/{pk}/{dn}/data}. */
    public String plainTopic() {
        return "bench/" + productKey + "/" + deviceName + "/data";
    }

    /** {@code /sys/{pk}/{dn}/thing/event/property/post} */
    public String propertyPostTopic() {
        return DeviceTopic.of(TopicKind.PROPERTY_POST, productKey, deviceName).format();
    }
}
